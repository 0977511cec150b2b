"""Reads of the tree, always through ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from parkguard.accounts.models import Assignment, Membership
from parkguard.accounts.roles import Role
from parkguard.hierarchy.choices import AssignmentRole, NodeKind

from .models import Node, NodeQuerySet

ENTERPRISE_KINDS = (NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION, NodeKind.MEDICAL)


def node_tree(*, user: Any, include_buildings: bool = False) -> NodeQuerySet:
    nodes = Node.objects.visible_to(user).only("id", "name", "kind", "depth", "path", "parent_id")
    if not include_buildings:
        nodes = nodes.exclude(kind=NodeKind.BUILDING)
    return nodes.order_by("path")


def node_children(*, user: Any, node: Node) -> NodeQuerySet:
    return Node.objects.visible_to(user).filter(parent=node).order_by("kind", "name")


def node_ancestors(*, user: Any, node: Node) -> NodeQuerySet:
    return Node.objects.visible_to(user).ancestors_of(node)


def node_officials(*, node: Node) -> QuerySet[Membership]:
    """Who holds an office on this node (the node itself is already known to be visible).

    Residents hold a role on their building too, but naming them here would list who lives where to
    everyone who may open the building, the national office included.
    """
    memberships = Membership.objects.filter(node=node).exclude(role=Role.RESIDENT)
    return memberships.select_related("user").order_by("role", "user__username")


def node_assignments(*, node: Node) -> QuerySet[Assignment]:
    return Assignment.objects.filter(node=node).select_related("user").order_by("role")


def enterprise_assignment_list(*, user: Any, missing: str = "") -> NodeQuerySet:
    """Enterprises with their responsible official, commissioner and supervising department.

    ``missing``: ``responsible``, ``department`` or ``any`` lists only the gaps.
    """
    has_responsible = Exists(Assignment.objects.filter(node=OuterRef("pk"), role=AssignmentRole.RESPONSIBLE))
    nodes = (
        Node.objects.visible_to(user)
        .filter(kind__in=ENTERPRISE_KINDS)
        .annotate(has_responsible=has_responsible)
        .select_related("supervising_department", "parent")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("user")))
        .order_by("path")
    )
    if missing == "responsible":
        nodes = nodes.filter(has_responsible=False)
    elif missing == "department":
        nodes = nodes.filter(supervising_department__isnull=True)
    elif missing == "any":
        nodes = nodes.filter(Q(has_responsible=False) | Q(supervising_department__isnull=True))
    return nodes
