"""Isolation: check-in (one person or a whole arrived bus), extension and release of a stay."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.health import clock
from parkguard.health.status import refresh_status

from ..choices import RunStatus
from ..models import (
    AlertKind,
    IsolationAlert,
    IsolationSite,
    IsolationStay,
    Returnee,
    Room,
    StayExtension,
    TestResult,
)
from .access import FEVER, _reason, _user, check_manage, field_error, may_release_early, today

MAX_EXTENSION_DAYS = 28


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
    from ..selectors import arrived_passengers

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
