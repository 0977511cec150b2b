"""Reads of work resumption: applications in scope, reviewer queues, history, supervision gaps, prefill."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from parkguard.accounts.models import Assignment
from parkguard.enterprises.models import Enterprise
from parkguard.enterprises.selectors import ledger_now
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Node

from . import workflow
from .choices import WAITING_STATES, State
from .models import Application, Inspection, Transition


def application_get_queryset(*, user: Any) -> QuerySet[Application]:
    return Application.objects.visible_to(user).select_related(
        "enterprise__node__supervising_department", "created_by"
    )


def application_list(*, user: Any, state: str = "") -> QuerySet[Application]:
    applications = application_get_queryset(user=user)
    return applications.filter(state=state) if state else applications


def enterprise_get_queryset(*, user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.visible_to(user).select_related("node")


def enterprises_to_apply(*, user: Any) -> list[tuple[Enterprise, Application | None]]:
    """The enterprises the user may apply for, each with its live application (if any)."""
    if not workflow.may(user, workflow.ENTERPRISE, None):
        return []
    enterprises = list(enterprise_get_queryset(user=user)[:50])
    live = {
        a.enterprise_id: a
        for a in Application.objects.visible_to(user)
        .filter(enterprise__in=enterprises)
        .exclude(state=State.REJECTED)
    }
    return [(e, live.get(e.pk)) for e in enterprises]


@dataclass
class QueueRow:
    application: Application
    waiting_since: Any
    overdue: bool
    spot_check: bool = False


def queue(*, user: Any) -> list[QueueRow]:
    """What waits for this user's decision: the green channel first, then by deadline."""
    now = timezone.now()
    pending = Q(state__in=WAITING_STATES) | Q(spot_check=True, spot_checked_at__isnull=True)
    rows = []
    for application in application_get_queryset(user=user).filter(pending):
        spot = workflow.may_spot_check(user, application)
        if not spot and not workflow.allowed_actions(user, application):
            continue
        due = application.due_at
        overdue = bool(due and due < now)
        if spot:
            overdue = bool(application.spot_check_due and application.spot_check_due < timezone.localdate())
        rows.append(QueueRow(application, application.submitted_at, overdue, spot))
    rows.sort(key=lambda r: (not r.application.green_channel, r.application.due_at or now, r.application.pk))
    return rows


def transitions_of(*, application: Application) -> QuerySet[Transition]:
    return application.transitions.select_related("actor")


def inspections_of(*, application: Application) -> QuerySet[Inspection]:
    return application.inspections.select_related("inspector").prefetch_related("photos")


def rate_nodes(*, user: Any, limit: int = 5) -> list[Node]:
    """The highest nodes of the user's scope, for links to their resumption rates."""
    kinds = (NodeKind.NATIONAL, NodeKind.PARK, NodeKind.AREA, NodeKind.GRID)
    nodes = list(Node.objects.visible_to(user).filter(kind__in=kinds).order_by("depth", "path")[: limit * 4])
    top = min((n.depth for n in nodes), default=0)
    return [n for n in nodes if n.depth == top][:limit]


def coverage_gaps(*, user: Any, node: Node | None = None) -> QuerySet[Enterprise]:
    """Enterprises in scope without a supervising department or without a responsible official."""
    responsible = Assignment.objects.filter(node=OuterRef("node"), role=AssignmentRole.RESPONSIBLE)
    enterprises = enterprise_get_queryset(user=user).annotate(has_official=Exists(responsible))
    if node is not None:
        enterprises = enterprises.filter(node__path__startswith=node.path)
    return enterprises.filter(
        Q(node__supervising_department__isnull=True) | Q(has_official=False)
    ).select_related("node__supervising_department", "node__parent")


def gaps_under(*, node: Node) -> QuerySet[Enterprise]:
    """Enterprises under ``node`` without a supervising department or a responsible official, for the
    figures of the bulletin and the dashboard (the caller has read ``node`` through ``visible_to``)."""
    responsible = Assignment.objects.filter(node=OuterRef("node"), role=AssignmentRole.RESPONSIBLE)
    return (
        Enterprise.objects.filter(node__path__startswith=node.path)
        .annotate(has_official=Exists(responsible))
        .filter(Q(node__supervising_department__isnull=True) | Q(has_official=False))
        .select_related("node")
    )


def applications_under(*, node: Node) -> dict[str, int]:
    """How many applications under ``node`` wait for a review, how many of them are overdue and how many
    are in the green channel: counts only (the caller has read ``node`` through ``visible_to``)."""
    return Application.objects.filter(
        enterprise__node__path__startswith=node.path, state__in=WAITING_STATES
    ).aggregate(
        waiting=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=timezone.now())),
        green_channel=Count("pk", filter=Q(green_channel=True)),
    )


def prefill(*, enterprise: Enterprise) -> dict[str, int]:
    """The headcounts the roster holds: on the roster, back at work, in isolation."""
    ledger = ledger_now(enterprise=enterprise)
    total = ledger.on_roster or enterprise.headcount
    return {
        "headcount_total": total,
        "headcount_returned": min(ledger.returned, total),
        "headcount_isolation": min(ledger.in_isolation, total),
    }
