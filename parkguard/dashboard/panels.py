"""The panels of a node's dashboard page, in the order they are shown.

A panel is a function ``(board) -> Panel | None`` (``None``: nothing to show for this node) listed in
``PANELS``. It reads through the other apps' selectors, under ``board.node``, for ``board.day``. Its
``template`` is rendered with ``panel``; its ``columns`` add figures to the table of children, one value
per child path. To add a panel (the occupancy of isolation sites, say), write its function here, add it
to ``PANELS`` and give it a template under ``templates/dashboard/panels/``; keep its queries a constant
number, whatever the number of children (tests/dashboard/test_query_counts.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from parkguard.hierarchy.models import Node
from parkguard.lib.charts import AMBER, BRAND, GREY, LineChart, Series
from parkguard.reports import selectors as reports
from parkguard.resumption import selectors as resumption
from parkguard.resumption.rates import Rate, resumption_rates
from parkguard.returns.occupancy import isolation_figures

from . import selectors

TREND_DAYS = 14


@dataclass
class Board:
    """What every panel is given: who looks, at which node, on which day, and the children listed."""

    user: Any
    node: Node
    day: dt.date
    children: list[Node]


@dataclass
class Column:
    """A figure of each child in the table of children: ``values`` by child path ("—" when absent)."""

    header: str
    values: dict[str, Any]


@dataclass
class Panel:
    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    columns: list[Column] = field(default_factory=list)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _rate_cell(rate: Rate | None) -> str:
    if rate is None or not rate.total:
        return "—"
    return f"{rate.percent}% ({rate.resumed}/{rate.total})"


def reporting_panel(board: Board) -> Panel:
    """Daily reports expected, submitted, late and missing; open red flags."""
    c = reports.completeness(node=board.node, day=board.day)
    flags, flags_by_child = selectors.open_flags(user=board.user, node=board.node)
    by_child = {child.path: child for child in c.children}
    return Panel(
        key="reporting",
        title=_("Daily reports"),
        template="dashboard/panels/reporting.html",
        context={"c": c, "rate": _percent(c.submitted, c.expected), "flags": flags},
        columns=[
            Column(
                _("Reports in"),
                {path: f"{one.submitted}/{one.expected}" for path, one in by_child.items()},
            ),
            Column(_("Open red flags"), {n.path: flags_by_child.get(n.path, 0) for n in board.children}),
        ],
    )


def resumption_chart(rates: Any) -> LineChart:
    def share(trend: list[Rate]) -> list[float]:
        return [g.resumed / g.total if g.total else 0.0 for g in trend]

    series = [Series(_("All enterprises"), share([g for _d, g in rates.trend]), BRAND)]
    if rates.above_scale and rates.above_scale.total:
        series.append(Series(_("Above-scale enterprises"), share(rates.above_scale_trend), AMBER))
    if rates.key and rates.key.total:
        series.append(Series(_("Key enterprises"), share(rates.key_trend), GREY))
    return LineChart(
        title=_("Resumption rate, last 14 days"),
        x_labels=[d.strftime("%m-%d") for d, _g in rates.trend],
        series=series,
        percent=True,
        height_cm=7.0,
    )


def resumption_panel(board: Board) -> Panel:
    """Resumption rates (all, above-scale, key) and their trend, employees back, gaps, the review queue."""
    rates = resumption_rates(node=board.node, day=board.day, days=TREND_DAYS)
    by_child = {g.node.path: g for g in rates.children if g.node is not None}
    return Panel(
        key="resumption",
        title=_("Work resumption"),
        template="dashboard/panels/resumption.html",
        context={
            "rates": rates,
            "headline": [
                (_("All enterprises"), rates.all),
                (_("Above-scale enterprises"), rates.above_scale),
                (_("Key enterprises"), rates.key),
            ],
            "employees": _percent(rates.employees_returned, rates.employees_expected),
            "gaps": resumption.gaps_under(node=board.node).count(),
            "applications": resumption.applications_under(node=board.node),
            "chart": resumption_chart(rates).svg_inline() if rates.all.total else None,
        },
        columns=[Column(_("Resumption rate"), {path: _rate_cell(g) for path, g in by_child.items()})],
    )


def colours_panel(board: Board) -> Panel | None:
    """How many people of the node hold a green, yellow or red pass colour."""
    counts = selectors.colour_counts(node=board.node)
    if not any(counts.values()):
        return None
    return Panel(
        key="colours",
        title=_("Pass colours"),
        template="dashboard/panels/colours.html",
        context={"counts": counts},
    )


def isolation_panel(board: Board) -> Panel | None:
    """Central isolation: beds, people in isolation, free beds, check-ins and releases of the day, open
    fever or positive-test alerts; "in isolation / beds" for each child. None where there is no site."""
    figures = isolation_figures(user=board.user, node=board.node, day=board.day, children=board.children)
    if figures is None:
        return None
    return Panel(
        key="isolation",
        title=_("Central isolation"),
        template="dashboard/panels/isolation.html",
        context={"figures": figures},
        columns=[Column(_("In isolation / beds"), figures.by_child)] if figures.by_child else [],
    )


PANELS: list[Callable[[Board], Panel | None]] = [
    reporting_panel,
    resumption_panel,
    colours_panel,
    isolation_panel,
]


def panels_for(board: Board) -> list[Panel]:
    return [panel for build in PANELS if (panel := build(board)) is not None]
