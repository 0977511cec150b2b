"""Red flags raised by a submitted report, assigned to the site's responsible official (包保).

Rules are data on the template's fields: ``positive`` (a fever, a suspected case) and ``drop`` (the
figure fell by more than the template's share since the site's previous report).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import AssignmentRole

from .choices import PERIOD_RANK, FlagStatus, FlagWhen, ReportStatus
from .models import DailyReport, Flag, ReportField


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
