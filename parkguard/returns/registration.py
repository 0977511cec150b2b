"""Registering returnees (返岗人员登记): an enterprise says who comes back, from where, with which certificate.

The registration itself checks its input (dates, codes, the roster, the scan); whether the return may
be planned is origin control's answer (``origin.py``), shown beside the registration and applied when
the command plans. Every error names its field, in Chinese first and English on request.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import ServiceError
from parkguard.enterprises.models import Employment
from parkguard.hierarchy.models import Node
from parkguard.lib.codes import validate_division_code
from parkguard.people.models import Person
from parkguard.people.services import person_create
from parkguard.resumption.uploads import clean_upload

from .choices import PlanState
from .models import IsolationStay, PlanEntry, Returnee, ReturnTravel
from .services import ENTERPRISE_KINDS, REGISTRARS, check_role, check_scope, today

FIELDS = (
    "department",
    "post",
    "household_registration",
    "residence_address",
    "origin_code",
    "certificate_number",
    "certificate_issuer",
    "certificate_date",
    "transport",
    "transport_number",
    "arrival_date",
    "earliest_arrival",
    "latest_arrival",
    "risk_area_stay",
    "risk_contact",
    "risk_notes",
    "symptoms",
    "family_members",
    "key_position",
    "home_observation_until",
)
TEXT_FIELDS = frozenset(FIELDS[:4]) | {"certificate_number", "certificate_issuer", "transport", "risk_notes"}
LIST_FIELDS = ("symptoms", "family_members")


def _field_error(name: str, message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _clean_code(value: Any) -> str:
    code = validate_division_code(str(value or ""))
    if len(code) != 6:
        raise ValidationError(_("Enter the six-digit division code (GB/T 2260)."), code="division_code")
    return code


def _clean_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [str(v).strip()[:120] for v in value if str(v).strip()][:20]


def clean_fields(values: dict[str, Any], *, on: dt.date) -> dict[str, Any]:
    """The registration's values, checked together; every error at once, by field."""
    errors: dict[str, list[ValidationError]] = {}
    clean = dict(values)

    def fail(name: str, message: Any, code: str) -> None:
        errors.setdefault(name, []).append(_field_error(name, message, code))

    for name in TEXT_FIELDS & set(values):
        clean[name] = str(values[name] or "").strip()
    for name in LIST_FIELDS:
        if name in values:
            clean[name] = _clean_list(values[name])
    try:
        clean["origin_code"] = _clean_code(values.get("origin_code"))
    except ValidationError as exc:
        errors.setdefault("origin_code", []).extend(exc.error_list)
    certificate_date = values.get("certificate_date")
    if certificate_date and certificate_date > on:
        fail("certificate_date", _("The certificate date cannot be in the future."), "future_date")
    earliest, latest = values.get("earliest_arrival"), values.get("latest_arrival")
    if earliest and latest and earliest > latest:
        fail(
            "latest_arrival",
            _("The latest usable arrival is before the earliest: the window is reversed."),
            "window_reversed",
        )
    if errors:
        raise ServiceError(errors)
    return clean


def clean_travels(travels: list[dict[str, Any]], *, on: dt.date) -> list[dict[str, Any]]:
    """The travel legs: a division code and two dates each, none in the future, none reversed."""
    errors: list[ValidationError] = []
    out = []
    for number, leg in enumerate(travels, start=1):
        try:
            code = _clean_code(leg.get("division_code"))
        except ValidationError:
            errors.append(
                ValidationError(
                    _("Travel %(n)s: enter the six-digit division code of the place."),
                    code="division_code",
                    params={"n": number},
                )
            )
            continue
        start, end = leg.get("date_from"), leg.get("date_to") or leg.get("date_from")
        if not isinstance(start, dt.date) or not isinstance(end, dt.date):
            errors.append(
                ValidationError(
                    _("Travel %(n)s: enter the dates."), code="travel_dates", params={"n": number}
                )
            )
        elif start > end:
            errors.append(
                ValidationError(
                    _("Travel %(n)s: the last day is before the first."),
                    code="travel_reversed",
                    params={"n": number},
                )
            )
        elif end > on:
            errors.append(
                ValidationError(
                    _("Travel %(n)s: a travel date cannot be in the future."),
                    code="travel_future",
                    params={"n": number},
                )
            )
        else:
            out.append({"division_code": code, "date_from": start, "date_to": end})
    if errors:
        raise ServiceError({"travels": errors})
    return out


def on_roster(person: Person, enterprise: Node) -> bool:
    return (
        person.employer_id == enterprise.pk
        or Employment.objects.current().filter(person=person, enterprise__node=enterprise).exists()
    )


def open_registration(person: Person, *, exclude: int | None = None) -> Returnee | None:
    """The person's registration still on its way back (not yet placed in isolation or past it)."""
    found = Returnee.objects.filter(person=person).exclude(pk=exclude).order_by("-id")
    for returnee in found[:5]:
        if not returnee.rides.filter(run__status="arrived").exists():
            return returnee
    return None


def placed_elsewhere(returnee: Returnee, *, plan_id: int | None = None) -> PlanEntry | None:
    """A placed entry of this returnee in another draft or approved plan."""
    entries = PlanEntry.objects.filter(
        returnee=returnee, arrival_date__isnull=False, plan__state__in=(PlanState.DRAFT, PlanState.APPROVED)
    )
    if plan_id is not None:
        entries = entries.exclude(plan_id=plan_id)
    return entries.select_related("plan").first()


def _check_enterprise(actor: Any, enterprise: Node) -> None:
    if not isinstance(enterprise, Node) or enterprise.kind not in ENTERPRISE_KINDS:
        raise ServiceError(
            {"enterprise": [ValidationError(_("Choose an enterprise."), code="enterprise_kind")]}
        )
    check_scope(actor, enterprise, _("This enterprise is outside your scope."))
    check_role(actor, REGISTRARS)


def _person(actor: Any, enterprise: Node, person: Person | None, new_person: dict[str, Any] | None) -> Person:
    if person is not None:
        if not on_roster(person, enterprise):
            raise ServiceError(
                {
                    "person": [
                        ValidationError(
                            _("This person is not on the enterprise's roster."), code="not_on_roster"
                        )
                    ]
                }
            )
        return person
    if not new_person:
        raise ServiceError(
            {
                "person": [
                    ValidationError(_("Choose a person of the roster or enter a new one."), code="no_person")
                ]
            }
        )
    return person_create(
        actor=actor,
        name=new_person.get("name", ""),
        id_number=new_person.get("id_number", ""),
        phone=new_person.get("phone", ""),
        employer=enterprise,
        origin_code=new_person.get("origin_code", ""),
    ).person


def _store_scan(returnee: Returnee, scan: IO[bytes] | None) -> None:
    if scan is None:
        return
    try:
        cleaned = clean_upload(scan)
    except ServiceError as exc:
        raise ServiceError({"certificate_scan": exc.error_list}) from exc
    returnee.certificate_scan.save(cleaned.name, cleaned, save=False)


def _save_travels(returnee: Returnee, legs: list[dict[str, Any]]) -> None:
    returnee.travels.all().delete()
    ReturnTravel.objects.bulk_create(ReturnTravel(returnee=returnee, **leg) for leg in legs)


@transaction.atomic
def returnee_register(
    *,
    actor: Any,
    enterprise: Node,
    fields: dict[str, Any],
    person: Person | None = None,
    new_person: dict[str, Any] | None = None,
    travels: list[dict[str, Any]] | None = None,
    certificate_scan: IO[bytes] | None = None,
) -> Returnee:
    """Register a returnee of ``enterprise``: a person of its roster, or a new person put on it."""
    _check_enterprise(actor, enterprise)
    on = today()
    values = clean_fields({k: fields[k] for k in FIELDS if k in fields}, on=on)
    legs = clean_travels(travels or [], on=on)
    who = _person(actor, enterprise, person, new_person)
    previous = open_registration(who)
    if previous is not None:
        raise ServiceError(
            {
                "person": [
                    ValidationError(
                        _("%(name)s is already registered to return (registration %(number)s)."),
                        code="already_registered",
                        params={"name": who.name, "number": previous.pk},
                    )
                ]
            }
        )
    if IsolationStay.objects.filter(person=who, released_on__isnull=True).exists():
        raise ServiceError(
            {
                "person": [
                    ValidationError(
                        _("%(name)s is under isolation observation now."),
                        code="in_isolation",
                        params={"name": who.name},
                    )
                ]
            }
        )
    returnee = Returnee(person=who, enterprise=enterprise, created_by=actor, **values)
    _store_scan(returnee, certificate_scan)
    returnee.save()
    _save_travels(returnee, legs)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=returnee,
        node=enterprise,
        changes=diff({}, snapshot(returnee, ("origin_code", "certificate_number", "key_position"))),
    )
    return returnee


@transaction.atomic
def returnee_update(
    *,
    actor: Any,
    returnee: Returnee,
    fields: dict[str, Any],
    travels: list[dict[str, Any]] | None = None,
    certificate_scan: IO[bytes] | None = None,
) -> Returnee:
    """Change a registration; refused once the returnee has a place in an approved plan."""
    current = Returnee.objects.select_for_update().select_related("enterprise").get(pk=returnee.pk)
    _check_enterprise(actor, current.enterprise)
    if current.plan_entries.filter(plan__state=PlanState.APPROVED, arrival_date__isnull=False).exists():
        raise ServiceError(
            _("This returnee has a place in an approved plan: the registration can no longer be changed."),
            code="in_approved_plan",
        )
    on = today()
    merged = {k: getattr(current, k) for k in FIELDS} | {k: fields[k] for k in FIELDS if k in fields}
    values = clean_fields(merged, on=on)
    legs = clean_travels(travels, on=on) if travels is not None else None
    before = snapshot(current, FIELDS)
    for key, value in values.items():
        setattr(current, key, value)
    _store_scan(current, certificate_scan)
    current.save()
    if legs is not None:
        _save_travels(current, legs)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.enterprise,
        changes=diff(before, snapshot(current, FIELDS)),
    )
    return current
