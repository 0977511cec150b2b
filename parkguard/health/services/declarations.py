"""Declaring: today's answers of one's own person, checked; a second one the same day replaces the first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .. import clock
from ..choices import TEMPERATURE_MAX, TEMPERATURE_MIN, Symptom
from ..divisions import validate_division
from ..models import Declaration, Travel
from ..status import refresh_status
from .common import _date, _node_of

RESIDENCE_KINDS = frozenset({NodeKind.BUILDING, NodeKind.COMPOUND})
# How far back a travel may start: the rules look at 14 days, a month leaves room for corrections.
TRAVEL_DAYS_BACK = 60


def _temperature(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("Enter your temperature as a number, e.g. 36.5."), code="temperature_format"
        ) from None
    if not value.is_finite() or not Decimal(TEMPERATURE_MIN) <= value <= Decimal(TEMPERATURE_MAX):
        raise ValidationError(
            _("A body temperature is between %(low)s and %(high)s °C; check the reading."),
            code="temperature_range",
            params={"low": TEMPERATURE_MIN, "high": TEMPERATURE_MAX},
        )
    return value.quantize(Decimal("0.1"))


def _symptoms(raw: Any) -> list[str]:
    values = [str(v) for v in (raw or [])]
    unknown = [v for v in values if v not in Symptom.values]
    if unknown:
        raise ValidationError(
            _("Unknown symptoms: %(names)s."), code="symptoms_unknown", params={"names": ", ".join(unknown)}
        )
    return sorted(set(values), key=Symptom.values.index)


def _travel(raw: dict[str, Any], today: dt.date) -> tuple[str, dt.date, dt.date]:
    division = validate_division(str(raw.get("division_code", "")))
    start, end = _date(raw.get("date_from")), _date(raw.get("date_to"))
    if start > end:
        raise ValidationError(_("The first day of a travel comes before its last day."), code="travel_order")
    if end > today:
        raise ValidationError(
            _("A travel cannot end in the future: declare the places you have already been."),
            code="travel_future",
        )
    if start < today - dt.timedelta(days=TRAVEL_DAYS_BACK):
        raise ValidationError(
            _("Declare travel of the last %(days)d days only."),
            code="travel_too_old",
            params={"days": TRAVEL_DAYS_BACK},
        )
    return division.code, start, end


def _residence(raw: Any) -> Node | None:
    if raw in (None, ""):
        return None
    node = raw if isinstance(raw, Node) else Node.objects.filter(pk=raw).first()
    if node is None or node.kind not in RESIDENCE_KINDS:
        raise ValidationError(_("Choose your residence: a compound or a building."), code="residence_kind")
    return node


def clean_declaration(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Every answer checked; all errors at once, keyed by field (``travels`` errors say which row)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    checks = {
        "temperature": lambda: _temperature(data.get("temperature")),
        "symptoms": lambda: _symptoms(data.get("symptoms")),
        "residence": lambda: _residence(data.get("residence")),
    }
    for name, check in checks.items():
        try:
            cleaned[name] = check()
        except ValidationError as error:
            errors[name] = error.error_list
    cleaned["contact"] = bool(data.get("contact"))
    cleaned["under_observation"] = bool(data.get("under_observation"))
    travels = []
    for number, row in enumerate(data.get("travels") or [], start=1):
        try:
            travels.append(_travel(row, today))
        except ValidationError as error:
            for message in error.messages:
                errors.setdefault("travels", []).append(
                    ValidationError(
                        _("Travel %(row)d: %(message)s"),
                        code=error.error_list[0].code,
                        params={"row": number, "message": message},
                    )
                )
    cleaned["travels"] = travels
    if errors:
        raise ServiceError(errors)
    return cleaned


def own_person(actor: Any) -> Person:
    person = Person.objects.filter(user=actor).select_related("residence", "employer").first()
    if person is None:
        raise ServiceError(
            _("Your login is not linked to a person record; ask your grid official."), code="no_person"
        )
    return person


_TRACKED = ("temperature", "symptoms", "contact", "under_observation", "residence_id")


def _snapshot(declaration: Declaration) -> dict[str, Any]:
    data = {name: getattr(declaration, name) for name in _TRACKED}
    data["temperature"] = str(data["temperature"])
    data["travels"] = [
        f"{t.division_code} {t.date_from}/{t.date_to}"
        for t in declaration.travels.order_by("date_from", "id")
    ]
    return data


@transaction.atomic
def declaration_submit(*, actor: Any, data: dict[str, Any]) -> Declaration:
    """Today's declaration of the actor's own person; on the same day a second one replaces the first."""
    person = own_person(actor)
    today = clock.today()
    cleaned = clean_declaration(data, today)
    travels = cleaned.pop("travels")
    declaration = Declaration.objects.select_for_update().filter(person=person, date=today).first()
    if declaration is None:
        try:
            with transaction.atomic():
                declaration = Declaration.objects.create(
                    person=person, date=today, declared_by=actor, **cleaned
                )
        except IntegrityError:  # a second tap of "submit" a moment ago: correct that one
            declaration = Declaration.objects.select_for_update().get(person=person, date=today)
        else:
            _save_travels(declaration, travels)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=declaration, node=_node_of(person))
            refresh_status(person)
            return declaration
    before = _snapshot(declaration)
    for name, value in cleaned.items():
        setattr(declaration, name, value)
    declaration.declared_by = actor
    declaration.corrections += 1
    declaration.save()
    declaration.travels.all().delete()
    _save_travels(declaration, travels)
    after = _snapshot(declaration)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=declaration, node=_node_of(person), changes=changes
    )
    refresh_status(person)
    return declaration


def _save_travels(declaration: Declaration, travels: list[tuple[str, dt.date, dt.date]]) -> None:
    Travel.objects.bulk_create(
        Travel(declaration=declaration, division_code=code, date_from=start, date_to=end)
        for code, start, end in travels
    )
