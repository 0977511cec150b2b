"""Enter once: figures the platform already holds are derived from the roster, never asked again.

A site whose enterprise has a roster gets these fields filled and shown read-only; a site without a
roster (no enterprise record, or nothing imported yet) types them like any other field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment
from parkguard.hierarchy.models import Node

from .choices import Prefill
from .models import ReportField

STATUS_OF = {
    Prefill.ROSTER_ON_SITE: WorkStatus.ON_SITE,
    Prefill.ROSTER_REMOTE: WorkStatus.REMOTE,
    Prefill.ROSTER_IN_ISOLATION: WorkStatus.IN_ISOLATION,
    Prefill.ROSTER_NOT_RETURNED: WorkStatus.NOT_RETURNED,
}


def roster_counts(site: Node) -> dict[str, int] | None:
    """Current staff by work status, in one query; ``None`` when the site has no roster."""
    rows = (
        Employment.objects.filter(enterprise__node=site)
        .current()
        .order_by()
        .values_list("work_status")
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    return counts or None


def prefill_values(site: Node, fields: list[ReportField]) -> dict[str, Any]:
    """The derived value of every pre-filled field the platform can answer for ``site``."""
    wanted = [f for f in fields if f.is_prefilled]
    if not wanted:
        return {}
    counts = roster_counts(site)
    if counts is None:
        return {}
    values: dict[str, Any] = {}
    for field in wanted:
        if field.prefill == Prefill.ROSTER_HEADCOUNT:
            values[field.key] = sum(counts.values())
        else:
            values[field.key] = counts.get(STATUS_OF[field.prefill], 0)
    return values
