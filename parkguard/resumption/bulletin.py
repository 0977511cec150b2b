"""The resumption section of the daily bulletin (日通报), one of ``parkguard.reports.bulletins.SECTIONS``.

A bulletin section is what ``bulletin_section`` returns: ``key`` (its place in the archive row's
summary), ``template`` (the PDF part, rendered with ``section``, ``charts`` and ``b``), ``summary()``,
``sheets()`` (the xlsx sheets it adds) and ``charts()`` (drawn as images in the PDF). The caller has read
``node`` through ``visible_to`` and has switched to the bulletin's language. The national bulletin names
no enterprise (``named=False``): it carries the figures only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from parkguard.hierarchy.models import Node
from parkguard.lib.charts import LineChart, Series

from .choices import WAITING_STATES
from .models import Application, Transition
from .rates import Rate, Rates, resumption_rates
from .selectors import gaps_under


@dataclass
class ResumptionSection:
    rates: Rates
    gaps: int = 0
    overdue: int = 0
    named: bool = True
    gap_names: list[str] = field(default_factory=list)
    overdue_names: list[str] = field(default_factory=list)

    key = "resumption"
    template = "resumption/bulletin_section.pdf.html"

    def headline(self) -> list[tuple[str, Rate | None]]:
        r = self.rates
        return [
            (_("All enterprises"), r.all),
            (_("Above-scale enterprises"), r.above_scale),
            (_("Key enterprises"), r.key),
        ]

    def summary(self) -> dict[str, Any]:
        """The headline numbers, for the bulletin's archive row."""
        r = self.rates
        return {
            "enterprises": r.all.total,
            "resumed": r.all.resumed,
            "rate": r.all.percent,
            "above_scale_rate": r.above_scale.percent if r.above_scale else None,
            "key_rate": r.key.percent if r.key else None,
            "employees_returned": r.employees_returned,
            "employees_expected": r.employees_expected,
            "supervision_gaps": self.gaps,
            "overdue_applications": self.overdue,
        }

    def sheets(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        header = [_("Group"), _("Total"), _("Back at work"), _("Rate (%)")]
        r = self.rates
        groups = [(label, g) for label, g in self.headline() if g is not None]
        groups += [(g.label, g) for g in r.children]
        rows: list[list[Any]] = [[label, g.total, g.resumed, g.percent] for label, g in groups]
        rows += [
            [_("Employees"), r.employees_expected, r.employees_returned, self.employees_percent],
            [_("Supervision gaps"), self.gaps, None, None],
            [_("Overdue applications"), self.overdue, None, None],
        ]
        sheets = [("复工复产 Resumption", header, rows)]
        if self.named:
            names = [[_("Supervision gaps"), name] for name in self.gap_names]
            names += [[_("Overdue applications"), name] for name in self.overdue_names]
            sheets.append(("复工待办 Resumption gaps", [_("Item"), _("Enterprise")], names))
        return sheets

    @property
    def employees_percent(self) -> float | None:
        r = self.rates
        return round(100 * r.employees_returned / r.employees_expected, 1) if r.employees_expected else None

    def charts(self) -> dict[str, LineChart]:
        """The rate over the last days, when there is an enterprise to count."""
        if not self.rates.all.total:
            return {}
        trend = self.rates.trend
        return {
            "trend": LineChart(
                title=_("Resumption rate, last 7 days"),
                x_labels=[d.strftime("%m-%d") for d, _rate in trend],
                series=[
                    Series(_("Resumption rate"), [g.resumed / g.total if g.total else 0 for _d, g in trend])
                ],
                percent=True,
                height_cm=6.5,
            )
        }


def bulletin_section(*, node: Node, day: dt.date, named: bool = True, limit: int = 50) -> ResumptionSection:
    gaps = gaps_under(node=node)
    overdue = _overdue_at(node, _end_of(day)).select_related("enterprise__node")
    section = ResumptionSection(
        rates=resumption_rates(node=node, day=day), gaps=gaps.count(), overdue=overdue.count(), named=named
    )
    if named:
        section.gap_names = [e.node.name for e in gaps.order_by("node__path")[:limit]]
        section.overdue_names = [a.enterprise.node.name for a in overdue.order_by("due_at")[:limit]]
    return section


def _end_of(day: dt.date) -> dt.datetime:
    """The moment a bulletin of ``day`` speaks of: the end of that day, or now if the day is not over."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return min(end, timezone.now())


def _overdue_at(node: Node, moment: dt.datetime) -> QuerySet[Application]:
    """Applications under ``node`` waiting for a review at ``moment`` past their deadline.

    The state at that moment is the last transition's up to it, so a bulletin made again later for an
    earlier day counts the queue of that day, not today's.
    """
    state_then = (
        Transition.objects.filter(application=OuterRef("pk"), created_at__lte=moment)
        .order_by("-created_at", "-pk")
        .values("to_state")[:1]
    )
    return (
        Application.objects.filter(enterprise__node__path__startswith=node.path, due_at__lt=moment)
        .annotate(state_then=Subquery(state_then))
        .filter(state_then__in=WAITING_STATES)
    )
