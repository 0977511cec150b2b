"""Enter once: figures the platform already holds are derived from the roster, never asked again.

A site whose enterprise has a roster gets these fields filled and shown read-only; a site without a
roster (no enterprise record, or nothing imported yet) types them like any other field. Likewise an
isolation site's occupancy, check-ins and releases of the day, and an enterprise's people in central
isolation, come from the isolation stays (parkguard/returns/occupancy.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

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


ISOLATION_FIGURE = {
    Prefill.ISOLATION_OCCUPIED: "occupied",
    Prefill.ISOLATION_FREE_BEDS: "free_beds",
    Prefill.ISOLATION_CHECK_INS: "check_ins",
    Prefill.ISOLATION_RELEASES: "releases",
}


def isolation_values(site: Node, fields: list[ReportField], day: dt.date) -> dict[str, Any]:
    """The isolation figures of ``day``: a site's own occupancy (when it is an isolation site) and the
    people of an enterprise in central isolation."""
    from parkguard.returns.models import IsolationSite
    from parkguard.returns.occupancy import employees_in_isolation, site_figures

    values: dict[str, Any] = {}
    own = [f for f in fields if f.prefill in ISOLATION_FIGURE]
    isolation_site = IsolationSite.objects.filter(node=site).first() if own else None
    if isolation_site is not None:
        figures = site_figures(site=isolation_site, day=day)
        values.update({f.key: figures[ISOLATION_FIGURE[f.prefill]] for f in own})
    for field in fields:
        if field.prefill == Prefill.EMPLOYEES_IN_ISOLATION:
            values[field.key] = employees_in_isolation(node=site, day=day)
    return values


def prefill_values(site: Node, fields: list[ReportField], day: dt.date | None = None) -> dict[str, Any]:
    """The derived value of every pre-filled field the platform can answer for ``site``."""
    wanted = [f for f in fields if f.is_prefilled]
    if not wanted:
        return {}
    roster = [f for f in wanted if f.prefill == Prefill.ROSTER_HEADCOUNT or f.prefill in STATUS_OF]
    values: dict[str, Any] = {}
    if len(roster) < len(wanted):
        values.update(isolation_values(site, wanted, day or timezone.localdate()))
    counts = roster_counts(site) if roster else None
    if counts is None:
        return values
    for field in roster:
        if field.prefill == Prefill.ROSTER_HEADCOUNT:
            values[field.key] = sum(counts.values())
        else:
            values[field.key] = counts.get(STATUS_OF[field.prefill], 0)
    return values
