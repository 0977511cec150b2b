"""Writes of central isolation observation (集中隔离观察, issue #7): check-in, observations, extension,
release, alerts, and the overdue follow-up.

Every service is one transaction with its audit event; bad input is a ``ServiceError`` with a message
in zh-hans (English on request) and nothing is written. A check-in locks the site's row, then counts
the open stays of the room and of the site, so two check-ins at the same moment cannot overfill a room
(the second waits for the first and then sees its stay); a person has at most one open stay (unique
constraint, also when two sites check them in at once). Check-in and release re-evaluate the person's
colour (the health rules read the stays: ``health.status.isolations_of``), and so their pass.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Capability, Role
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.health import clock
from parkguard.health.choices import FEVER_AT, TEMPERATURE_MAX, TEMPERATURE_MIN, Symptom
from parkguard.health.status import refresh_status
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send

from .choices import RunStatus
from .models import (
    AlertKind,
    IsolationAlert,
    IsolationSite,
    IsolationStay,
    Observation,
    Returnee,
    Room,
    Slot,
    StayExtension,
    TestResult,
)

FEVER = Decimal(FEVER_AT)
MAX_EXTENSION_DAYS = 28
# When a slot's observation is due (local time); after that it is overdue and flagged to the officer.
SLOT_DUE: dict[str, dt.time] = {Slot.MORNING: dt.time(10, 0), Slot.EVENING: dt.time(20, 0)}
NOTICE_KIND = NoticeKind.ISOLATION


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


# --- sites and rooms -------------------------------------------------------------------------------

MAX_SITE_BEDS = 10_000
MAX_ROOM_BEDS = 20


def check_command(actor: Any, node: Any) -> None:
    """Setting up a site or its rooms: the command or the medical team (MANAGE_ISOLATION), in scope."""
    if not scope_of(actor).covers_path(node.path):
        raise ScopeError(_("This isolation site is outside your scope."), code="out_of_scope")
    if not (actor.is_superuser or actor.has_capability(Capability.MANAGE_ISOLATION)):
        raise ScopeError(_("Your role may not set up isolation sites."), code="no_permission")


def _whole(raw: Any, field: str, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise field_error(
            field,
            _("Enter a whole number from %(low)s to %(high)s."),
            "number_range",
            {"low": low, "high": high},
        )
    return value


def _occupied_now(**where: Any) -> int:
    return IsolationStay.objects.filter(released_on__isnull=True, **where).count()


@transaction.atomic
def site_setup(*, actor: Any, node: Any, capacity: Any, observation_days: Any = 14) -> IsolationSite:
    """Make a hierarchy node of kind "isolation site" an isolation site with its beds and period."""
    from parkguard.hierarchy.choices import NodeKind

    check_command(actor, node)
    if node.kind != NodeKind.ISOLATION_SITE:
        raise field_error("node", _("Choose a node of the kind “isolation site”."), "not_isolation_site")
    values = {
        "capacity": _whole(capacity, "capacity", 1, MAX_SITE_BEDS),
        "observation_days": _whole(observation_days, "observation_days", 1, 60),
    }
    if IsolationSite.objects.filter(node=node).exists():
        raise field_error("node", _("%(name)s is set up already."), "site_exists", {"name": node.name})
    try:
        with transaction.atomic():
            site = IsolationSite.objects.create(node=node, **values)
    except IntegrityError:
        raise field_error(
            "node", _("%(name)s is set up already."), "site_exists", {"name": node.name}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=site,
        node=node,
        changes={k: [None, v] for k, v in values.items()},
    )
    return site


_KEEP = object()


@transaction.atomic
def site_update(
    *, actor: Any, site: IsolationSite, capacity: Any, observation_days: Any, officer: Any = _KEEP
) -> IsolationSite:
    """Change a site's beds (never below the people in it now), its period (for check-ins from now) and
    its officer (who must reach the site through a role; ``None`` for none)."""
    current = IsolationSite.objects.select_for_update().select_related("node").get(pk=site.pk)
    check_command(actor, current.node)
    values: dict[str, Any] = {
        "capacity": _whole(capacity, "capacity", 1, MAX_SITE_BEDS),
        "observation_days": _whole(observation_days, "observation_days", 1, 60),
    }
    if officer is not _KEEP:
        if officer is not None and not (
            officer.is_active and scope_of(officer).covers_path(current.node.path)
        ):
            raise field_error(
                "officer",
                _("%(name)s has no role that reaches this site: give them one first."),
                "officer_out_of_scope",
                {"name": str(officer)},
            )
        values["officer"] = officer
    occupied = _occupied_now(site=current)
    if values["capacity"] < occupied:
        raise field_error(
            "capacity",
            _("%(count)s people are in isolation here now: the site cannot have fewer beds."),
            "below_occupancy",
            {"count": occupied},
        )
    before = {k: getattr(current, k) for k in values}
    for key, value in values.items():
        setattr(current, key, value)
    current.save(update_fields=list(values))
    changes = {
        k: [getattr(before[k], "pk", before[k]), getattr(values[k], "pk", values[k])]
        for k in values
        if before[k] != values[k]
    }
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, node=current.node, changes=changes)
    return current


@transaction.atomic
def room_save(*, actor: Any, site: IsolationSite, number: str, beds: Any) -> Room:
    """Add a room to a site, or change the beds of the room of that number (never below its occupants)."""
    current = IsolationSite.objects.select_for_update().select_related("node").get(pk=site.pk)
    check_command(actor, current.node)
    number = str(number or "").strip()
    if not number or len(number) > 20:
        raise field_error("number", _("Give the room number (up to 20 characters)."), "room_number")
    beds = _whole(beds, "beds", 1, MAX_ROOM_BEDS)
    room = Room.objects.filter(site=current, number=number).first()
    if room is None:
        room = Room.objects.create(site=current, number=number, beds=beds)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=room,
            node=current.node,
            changes={"beds": [None, beds]},
        )
        return room
    occupied = _occupied_now(room=room)
    if beds < occupied:
        raise field_error(
            "beds",
            _("%(count)s people are in room %(room)s now: it cannot have fewer beds."),
            "below_occupancy",
            {"count": occupied, "room": number},
        )
    before = room.beds
    room.beds = beds
    room.save(update_fields=["beds"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=room, node=current.node, changes={"beds": [before, beds]}
    )
    return room


# --- check-in --------------------------------------------------------------------------------------


def _open_stay(person: Any) -> IsolationStay | None:
    return (
        IsolationStay.objects.filter(person=person, released_on__isnull=True)
        .select_related("site__node")
        .first()
    )


def _already_in_isolation(stay: IsolationStay) -> ServiceError:
    return ServiceError(
        _("%(name)s is already in isolation at %(site)s since %(date)s."),
        code="already_in_isolation",
        params={
            "name": stay.person.name,
            "site": stay.site.node.name,
            "date": stay.check_in_date.isoformat(),
        },
    )


@transaction.atomic
def stay_check_in(
    *,
    actor: Any,
    site: IsolationSite,
    room: Room | None,
    person: Any = None,
    returnee: Returnee | None = None,
    on: dt.date | None = None,
) -> IsolationStay:
    """Check a person (or a returnee, and so their person) in at ``site`` in ``room``.

    Refused: a room of another site or over its beds, a site over its beds, someone already in
    isolation (here or elsewhere), a check-in date in the future.
    """
    check_manage(actor, site)
    if returnee is not None:
        if person is not None and person.pk != returnee.person_id:
            raise ServiceError(_("The returnee is another person."), code="returnee_mismatch")
        person = returnee.person
    if person is None:
        raise field_error("person", _("Choose the person to check in."), "no_person")
    if returnee is None:
        returnee = Returnee.objects.filter(person=person).order_by("-id").first()
    if room is None:
        raise field_error("room", _("Choose a room."), "no_room")
    if room.site_id != site.pk:
        raise field_error(
            "room",
            _("Room %(room)s is not at %(site)s."),
            "room_elsewhere",
            {"room": room.number, "site": site.node.name},
        )
    day = on or today()
    if day > today():
        raise field_error("on", _("A check-in cannot be dated in the future."), "check_in_future")
    # The site's row is the lock: check-ins at one site run one after the other.
    locked = IsolationSite.objects.select_for_update().get(pk=site.pk)
    current = _open_stay(person)
    if current is not None:
        raise _already_in_isolation(current)
    in_room = IsolationStay.objects.filter(room=room, released_on__isnull=True).count()
    if in_room >= room.beds:
        raise field_error(
            "room",
            _("Room %(room)s is full: its %(beds)s beds are taken."),
            "room_full",
            {"room": room.number, "beds": room.beds},
        )
    at_site = IsolationStay.objects.filter(site=locked, released_on__isnull=True).count()
    if at_site >= locked.capacity:
        raise ServiceError(
            _("%(site)s is full: its %(beds)s beds are taken."),
            code="site_full",
            params={"site": site.node.name, "beds": locked.capacity},
        )
    stay = IsolationStay(
        site=locked,
        room=room,
        person=person,
        returnee=returnee,
        check_in_date=day,
        planned_release=day + dt.timedelta(days=locked.observation_days),
        checked_in_by=_user(actor),
        checked_in_at=clock.now(),
    )
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError:
        current = _open_stay(person)
        if current is None:
            raise
        raise _already_in_isolation(current) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=stay,
        node=site.node,
        changes={"room": [None, room.number], "planned_release": [None, stay.planned_release.isoformat()]},
    )
    refresh_status(person)
    return stay


def free_room(site: IsolationSite) -> Room | None:
    """The first room of the site with a free bed (call inside the check-in's transaction)."""
    taken: dict[int, int] = {}
    for room_id in IsolationStay.objects.filter(site=site, released_on__isnull=True).values_list(
        "room_id", flat=True
    ):
        taken[room_id] = taken.get(room_id, 0) + 1
    for room in site.rooms.order_by("number"):
        if taken.get(room.pk, 0) < room.beds:
            return room
    return None


def waiting_passengers(run: Any, *, site: IsolationSite | None = None) -> list[Any]:
    """The arrived passengers of ``run`` (for ``site``, if given) not checked in anywhere yet."""
    from .selectors import arrived_passengers

    passengers = arrived_passengers(run).filter(returnee__stays__isnull=True)
    if site is not None:
        passengers = passengers.filter(entry__site=site)
    return list(passengers.order_by("id"))


@transaction.atomic
def run_check_in(
    *, actor: Any, run: Any, site: IsolationSite | None = None, on: dt.date | None = None
) -> list[IsolationStay]:
    """Check in, all or none, the passengers of an arrived point-to-point run at the sites of their
    plan entries (only ``site``'s, if given), each in the first room of the site with a free bed."""
    if run.status != RunStatus.ARRIVED:
        raise ServiceError(_("This bus has not arrived: nobody to check in yet."), code="run_not_arrived")
    passengers = waiting_passengers(run, site=site)
    if not passengers:
        raise ServiceError(_("Everyone on this bus is checked in already."), code="nobody_waiting")
    stays = []
    for passenger in passengers:
        target = passenger.entry.site
        check_manage(actor, target)
        IsolationSite.objects.select_for_update().get(pk=target.pk)
        room = free_room(target)
        if room is None:
            raise ServiceError(
                _("%(site)s has no free bed left for %(name)s."),
                code="site_full",
                params={"site": target.node.name, "name": passenger.returnee.person.name},
            )
        stays.append(stay_check_in(actor=actor, site=target, room=room, returnee=passenger.returnee, on=on))
    return stays


# --- extension and release -------------------------------------------------------------------------


def _locked_stay(stay: IsolationStay) -> IsolationStay:
    return (
        IsolationStay.objects.select_for_update(of=("self",))
        .select_related("site__node", "person", "room")
        .get(pk=stay.pk)
    )


def _released_error(stay: IsolationStay) -> ServiceError:
    return ServiceError(
        _("%(name)s was released on %(date)s."),
        code="released",
        params={"name": stay.person.name, "date": stay.released_on.isoformat() if stay.released_on else ""},
    )


@transaction.atomic
def stay_extend(*, actor: Any, stay: IsolationStay, days: Any, reason: str) -> IsolationStay:
    """Push the planned release back by ``days`` (1–28), with a reason."""
    current = _locked_stay(stay)
    check_manage(actor, current.site)
    if not current.is_open:
        raise _released_error(current)
    try:
        days = int(str(days).strip())
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise field_error(
            "days",
            _("Extend by 1 to %(max)s days."),
            "extension_days",
            {"max": MAX_EXTENSION_DAYS},
        )
    reason = _reason(reason)
    if not reason:
        raise field_error("reason", _("Say why the observation is extended."), "reason_required")
    before = current.planned_release
    current.planned_release = before + dt.timedelta(days=days)
    current.save(update_fields=["planned_release"])
    StayExtension.objects.create(
        stay=current,
        previous_release=before,
        new_release=current.planned_release,
        reason=reason,
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.site.node,
        changes={
            "planned_release": [before.isoformat(), current.planned_release.isoformat()],
            "reason": [None, reason],
        },
    )
    return current


def certificate_number_for(stay: IsolationStay) -> str:
    return f"JC{stay.released_on:%Y%m%d}-{stay.pk:06d}-{secrets.token_hex(2).upper()}"


@transaction.atomic
def stay_release(
    *, actor: Any, stay: IsolationStay, reason: str = "", on: dt.date | None = None
) -> IsolationStay:
    """Release after the observation period; earlier only by an authorised role, with a reason."""
    current = _locked_stay(stay)
    check_manage(actor, current.site)
    if not current.is_open:
        raise _released_error(current)
    day = on or today()
    if day > today():
        raise field_error("on", _("A release cannot be dated in the future."), "release_future")
    if day < current.check_in_date:
        raise field_error("on", _("A release cannot come before the check-in."), "release_before_check_in")
    reason = _reason(reason)
    early = day < current.planned_release
    if early:
        if not may_release_early(actor, current.site):
            raise ScopeError(
                _(
                    "The observation period ends on %(date)s: only the command or the medical team may "
                    "release earlier."
                ),
                code="early_not_authorised",
                params={"date": current.planned_release.isoformat()},
            )
        if not reason:
            raise field_error(
                "reason",
                _("The observation period ends on %(date)s: give the reason for releasing earlier."),
                "early_reason_required",
                {"date": current.planned_release.isoformat()},
            )
    latest = current.observations.order_by("-date", "-slot").first()
    if latest is not None and (latest.temperature >= FEVER or latest.test_result == TestResult.POSITIVE):
        raise ServiceError(
            _("The latest observation (%(date)s) shows a fever or a positive test: no release now."),
            code="release_unwell",
            params={"date": latest.date.isoformat()},
        )
    current.released_on = day
    current.released_at = timezone.now()
    current.released_by = _user(actor)
    current.early_release_reason = reason if early else ""
    current.certificate_number = certificate_number_for(current)
    current.save(
        update_fields=[
            "released_on",
            "released_at",
            "released_by",
            "early_release_reason",
            "certificate_number",
        ]
    )
    IsolationAlert.objects.filter(stay=current, resolved_at__isnull=True, kind=AlertKind.OVERDUE).update(
        resolved_at=timezone.now(), resolved_by=_user(actor)
    )
    changes: dict[str, Any] = {"released_on": [None, day.isoformat()]}
    if early:
        changes["early_release_reason"] = [None, reason]
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, node=current.site.node, changes=changes)
    refresh_status(current.person)
    return current


# --- observations and alerts -----------------------------------------------------------------------


def park_commanders(site: IsolationSite) -> list[Any]:
    park_path = site.node.park_path
    memberships = Membership.objects.filter(
        node__path=park_path, role=Role.PARK_COMMANDER, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def _stay_link(stay: IsolationStay) -> str:
    return reverse("returns:isolation_stay", args=[stay.pk])


def _raise_alert(
    stay: IsolationStay, kind: str, day: dt.date, slot: str, detail: str
) -> IsolationAlert | None:
    """Store the alert once per stay, kind, day and slot; escalate a fever or a positive test to the
    command (and the site's officer), an overdue slot to the officer. None when it existed already."""
    alert, created = IsolationAlert.objects.get_or_create(
        stay=stay, kind=kind, date=day, slot=slot, defaults={"detail": detail[:200]}
    )
    if not created:
        return None
    officer = [stay.site.officer] if stay.site.officer_id else []
    recipients = officer if kind == AlertKind.OVERDUE else [*park_commanders(stay.site), *officer]
    if kind == AlertKind.OVERDUE and not recipients:
        recipients = park_commanders(stay.site)
    params = {
        "site": stay.site.node.name,
        "room": stay.room.number,
        "name": stay.person.name_masked,
        "date": day.isoformat(),
        "slot": Slot(slot).label,
        "detail": detail,
    }
    with translation.override(settings.LANGUAGE_CODE):
        if kind == AlertKind.OVERDUE:
            title = gettext("Isolation observation overdue: %(site)s, room %(room)s") % params
            body = gettext("The %(slot)s observation of %(name)s on %(date)s has not been entered.") % params
        else:
            title = gettext("Isolation alert: %(detail)s at %(site)s, room %(room)s") % params
            body = gettext("%(name)s, %(date)s %(slot)s: %(detail)s. Arrange a medical check now.") % params
    notice_send(
        recipients=recipients,
        node=stay.site.node,
        kind=NOTICE_KIND,
        title=title,
        body=body,
        link=_stay_link(stay),
        dedupe_key=f"isolation:{kind}:{stay.pk}:{day.isoformat()}:{slot}",
    )
    return alert


@transaction.atomic
def observation_record(
    *,
    actor: Any,
    stay: IsolationStay,
    date: Any,
    slot: str,
    temperature: Any,
    symptoms: Any = (),
    test_result: str = "",
    note: str = "",
    correction_reason: str = "",
) -> Observation:
    """The morning or evening observation of a stay; a slot already entered is corrected only with a
    reason. A fever (≥ 37.3 °C) or a positive test raises an alert to the command."""
    current = _locked_stay(stay)
    check_manage(actor, current.site)
    day = clean_day(date)
    if not current.is_open and day >= current.released_on:  # type: ignore[operator]
        raise ServiceError(
            _("%(name)s was released on %(date)s: no observation after the release."),
            code="released",
            params={"name": current.person.name, "date": current.released_on.isoformat()},  # type: ignore[union-attr]
        )
    if day < current.check_in_date:
        raise field_error(
            "date",
            _("The observation is dated before the check-in (%(date)s)."),
            "before_check_in",
            {"date": current.check_in_date.isoformat()},
        )
    if day > today():
        raise field_error("date", _("An observation cannot be dated in the future."), "observation_future")
    if slot not in Slot.values:
        raise field_error("slot", _("Choose morning or evening."), "slot")
    if (test_result or "") not in TestResult.values:
        raise field_error("test_result", _("Choose a test result from the list."), "test_result")
    values = {
        "temperature": clean_temperature(temperature),
        "symptoms": clean_symptoms(symptoms),
        "test_result": test_result or "",
        "note": str(note or "").strip()[:200],
    }
    correction_reason = _reason(correction_reason)
    existing = Observation.objects.select_for_update().filter(stay=current, date=day, slot=slot).first()
    if existing is not None:
        if not correction_reason:
            raise ServiceError(
                _("The %(slot)s observation of %(date)s is already entered; give a reason to correct it."),
                code="slot_taken",
                params={"slot": Slot(slot).label, "date": day.isoformat()},
            )
        before = {k: getattr(existing, k) for k in values}
        for key, value in values.items():
            setattr(existing, key, value)
        existing.correction_reason = correction_reason
        existing.recorded_by = _user(actor)
        existing.save()
        observation = existing
        changes = {k: [str(before[k]), str(values[k])] for k in values if before[k] != values[k]}
        changes["correction_reason"] = [None, correction_reason]
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=observation, node=current.site.node, changes=changes
        )
    else:
        observation = Observation(stay=current, date=day, slot=slot, recorded_by=_user(actor), **values)
        try:
            with transaction.atomic():
                observation.save()
        except IntegrityError:
            raise ServiceError(
                _("The %(slot)s observation of %(date)s is already entered; give a reason to correct it."),
                code="slot_taken",
                params={"slot": Slot(slot).label, "date": day.isoformat()},
            ) from None
        audit_record(actor=actor, action=AuditAction.CREATE, obj=observation, node=current.site.node)
    IsolationAlert.objects.filter(
        stay=current, kind=AlertKind.OVERDUE, date=day, slot=slot, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), resolved_by=_user(actor))
    if observation.temperature >= FEVER:
        _raise_alert(current, AlertKind.FEVER, day, slot, f"{observation.temperature} °C")
    if observation.test_result == TestResult.POSITIVE:
        with translation.override(settings.LANGUAGE_CODE):
            detail = str(TestResult.POSITIVE.label)
        _raise_alert(current, AlertKind.POSITIVE_TEST, day, slot, detail)
    return observation


@transaction.atomic
def alert_resolve(*, actor: Any, alert: IsolationAlert) -> IsolationAlert:
    """Mark an alert as handled (the officer or the command has acted on it)."""
    current = (
        IsolationAlert.objects.select_for_update(of=("self",))
        .select_related("stay__site__node")
        .get(pk=alert.pk)
    )
    check_manage(actor, current.stay.site)
    if current.resolved_at is not None:
        raise ServiceError(_("This alert is already handled."), code="resolved")
    current.resolved_at = timezone.now()
    current.resolved_by = _user(actor)
    current.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.stay.site.node,
        changes={"resolved_at": [None, current.resolved_at.isoformat()]},
    )
    return current


# --- overdue follow-up (periodic) ------------------------------------------------------------------


def due_slots(stay: IsolationStay, *, now: dt.datetime) -> list[tuple[dt.date, str]]:
    """The slots of today and yesterday whose due time has passed while the stay was open."""
    local = timezone.localtime(now)
    checked_in = timezone.localtime(stay.checked_in_at) if stay.checked_in_at else None
    slots = []
    for day in (local.date() - dt.timedelta(days=1), local.date()):
        if day < stay.check_in_date or (stay.released_on is not None and day >= stay.released_on):
            continue
        for slot, due in SLOT_DUE.items():
            due_at = timezone.make_aware(dt.datetime.combine(day, due))
            if due_at > local:
                continue
            # Someone checked in after the slot was due (the same day) owes nothing for it.
            if day == stay.check_in_date and checked_in is not None and checked_in > due_at:
                continue
            slots.append((day, str(slot)))
    return slots


def overdue_slots(
    stays: Iterable[IsolationStay], *, now: dt.datetime
) -> list[tuple[IsolationStay, dt.date, str]]:
    stays = list(stays)
    since = timezone.localtime(now).date() - dt.timedelta(days=1)
    entered = set(
        Observation.objects.filter(stay__in=stays, date__gte=since).values_list("stay_id", "date", "slot")
    )
    return [
        (s, day, slot)
        for s in stays
        for day, slot in due_slots(s, now=now)
        if (s.pk, day, slot) not in entered
    ]


def flag_overdue(now: dt.datetime | None = None) -> int:
    """The periodic follow-up: flag every slot overdue at an open stay to the site's officer (once).
    Returns how many were flagged now."""
    now = now or clock.now()
    stays = IsolationStay.objects.filter(released_on__isnull=True).select_related(
        "site__node", "room", "person"
    )
    flagged = 0
    with translation.override(settings.LANGUAGE_CODE):
        for stay, day, slot in overdue_slots(stays, now=now):
            with transaction.atomic():
                detail = gettext("%(slot)s observation missing") % {"slot": Slot(slot).label}
                flagged += _raise_alert(stay, AlertKind.OVERDUE, day, slot, detail) is not None
    return flagged
