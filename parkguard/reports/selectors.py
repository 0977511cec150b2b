"""Reads of the daily cycle, always within what the user may see.

Completeness (日排查) counts reports expected, submitted, on time, late and missing under a node for a
date, down to the missing sites and their responsible official (包保). The roll-up (日汇报) adds the
figures up the tree (see rollup.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.hierarchy.models import STEP_WIDTH, Node

from .choices import REPORTING_KINDS, Aggregate, FieldType, FlagStatus, ReportStatus
from .models import Bulletin, DailyReport, Flag, ReportField, ReportTemplate
from .prefill import prefill_values
from .rollup import Measure, Totals, rollup, rollup_days


def node_get_queryset(*, user: Any) -> QuerySet[Node]:
    return Node.objects.visible_to(user)


def site_get_queryset(*, user: Any) -> QuerySet[Node]:
    return Node.objects.visible_to(user).filter(kind__in=REPORTING_KINDS)


def report_list(*, user: Any, day: dt.date | None = None, node: Node | None = None) -> QuerySet[DailyReport]:
    reports = DailyReport.objects.visible_to(user).select_related("site", "template", "submitted_by")
    if day is not None:
        reports = reports.filter(date=day)
    if node is not None:
        reports = reports.filter(site__path__startswith=node.path)
    return reports.order_by("-date", "site__path", "period")


def report_get_queryset(*, user: Any) -> QuerySet[DailyReport]:
    return DailyReport.objects.visible_to(user).select_related("site", "template", "submitted_by")


def template_list(*, user: Any) -> QuerySet[ReportTemplate]:
    return (
        ReportTemplate.objects.visible_to(user)
        .select_related("park")
        .order_by("park__path", "site_kind", "-version")
    )


def flag_list(*, user: Any, status: str = FlagStatus.OPEN) -> QuerySet[Flag]:
    """The user's task list: open red flags assigned to them."""
    return (
        Flag.objects.visible_to(user)
        .filter(assigned_to=user, status=status)
        .select_related("site", "report")
        .order_by("-date", "-id")
    )


# --- the form -------------------------------------------------------------------------------------


@dataclass
class FormRow:
    field: ReportField
    value: Any
    derived: bool
    errors: list[str] = field(default_factory=list)


def report_form_rows(
    *, site: Node, template: ReportTemplate, report: DailyReport | None, typed: dict[str, Any] | None = None
) -> list[FormRow]:
    """Every field of the version with its value: derived ones read-only (enter once)."""
    fields = template.ordered_fields()
    derived = prefill_values(site, fields)
    values = {**(report.values if report else {}), **(typed or {}), **derived}
    return [FormRow(f, values.get(f.key), f.key in derived) for f in fields]


# --- completeness (日排查) --------------------------------------------------------------------------


@dataclass
class MissingReport:
    site: dict[str, Any]
    period: str
    official: Any


@dataclass
class Completeness:
    path: str
    name: str = ""
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    children: list[Completeness] = field(default_factory=list)
    missing_reports: list[MissingReport] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


def current_templates(*, park_paths: set[str], day: dt.date) -> dict[tuple[str, str], ReportTemplate]:
    """(park path, site kind) → the version in force on ``day``, in one query."""
    current: dict[tuple[str, str], ReportTemplate] = {}
    rows = (
        ReportTemplate.objects.filter(park__path__in=park_paths, valid_from__lte=day)
        .select_related("park")
        .order_by("valid_from")
    )
    for template in rows:
        current[(template.park.path, template.site_kind)] = template
    return current


def _expected(sites: list[dict[str, Any]], day: dt.date) -> list[tuple[dict[str, Any], str]]:
    parks = {s["path"][: 2 * STEP_WIDTH] for s in sites}
    templates = current_templates(park_paths=parks, day=day)
    expected = []
    for site in sites:
        template = templates.get((site["path"][: 2 * STEP_WIDTH], site["kind"]))
        if template is not None:
            expected.extend((site, period) for period in template.periods)
    return expected


def completeness(*, node: Node, day: dt.date) -> Completeness:
    """Counts for ``node`` and each of its children, and the missing reports with their official.

    The caller has read ``node`` through ``visible_to``; everything counted lies under it.
    """
    sites = list(
        Node.objects.filter(path__startswith=node.path, kind__in=REPORTING_KINDS).values(
            "id", "path", "name", "kind"
        )
    )
    filed = {
        (r["site_id"], r["period"]): r["late"]
        for r in DailyReport.objects.filter(
            site__path__startswith=node.path, date=day, status=ReportStatus.SUBMITTED
        ).values("site_id", "period", "late")
    }
    total = Completeness(path=node.path, name=node.name)
    children = {c.path: Completeness(path=c.path, name=c.name) for c in Node.objects.filter(parent=node)}
    width = (node.depth + 1) * STEP_WIDTH
    missing = []
    for site, period in _expected(sites, day):
        buckets = [total, children.get(site["path"][:width])]
        late = filed.get((site["id"], period))
        for bucket in filter(None, buckets):
            bucket.expected += 1
            if late is not None:
                bucket.submitted += 1
                bucket.late += int(late)
                bucket.on_time += int(not late)
        if late is None:
            missing.append(MissingReport(site, period, None))
    total.children = [c for c in children.values() if c.expected]
    total.missing_reports = _with_officials(missing)
    return total


def _with_officials(missing: list[MissingReport]) -> list[MissingReport]:
    ids = {m.site["id"] for m in missing}
    officials = {
        a.node_id: a.user
        for a in Assignment.objects.filter(node_id__in=ids, role=AssignmentRole.RESPONSIBLE).select_related(
            "user"
        )
    }
    for m in missing:
        m.official = officials.get(m.site["id"])
    return missing


# --- roll-up (日汇报) -------------------------------------------------------------------------------


def measures_for(*, node: Node, day: dt.date) -> list[Measure]:
    """The fields that add up, over the templates in force under ``node`` (same key, same measure)."""
    templates = ReportTemplate.objects.filter(valid_from__lte=day)
    if node.depth >= 2:
        templates = templates.filter(park__path=node.path[: 2 * STEP_WIDTH])
    fields = (
        ReportField.objects.filter(template__in=templates)
        .exclude(aggregate=Aggregate.NONE)
        .filter(type__in=[FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN])
        .order_by("order", "id")
        .values_list("key", "type", "aggregate")
    )
    seen: dict[str, Measure] = {}
    for key, type_, aggregate in fields:
        seen.setdefault(key, Measure(key, type_, aggregate))
    return list(seen.values())


def max_site_depth(node: Node) -> int:
    deepest = (
        Node.objects.filter(path__startswith=node.path, kind__in=REPORTING_KINDS)
        .order_by("-depth")
        .values_list("depth", flat=True)
        .first()
    )
    return deepest or node.depth


def rollup_totals(*, node: Node, day: dt.date, measures: list[Measure] | None = None) -> Totals:
    """Totals of every node under ``node`` (itself included), keyed by path."""
    measures = measures if measures is not None else measures_for(node=node, day=day)
    return rollup(root_path=node.path, max_depth=max_site_depth(node), day=day, measures=measures)


def rollup_node_totals(*, node: Node, day: dt.date) -> dict[str, Any]:
    """The totals of ``node`` alone (what a bulletin or a summary shows): no level below is added up."""
    measures = measures_for(node=node, day=day)
    return rollup(root_path=node.path, max_depth=node.depth, day=day, measures=measures).get(node.path, {})


@dataclass
class RollupRow:
    node: Node
    totals: dict[str, Any]


def rollup_page(*, node: Node, day: dt.date) -> tuple[list[Measure], RollupRow, list[RollupRow]]:
    """The node's totals and its children's, for the roll-up page (only those two levels are added up)."""
    measures = measures_for(node=node, day=day)
    totals = rollup(root_path=node.path, max_depth=node.depth + 1, day=day, measures=measures)
    children = [
        RollupRow(c, totals.get(c.path, {})) for c in Node.objects.filter(parent=node).order_by("path")
    ]
    return measures, RollupRow(node, totals.get(node.path, {})), children


def rollup_trend(*, node: Node, day: dt.date, days: int = 7) -> list[tuple[dt.date, dict[str, Any]]]:
    """The node's totals for each of the ``days`` days ending on ``day``, in one query."""
    measures = measures_for(node=node, day=day)
    first = day - dt.timedelta(days=days - 1)
    totals = rollup_days(root_path=node.path, first_day=first, last_day=day, measures=measures)
    dates = [first + dt.timedelta(days=offset) for offset in range(days)]
    return [(date, totals.get(date, {})) for date in dates]


def template_latest(*, template: ReportTemplate) -> ReportTemplate:
    """The newest version of the template's park and site kind (tomorrow's, after a change today)."""
    return (
        ReportTemplate.objects.filter(park=template.park_id, site_kind=template.site_kind)
        .prefetch_related("fields")
        .order_by("-version")
        .first()
    )


def measure_labels(*, node: Node, day: dt.date) -> dict[str, str]:
    """A label for each field key (the newest wording wins)."""
    templates = ReportTemplate.objects.filter(valid_from__lte=day)
    if node.depth >= 2:
        templates = templates.filter(park__path=node.path[: 2 * STEP_WIDTH])
    fields = ReportField.objects.filter(template__in=templates).order_by("template__valid_from")
    return {f.key: f.label for f in fields}


# --- bulletins (日通报) -----------------------------------------------------------------------------


def bulletin_get_queryset(*, user: Any) -> QuerySet[Bulletin]:
    return Bulletin.objects.visible_to(user).select_related("node", "generated_by")


def bulletin_list(*, user: Any, node: Node) -> QuerySet[Bulletin]:
    """The archive: past bulletins of ``node`` and the nodes under it, newest first."""
    return (
        bulletin_get_queryset(user=user)
        .filter(node__path__startswith=node.path)
        .order_by("-date", "node__path")
    )
