"""The business rules of an application's content: headcounts that agree, dates, what a submission needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkguard.core.errors import ServiceError

FIELDS = (
    "planned_date",
    "headcount_total",
    "headcount_local",
    "headcount_elsewhere",
    "headcount_risk_areas",
    "headcount_returned",
    "headcount_isolation",
    "prevention_group",
    "prevention_head",
    "temperature_checks",
    "disinfection_schedule",
    "canteen_arrangements",
    "dormitory_arrangements",
    "isolation_rooms",
    "emergency_plan",
    "masks_days",
    "thermometers_days",
    "disinfectant_days",
    "green_channel",
    "green_channel_reason",
)


def field_error(field: str, message: Any, code: str) -> ServiceError:
    return ServiceError({field: ValidationError(message, code=code)})


def _raise(errors: dict[str, Any], code: str) -> None:
    if errors:
        raise ServiceError({k: ValidationError(v, code=code) for k, v in errors.items()})


HEADCOUNTS = (
    "headcount_total",
    "headcount_local",
    "headcount_elsewhere",
    "headcount_risk_areas",
    "headcount_returned",
    "headcount_isolation",
)


def _headcount_errors(v: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if any(int(v.get(k) or 0) < 0 for k in HEADCOUNTS):
        errors["headcount_total"] = _("Headcounts cannot be negative.")
        return errors
    total = int(v.get("headcount_total") or 0)
    if int(v.get("headcount_local") or 0) + int(v.get("headcount_elsewhere") or 0) != total:
        errors["headcount_local"] = _(
            "Local employees and employees from elsewhere must add up to the total."
        )
    if int(v.get("headcount_risk_areas") or 0) > int(v.get("headcount_elsewhere") or 0):
        errors["headcount_risk_areas"] = _(
            "Employees from risk areas are among those from elsewhere: there cannot be more of them."
        )
    if int(v.get("headcount_returned") or 0) > total:
        errors["headcount_returned"] = _("More employees returned than the enterprise has.")
    if int(v.get("headcount_isolation") or 0) > total:
        errors["headcount_isolation"] = _("More employees in isolation than the enterprise has.")
    return errors


def check_fields(values: dict[str, Any], *, today: dt.date) -> None:
    """Refuse contradicting headcounts, a planned date in the past, a green channel without reason."""
    errors = _headcount_errors(values)
    planned = values.get("planned_date")
    if planned is None:
        errors["planned_date"] = _("Give the planned resumption date.")
    elif planned < today:
        errors["planned_date"] = _("The planned resumption date cannot be in the past.")
    if values.get("green_channel") and not str(values.get("green_channel_reason") or "").strip():
        errors["green_channel_reason"] = _("Say why the green channel applies (epidemic-related production).")
    if values.get("prevention_group") and not str(values.get("prevention_head") or "").strip():
        errors["prevention_head"] = _("Name the head of the prevention group.")
    _raise(errors, "invalid")


def check_ready(application: Any, *, today: dt.date) -> None:
    """A submission needs a prevention group, the plan document and the signed commitment letter."""
    check_fields({k: getattr(application, k) for k in FIELDS}, today=today)
    errors: dict[str, Any] = {}
    if int(application.headcount_total) <= 0:
        errors["headcount_total"] = _("Give the number of employees.")
    if not application.prevention_group:
        errors["prevention_group"] = _("Set up a prevention group before applying.")
    if not application.plan_document:
        errors["plan_document"] = _("Upload the prevention plan.")
    if not application.commitment_letter:
        errors["commitment_letter"] = _("Upload the signed commitment letter.")
    _raise(errors, "incomplete")
