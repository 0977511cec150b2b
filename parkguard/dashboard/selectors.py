"""Reads of the dashboard: the node a user starts from, the children it lists, and the few counts no
other app's selector gives (open red flags and pass colours under a node).

Counts under a node are aggregates: the caller has read ``node`` through ``visible_to``, as the
completeness and resumption-rate selectors expect; no row of personal data leaves them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from parkguard.health.choices import Colour
from parkguard.health.models import PersonStatus
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import STEP_WIDTH, Node
from parkguard.reports.choices import FlagStatus
from parkguard.reports.models import Flag

# Children the command centre does not compare (they carry no figures of their own).
NOT_LISTED = (NodeKind.TASK_FORCE, NodeKind.BUILDING, NodeKind.CHECKPOINT)


def node_get_queryset(*, user: Any) -> Any:
    return Node.objects.visible_to(user)


def top_node(*, user: Any) -> Node | None:
    """The highest node of the user's scope (a task force only when there is nothing else)."""
    nodes = node_get_queryset(user=user).order_by("depth", "path")
    return nodes.exclude(kind=NodeKind.TASK_FORCE).first() or nodes.first()


def children(*, user: Any, node: Node) -> list[Node]:
    return list(
        node_get_queryset(user=user).filter(parent=node).exclude(kind__in=NOT_LISTED).order_by("path")
    )


def ancestors(*, user: Any, node: Node) -> list[Node]:
    """The nodes above ``node`` the user may see, top first (for the breadcrumbs)."""
    paths = [node.path[:end] for end in range(STEP_WIDTH, len(node.path), STEP_WIDTH)]
    return list(node_get_queryset(user=user).filter(path__in=paths).order_by("depth"))


def open_flags(*, user: Any, node: Node) -> tuple[int, dict[str, int]]:
    """Open red flags under ``node``: the total and the count under each child (by the child's path)."""
    width = len(node.path) + STEP_WIDTH
    rows = (
        Flag.objects.visible_to(user)
        .filter(site__path__startswith=node.path, status=FlagStatus.OPEN)
        .annotate(child=Substr("site__path", 1, width))
        .values("child")
        .annotate(n=Count("pk"))
    )
    by_child = {row["child"]: row["n"] for row in rows}
    return sum(by_child.values()), by_child


def colour_counts(*, node: Node) -> dict[str, int]:
    """How many people living or working under ``node`` hold each pass colour (counts only)."""
    under = Q(person__residence__path__startswith=node.path) | Q(person__employer__path__startswith=node.path)
    rows = PersonStatus.objects.filter(under).values("colour").annotate(n=Count("pk"))
    counts = dict.fromkeys(Colour.values, 0)
    counts.update({row["colour"]: row["n"] for row in rows})
    return counts
