"""Risk areas of a park: add, end, import (all rows or none); each change re-evaluates the park."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.hierarchy.models import Node

from .. import clock, workflow
from ..choices import RiskLevel
from ..divisions import validate_division
from ..models import RiskArea
from .common import _date, _user, reevaluation_start


def clean_risk_area(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    try:
        division = validate_division(str(data.get("division_code", "")))
        cleaned["division_code"], cleaned["name"] = division.code, division.full_name
    except ValidationError as error:
        errors["division_code"] = error.error_list
    level = data.get("level")
    if level not in RiskLevel.values:
        errors["level"] = [ValidationError(_("Choose the risk level: medium or high."), code="level")]
    cleaned["level"] = level
    for name in ("valid_from", "valid_to"):
        raw = data.get(name)
        if raw in (None, "") and name == "valid_to":
            cleaned[name] = None
            continue
        try:
            cleaned[name] = _date(raw)
        except ValidationError as error:
            errors[name] = error.error_list
    if not errors and cleaned["valid_to"] and cleaned["valid_to"] < cleaned["valid_from"]:
        errors["valid_to"] = [
            ValidationError(_("A risk area ends on or after its first day."), code="area_order")
        ]
    if errors:
        raise ServiceError(errors)
    return cleaned


@transaction.atomic
def risk_area_create(*, actor: Any, park: Node, data: dict[str, Any]) -> RiskArea:
    workflow.check_can_manage_rules(actor, park)
    area = RiskArea.objects.create(park=park, created_by=_user(actor), **clean_risk_area(data))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=area, node=park)
    reevaluation_start(
        park=park, actor=actor, cause=gettext("Risk area added: %(name)s") % {"name": area.name}
    )
    return area


@transaction.atomic
def risk_area_end(*, actor: Any, area: RiskArea, day: dt.date | None = None) -> RiskArea:
    """End a risk area (the last day it counts; today when not given)."""
    workflow.check_can_manage_rules(actor, area.park)
    area = RiskArea.objects.select_for_update().get(pk=area.pk)
    day = day or clock.today()
    if area.valid_to is not None and area.valid_to <= day:
        raise ServiceError(_("This risk area has already ended."), code="already_ended")
    if day < area.valid_from:
        raise ServiceError(_("A risk area ends on or after its first day."), code="area_order")
    before = area.valid_to
    area.valid_to = day
    area.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=area,
        node=area.park,
        changes={"valid_to": [str(before) if before else None, str(day)]},
    )
    reevaluation_start(
        park=area.park, actor=actor, cause=gettext("Risk area ended: %(name)s") % {"name": area.name}
    )
    return area


@transaction.atomic
def risk_areas_import(*, actor: Any, park: Node, rows: list[dict[str, Any]]) -> list[RiskArea]:
    """Create every row or none: the errors of all rows are raised together, each with its row number."""
    workflow.check_can_manage_rules(actor, park)
    cleaned, problems = [], []
    for number, row in rows:
        try:
            cleaned.append(clean_risk_area(row))
        except ValidationError as error:
            for message in error.messages:
                problems.append(
                    ValidationError(
                        _("Row %(row)d: %(message)s"),
                        code="import_row",
                        params={"row": number, "message": message},
                    )
                )
    if problems:
        raise ServiceError(problems)
    if not cleaned:
        raise ServiceError(_("The file holds no risk area."), code="import_empty")
    # One save per row (not bulk_create) so that simple-history records each; a list is hundreds at most.
    areas = [RiskArea.objects.create(park=park, created_by=_user(actor), **values) for values in cleaned]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=park,
        node=park,
        label=gettext("%(count)d risk areas imported") % {"count": len(areas)},
        changes={"risk_areas": [None, len(areas)]},
    )
    reevaluation_start(
        park=park, actor=actor, cause=gettext("%(count)d risk areas imported") % {"count": len(areas)}
    )
    return areas
