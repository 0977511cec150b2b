"""Isolation: observations and their alerts (fever, positive test), and the periodic follow-up of
overdue observations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.health import clock
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send

from ..models import (
    AlertKind,
    IsolationAlert,
    IsolationSite,
    IsolationStay,
    Observation,
    Slot,
    TestResult,
)
from .access import (
    FEVER,
    _reason,
    _user,
    check_manage,
    clean_day,
    clean_symptoms,
    clean_temperature,
    field_error,
    today,
)
from .stays import _locked_stay

# When a slot's observation is due (local time); after that it is overdue and flagged to the officer.
SLOT_DUE: dict[str, dt.time] = {Slot.MORNING: dt.time(10, 0), Slot.EVENING: dt.time(20, 0)}
NOTICE_KIND = NoticeKind.ISOLATION


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
