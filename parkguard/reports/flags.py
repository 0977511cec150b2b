"""Red flags raised by a submitted report, assigned to the site's responsible official (包保).

Rules are data on the template's fields: ``positive`` (a fever, a suspected case) and ``drop`` (the
figure fell by more than the template's share since the site's previous report). A flag stays on the
official's task list until it is closed with a note of what was done (``flag_close``, audited).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Assignment
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.hierarchy.choices import AssignmentRole

from . import workflow
from .choices import PERIOD_RANK, FlagStatus, FlagWhen, ReportStatus
from .models import DailyReport, Flag, ReportField

NOTE_MAX = 500


def responsible_official(site_id: int) -> Any:
    assignment = (
        Assignment.objects.filter(node_id=site_id, role=AssignmentRole.RESPONSIBLE)
        .select_related("user")
        .first()
    )
    return assignment.user if assignment else None


def previous_report(report: DailyReport) -> DailyReport | None:
    earlier = DailyReport.objects.filter(
        site_id=report.site_id, status=ReportStatus.SUBMITTED, date__lte=report.date
    ).exclude(pk=report.pk)
    candidates = sorted(earlier.order_by("-date")[:3], key=lambda r: (r.date, PERIOD_RANK[r.period]))
    before = [
        r for r in candidates if (r.date, PERIOD_RANK[r.period]) < (report.date, PERIOD_RANK[report.period])
    ]
    return before[-1] if before else None


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _raised(report: DailyReport, field: ReportField, previous: DailyReport | None) -> str | None:
    value = _number(report.values.get(field.key))
    if value is None:
        return None
    if field.flag_when == FlagWhen.POSITIVE and value > 0:
        return gettext("%(label)s: %(value)s") % {"label": field.label, "value": value}
    if field.flag_when == FlagWhen.DROP and previous is not None:
        before = _number(previous.values.get(field.key))
        if before and (before - value) / before > report.template.drop_share:
            return gettext("%(label)s fell from %(before)s to %(value)s") % {
                "label": field.label,
                "before": before,
                "value": value,
            }
    return None


def flags_raise(report: DailyReport) -> list[Flag]:
    """Raise (or refresh) the flags of ``report``; flags no longer raised by a correction are closed."""
    fields = [f for f in report.template.ordered_fields() if f.flag_when != FlagWhen.NEVER]
    needs_previous = any(f.flag_when == FlagWhen.DROP for f in fields)
    previous = previous_report(report) if needs_previous else None
    raised: dict[str, str] = {}
    for field in fields:
        message = _raised(report, field, previous)
        if message:
            raised[field.key] = message
    Flag.objects.filter(report=report, status=FlagStatus.OPEN).exclude(field_key__in=raised).delete()
    official = responsible_official(report.site_id) if raised else None
    flags = []
    for key, message in raised.items():
        flag, _created = Flag.objects.update_or_create(
            report=report,
            field_key=key,
            defaults={
                "site_id": report.site_id,
                "date": report.date,
                "message": message[:200],
                "value": str(report.values.get(key))[:40],
                "assigned_to": official,
            },
        )
        flags.append(flag)
    return flags


@transaction.atomic
def flag_close(*, actor: Any, flag: Flag, note: str) -> Flag:
    """Close a red flag with a note of what was done; it leaves the task list. Audited with the note.

    The responsible official (the assignee) or an official over the site closes it; the caller has
    read ``flag`` through ``visible_to``, and the scope is checked again here.
    """
    workflow.check_can_close_flag(actor, flag)
    note = note.strip()
    if not note:
        raise ServiceError(
            {
                "note": [
                    ValidationError(_("Say what was done before closing the red flag."), code="note_required")
                ]
            }
        )
    if len(note) > NOTE_MAX:
        raise ServiceError(
            {
                "note": [
                    ValidationError(
                        _("The note is too long (at most %(max)d characters)."),
                        code="note_too_long",
                        params={"max": NOTE_MAX},
                    )
                ]
            }
        )
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    if locked.status == FlagStatus.CLOSED:
        raise ServiceError(_("This red flag is already closed."), code="already_closed")
    locked.status, locked.closed_at = FlagStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        node=locked.site,
        changes={"status": [FlagStatus.OPEN.value, FlagStatus.CLOSED.value], "note": [None, note]},
    )
    return locked
