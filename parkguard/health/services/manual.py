"""Manual colour changes: request with a reason, approval by a second official, refusal, revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send
from parkguard.people.models import Person

from .. import clock, workflow
from ..choices import Colour, ManualStatus
from ..models import ManualChange
from ..status import ColourStatus, refresh_status
from .common import _node_of

# How long a manual colour may be in force at most: a longer override is a rule, not an exception.
MANUAL_MAX_DAYS = 30
NOTICE_COLOUR_CHANGED = NoticeKind.COLOUR_CHANGED


def _clean_until(until: Any, now: dt.datetime) -> dt.datetime:
    if isinstance(until, str):
        try:
            until = dt.datetime.fromisoformat(until.strip())
        except ValueError:
            raise ServiceError(
                {"until": [ValidationError(_("Enter the end as a date and time."), code="until_format")]}
            ) from None
    if isinstance(until, dt.date) and not isinstance(until, dt.datetime):
        until = dt.datetime.combine(until, dt.time(23, 59))
    if not isinstance(until, dt.datetime):
        raise ServiceError(
            {"until": [ValidationError(_("Enter the end as a date and time."), code="until_format")]}
        )
    if timezone.is_naive(until):
        until = timezone.make_aware(until)
    if until <= now:
        raise ServiceError(
            {"until": [ValidationError(_("A manual colour ends in the future."), code="until_past")]}
        )
    if until > now + dt.timedelta(days=MANUAL_MAX_DAYS):
        raise ServiceError(
            {
                "until": [
                    ValidationError(
                        _("A manual colour lasts %(days)d days at most."),
                        code="until_too_far",
                        params={"days": MANUAL_MAX_DAYS},
                    )
                ]
            }
        )
    return until


@transaction.atomic
def manual_change_request(
    *, actor: Any, person: Person, colour: str, reason: str, until: Any
) -> ManualChange:
    workflow.check_can_change_colour(actor, person)
    errors: dict[str, list[Any]] = {}
    if colour not in Colour.values:
        errors["colour"] = [ValidationError(_("Choose a colour: green, yellow or red."), code="colour")]
    if not (reason or "").strip():
        errors["reason"] = [
            ValidationError(_("Give the reason for changing the colour by hand."), code="reason_required")
        ]
    if errors:
        raise ServiceError(errors)
    change = ManualChange.objects.create(
        person=person,
        colour=colour,
        reason=reason.strip(),
        until=_clean_until(until, clock.now()),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=change,
        node=_node_of(person),
        changes={
            "colour": [None, colour],
            "reason": [None, change.reason],
            "until": [None, str(change.until)],
        },
    )
    return change


def _decide(actor: Any, change: ManualChange, status: str, note: str) -> ManualChange:
    change = ManualChange.objects.select_for_update().select_related("person").get(pk=change.pk)
    workflow.check_pending(change)
    workflow.check_can_change_colour(actor, change.person)
    workflow.check_not_own_request(actor, change)
    now = clock.now()
    change.status, change.decided_by, change.decided_at = status, actor, now
    change.decision_note = (note or "").strip()[:200]
    if status == ManualStatus.APPROVED:
        change.starts_at = now
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=change,
        node=_node_of(change.person),
        changes={"status": [ManualStatus.PENDING, status], "note": [None, change.decision_note]},
    )
    return change


@transaction.atomic
def manual_change_approve(*, actor: Any, change: ManualChange, note: str = "") -> ManualChange:
    """A second official approves: the colour is in force now, the person is told."""
    change = _decide(actor, change, ManualStatus.APPROVED, note)
    status = refresh_status(change.person, at=change.starts_at)
    _notify(change.person, status)
    return change


@transaction.atomic
def manual_change_refuse(*, actor: Any, change: ManualChange, note: str = "") -> ManualChange:
    return _decide(actor, change, ManualStatus.REFUSED, note)


@transaction.atomic
def manual_change_revoke(*, actor: Any, change: ManualChange) -> ManualChange:
    """End an approved change early; the rules decide the colour again."""
    change = ManualChange.objects.select_for_update().select_related("person").get(pk=change.pk)
    workflow.check_can_change_colour(actor, change.person)
    now = clock.now()
    if not change.is_in_force(now):
        raise ServiceError(_("Only a manual colour in force can be revoked."), code="not_in_force")
    change.status, change.revoked_by, change.revoked_at = ManualStatus.REVOKED, actor, now
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=change,
        node=_node_of(change.person),
        changes={"status": [ManualStatus.APPROVED, ManualStatus.REVOKED]},
    )
    status = refresh_status(change.person, at=now)
    _notify(change.person, status)
    return change


def _notify(person: Person, status: ColourStatus) -> None:
    if person.user_id is None:
        return
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        colour = str(Colour(status.colour).label)
        title = gettext("Your colour is now %(colour)s") % {"colour": colour}
        language = "zh" if settings.LANGUAGE_CODE == "zh-hans" else "en"
        body = "\n".join(r.get(language, r.get("en", "")) for r in status.stored_reasons)
    notice_send(
        recipients=[person.user],
        node=_node_of(person),
        kind=NOTICE_COLOUR_CHANGED,
        title=title,
        body=body,
        link=reverse("health:declare"),
    )
