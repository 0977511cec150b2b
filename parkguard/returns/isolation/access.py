"""Isolation: who may act, and the cleaning of input, shared by the sites, stays and observations
services (with the fever threshold, the date of today and the field error they all use)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.health import clock
from parkguard.health.choices import FEVER_AT, TEMPERATURE_MAX, TEMPERATURE_MIN, Symptom

from ..models import (
    IsolationSite,
)

FEVER = Decimal(FEVER_AT)


def today() -> dt.date:
    return clock.today()


def field_error(field: str, message: Any, code: str, params: dict[str, Any] | None = None) -> ServiceError:
    return ServiceError({field: ValidationError(message, code=code, params=params)})


# --- who may act -----------------------------------------------------------------------------------


def may_manage(actor: Any, site: IsolationSite) -> bool:
    """Check-in, observations, extensions, release after the period: the site's officer or a role with
    MANAGE_ISOLATION, inside their scope."""
    if not getattr(actor, "is_authenticated", False) or not scope_of(actor).covers_path(site.node.path):
        return False
    return (
        actor.is_superuser or site.officer_id == actor.pk or actor.has_capability(Capability.MANAGE_ISOLATION)
    )


def may_release_early(actor: Any, site: IsolationSite) -> bool:
    return may_manage(actor, site) and actor.has_capability(Capability.RELEASE_EARLY)


def check_manage(actor: Any, site: IsolationSite) -> None:
    if not scope_of(actor).covers_path(site.node.path):
        raise ScopeError(_("This isolation site is outside your scope."), code="out_of_scope")
    if not may_manage(actor, site):
        raise ScopeError(_("Your role may not run this isolation site."), code="no_permission")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- input -----------------------------------------------------------------------------------------


def clean_temperature(raw: Any, field: str = "temperature") -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise field_error(
            field, _("Enter the temperature as a number, e.g. 36.5."), "temperature_format"
        ) from None
    if not value.is_finite() or not Decimal(TEMPERATURE_MIN) <= value <= Decimal(TEMPERATURE_MAX):
        raise field_error(
            field,
            _("A body temperature is between %(low)s and %(high)s °C; check the reading."),
            "temperature_range",
            {"low": TEMPERATURE_MIN, "high": TEMPERATURE_MAX},
        )
    return value.quantize(Decimal("0.1"))


def clean_symptoms(raw: Any) -> list[str]:
    values = [str(v).strip() for v in (raw or []) if str(v).strip()]
    unknown = [v for v in values if v not in Symptom.values]
    if unknown:
        raise field_error(
            "symptoms", _("Unknown symptoms: %(names)s."), "symptoms_unknown", {"names": ", ".join(unknown)}
        )
    return sorted(set(values), key=Symptom.values.index)


def clean_day(raw: Any, field: str = "date") -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise field_error(field, _("Enter a date as YYYY-MM-DD."), "date_format") from None


def _reason(raw: Any) -> str:
    return str(raw or "").strip()
