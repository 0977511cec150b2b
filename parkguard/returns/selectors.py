"""Reads of returning workers: returnees with origin control's answer, plans by date and site, runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from parkguard.enterprises.models import Employment
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .choices import RunStatus
from .models import IsolationSite, PlanEntry, Returnee, ReturnPlan, RunPassenger, TransportRun
from .origin import origin_control_many
from .services import ENTERPRISE_KINDS, may_command, may_register, today
from .wording import explanation_text


def returnee_queryset(*, user: Any) -> QuerySet[Returnee]:
    return Returnee.objects.visible_to(user).select_related("person", "enterprise")


def returnee_list(*, user: Any, enterprise: Node | None = None, limit: int = 200) -> list[Returnee]:
    """Returnees in scope (newest first), each with ``blocks``: origin control's reasons today."""
    returnees = returnee_queryset(user=user).prefetch_related("travels").order_by("-id")
    if enterprise is not None:
        returnees = returnees.filter(enterprise=enterprise)
    return with_blocks(list(returnees[:limit]))


def with_blocks(returnees: list[Returnee], on: dt.date | None = None) -> list[Returnee]:
    blocks = origin_control_many(returnees, today=on or today())
    for returnee in returnees:
        returnee.blocks = blocks[returnee.pk]  # type: ignore[attr-defined]
    return returnees


def enterprises_to_register(*, user: Any, limit: int = 50) -> list[Node]:
    if not may_register(user):
        return []
    return list(Node.objects.visible_to(user).filter(kind__in=ENTERPRISE_KINDS).order_by("path")[:limit])


def roster_people(*, user: Any, enterprise: Node) -> QuerySet[Person]:
    """People of the enterprise's roster (employer, or a current line of its roster) the user sees."""
    employed = Employment.objects.current().filter(enterprise__node=enterprise).values("person")
    return Person.objects.visible_to(user).filter(Q(employer=enterprise) | Q(pk__in=employed)).distinct()


def parks_to_plan(*, user: Any) -> list[Node]:
    if not may_command(user):
        return []
    return [p for p in Node.objects.visible_to(user).filter(kind=NodeKind.PARK) if may_command(user, p)]


def sites_of(*, user: Any, park: Node) -> QuerySet[IsolationSite]:
    return (
        IsolationSite.objects.visible_to(user).filter(node__path__startswith=park.path).select_related("node")
    )


def plan_queryset(*, user: Any) -> QuerySet[ReturnPlan]:
    return ReturnPlan.objects.visible_to(user).select_related("park", "created_by", "approved_by")


def plan_list(*, user: Any) -> QuerySet[ReturnPlan]:
    return plan_queryset(user=user).annotate(
        placed=Count("entries", filter=Q(entries__arrival_date__isnull=False)),
        unplaced=Count("entries", filter=Q(entries__arrival_date__isnull=True)),
    )


@dataclass
class Day:
    date: dt.date
    sites: list[tuple[Any, list[PlanEntry]]] = field(default_factory=list)
    count: int = 0


@dataclass
class PlanView:
    plan: ReturnPlan
    days: list[Day]
    unplaced: list[tuple[PlanEntry, list[str]]]
    placed: int
    gap_percent: float
    sites: list[IsolationSite]


def plan_view(*, plan: ReturnPlan) -> PlanView:
    """The plan's entries by arrival date and site, and the unplaced with the reasons in words."""
    entries = list(plan.entries.select_related("returnee__person", "returnee__enterprise", "site__node"))
    by_day: dict[dt.date, dict[Any, list[PlanEntry]]] = defaultdict(lambda: defaultdict(list))
    unplaced = []
    for entry in entries:
        if entry.arrival_date is None:
            texts = [explanation_text(r, plan=plan, returnee=entry.returnee) for r in entry.explanation]
            unplaced.append((entry, texts))
        else:
            by_day[entry.arrival_date][entry.site].append(entry)
    days = []
    for date in sorted(by_day):
        sites = sorted(by_day[date].items(), key=lambda item: item[0].node.path)
        days.append(Day(date, sites, sum(len(e) for _s, e in sites)))
    bound = plan.bound
    gap = 0.0 if bound <= 0 else max(0.0, (bound - plan.objective) / bound) * 100
    sites = list(plan.sites.select_related("node"))
    return PlanView(plan, days, unplaced, sum(d.count for d in days), round(gap, 2), sites)


def run_queryset(*, user: Any) -> QuerySet[TransportRun]:
    return TransportRun.objects.visible_to(user).select_related("plan__park", "vehicle", "vehicle_pass")


def passengers_of(*, run: TransportRun) -> QuerySet[RunPassenger]:
    return run.passengers.select_related("returnee__person", "returnee__enterprise", "entry__site__node")


def arrived_passengers(run: TransportRun) -> QuerySet[RunPassenger]:
    """The passengers of an arrived run (who the isolation site checks in); none before arrival."""
    if run.status != RunStatus.ARRIVED:
        return RunPassenger.objects.none()
    return passengers_of(run=run)


def entry_of(*, returnee: Returnee) -> PlanEntry | None:
    """The returnee's latest plan entry (for the detail page)."""
    return returnee.plan_entries.select_related("plan", "site__node").order_by("-plan__created_at").first()
