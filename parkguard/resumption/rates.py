"""Resumption rates (复工率): the share of enterprises resumed under a node, as of a day.

An enterprise counts as resumed on a day when the last step of its application that took effect by
then (by the time it was recorded) left it resumed: a suspension takes it out, lifting brings it back.
Read from the transition log, so any past day can be asked. Broken down by the node's children, by
category, above-scale and key enterprises; with employees back at work against the roster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from parkguard.enterprises.choices import Category, WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.hierarchy.models import Node

from .choices import State
from .models import Transition


@dataclass
class Rate:
    label: str
    total: int = 0
    resumed: int = 0
    node: Node | None = None  # the child node a row of ``Rates.children`` counts

    @property
    def percent(self) -> float | None:
        return round(100 * self.resumed / self.total, 1) if self.total else None


@dataclass
class Rates:
    node: Node
    day: dt.date
    all: Rate
    children: list[Rate] = field(default_factory=list)
    categories: list[Rate] = field(default_factory=list)
    above_scale: Rate | None = None
    key: Rate | None = None
    employees_expected: int = 0
    employees_returned: int = 0
    trend: list[tuple[dt.date, Rate]] = field(default_factory=list)
    # The same days for above-scale and key enterprises (aligned with ``trend``).
    above_scale_trend: list[Rate] = field(default_factory=list)
    key_trend: list[Rate] = field(default_factory=list)


def _enterprises(node: Node) -> list[dict[str, Any]]:
    return list(
        Enterprise.objects.filter(node__path__startswith=node.path).values(
            "pk", "node__path", "category", "above_scale", "key_enterprise"
        )
    )


def _states_by_day(ids: list[int], days: list[dt.date]) -> dict[dt.date, set[int]]:
    """Enterprise ids resumed on each day, from one read of the transition log."""
    steps = list(
        Transition.objects.filter(application__enterprise_id__in=ids, effective_on__lte=max(days))
        .order_by("created_at", "id")
        .values_list("application__enterprise_id", "to_state", "effective_on")
    )
    resumed: dict[dt.date, set[int]] = {}
    for day in days:
        last: dict[int, str] = {}
        for enterprise_id, state, effective in steps:
            if effective <= day:
                last[enterprise_id] = state
        resumed[day] = {e for e, s in last.items() if s == State.RESUMED}
    return resumed


def _rate(label: str, rows: list[dict[str, Any]], resumed: set[int]) -> Rate:
    return Rate(label, len(rows), sum(1 for r in rows if r["pk"] in resumed))


def resumption_rates(*, node: Node, day: dt.date, days: int = 7) -> Rates:
    """Rates under ``node`` on ``day`` and the ``days`` before (the caller has checked ``node``'s scope)."""
    rows = _enterprises(node)
    span = [day - dt.timedelta(days=i) for i in range(days - 1, -1, -1)]
    by_day = _states_by_day([r["pk"] for r in rows], span)
    resumed = by_day[day]
    rates = Rates(node=node, day=day, all=_rate(str(node), rows, resumed))
    for child in Node.objects.filter(parent=node).order_by("path"):
        mine = [r for r in rows if r["node__path"].startswith(child.path)]
        if mine:
            rates.children.append(_rate(child.name, mine, resumed))
            rates.children[-1].node = child
    for code, label in Category.choices:
        mine = [r for r in rows if r["category"] == code]
        if mine:
            rates.categories.append(_rate(str(label), mine, resumed))
    above_scale = [r for r in rows if r["above_scale"]]
    key = [r for r in rows if r["key_enterprise"]]
    rates.above_scale = _rate("above_scale", above_scale, resumed)
    rates.key = _rate("key", key, resumed)
    rates.trend = [(d, _rate(str(node), rows, by_day[d])) for d in span]
    rates.above_scale_trend = [_rate("above_scale", above_scale, by_day[d]) for d in span]
    rates.key_trend = [_rate("key", key, by_day[d]) for d in span]
    staff = Employment.objects.filter(enterprise__node__path__startswith=node.path).aggregate(
        expected=Count("pk", filter=~Q(work_status=WorkStatus.LEFT)),
        returned=Count("pk", filter=Q(work_status__in=(WorkStatus.ON_SITE, WorkStatus.REMOTE))),
    )
    rates.employees_expected, rates.employees_returned = staff["expected"], staff["returned"]
    return rates


def rates_sheets(r: Rates) -> list[tuple[str, list[str], Any]]:
    """The rates as spreadsheet sheets (``lib.excel.write_workbook``): the groups of the day, with the
    employees back at work against the roster, then the days, all, above-scale and key enterprises."""
    header = [_("Group"), _("Enterprises"), _("Resumed"), _("Rate (%)")]
    groups = [r.all, *r.children, *r.categories]
    extra = [(_("Above scale"), r.above_scale), (_("Key enterprises"), r.key)]
    rows: list[list[Any]] = [[g.label, g.total, g.resumed, g.percent] for g in groups]
    rows += [[label, g.total, g.resumed, g.percent] for label, g in extra if g is not None]
    employees = Rate("", r.employees_expected, r.employees_returned)
    rows.append(
        [_("Employees (expected, back at work)"), employees.total, employees.resumed, employees.percent]
    )
    trend_header = [_("Date"), *header[1:], _("Above scale (%)"), _("Key enterprises (%)")]
    trend = [
        [d.isoformat(), g.total, g.resumed, g.percent, above.percent, key.percent]
        for (d, g), above, key in zip(r.trend, r.above_scale_trend, r.key_trend, strict=True)
    ]
    return [(_("Resumption rates"), header, iter(rows)), (_("Over days"), trend_header, iter(trend))]
