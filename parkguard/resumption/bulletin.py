"""The resumption section of the daily bulletin (日通报), for ``parkguard.reports.bulletins`` to include.

The caller has read ``node`` through ``visible_to``. The national bulletin names no enterprise
(``named=False``): it carries the figures only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from parkguard.accounts.models import Assignment
from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.hierarchy.models import Node

from .choices import WAITING_STATES
from .models import Application
from .rates import Rates, resumption_rates


@dataclass
class ResumptionSection:
    rates: Rates
    gaps: int = 0
    overdue: int = 0
    gap_names: list[str] = field(default_factory=list)
    overdue_names: list[str] = field(default_factory=list)

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


def _gaps(node: Node) -> Any:
    responsible = Assignment.objects.filter(node=OuterRef("node"), role=AssignmentRole.RESPONSIBLE)
    return (
        Enterprise.objects.filter(node__path__startswith=node.path)
        .annotate(has_official=Exists(responsible))
        .filter(Q(node__supervising_department__isnull=True) | Q(has_official=False))
        .select_related("node")
    )


def bulletin_section(*, node: Node, day: dt.date, named: bool = True, limit: int = 50) -> ResumptionSection:
    gaps = _gaps(node)
    overdue = Application.objects.filter(
        enterprise__node__path__startswith=node.path, state__in=WAITING_STATES, due_at__lt=timezone.now()
    ).select_related("enterprise__node")
    section = ResumptionSection(
        rates=resumption_rates(node=node, day=day), gaps=gaps.count(), overdue=overdue.count()
    )
    if named:
        section.gap_names = [e.node.name for e in gaps.order_by("node__path")[:limit]]
        section.overdue_names = [a.enterprise.node.name for a in overdue.order_by("due_at")[:limit]]
    return section
