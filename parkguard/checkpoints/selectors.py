"""Reads of checkpoints and of the scan log, always through the scope (or the guard's own gate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from parkguard.accounts.roles import Capability, Role
from parkguard.core.scoping import scope_of

from .models import Checkpoint, ScanEvent, ScanEventQuerySet


def checkpoint_list(*, user: Any) -> Any:
    """Checkpoints the user may see: those in scope, and the gates where they are the guard.

    A guard's reach is themselves (they browse no lists of people), so their own gate comes from
    their membership on its node, not from the scope.
    """
    guarded = Q(node__memberships__user_id=getattr(user, "pk", None), node__memberships__role=Role.GATE_GUARD)
    visible = Checkpoint.objects.visible_to(user).values("pk")
    return Checkpoint.objects.filter(Q(pk__in=visible) | guarded).select_related("node").distinct()


def checkpoint_scan_list(*, user: Any) -> Any:
    """Checkpoints where the user may scan passes (they need the scan capability too)."""
    if not getattr(user, "is_authenticated", False) or not user.has_capability(Capability.SCAN_PASSES):
        return Checkpoint.objects.none()
    return checkpoint_list(user=user).filter(active=True)


def scan_list(
    *,
    user: Any,
    checkpoint: Checkpoint | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    pseudonym: str = "",
) -> ScanEventQuerySet:
    """Scans in the user's scope (contact tracing): one checkpoint or all, between two times."""
    scans = ScanEvent.objects.visible_to(user).select_related("checkpoint__node", "lane", "guard", "person")
    if checkpoint is not None:
        scans = scans.filter(checkpoint=checkpoint)
    if start is not None:
        scans = scans.filter(scanned_at__gte=start)
    if end is not None:
        scans = scans.filter(scanned_at__lt=end)
    if pseudonym:
        scans = scans.filter(pseudonym=pseudonym)
    return scans


def recent_scans(*, checkpoint: Checkpoint, guard: Any, limit: int = 10) -> list[ScanEvent]:
    """The guard's own last scans at this gate (the strip under the scanner)."""
    return list(
        ScanEvent.objects.filter(checkpoint=checkpoint, guard=guard).order_by("-scanned_at", "-id")[:limit]
    )


def can_trace(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_capability(Capability.TRACE_CONTACTS)


def tracing_checkpoints(*, user: Any) -> Any:
    """Checkpoints whose log the user may query: those in scope (a guard's reach does not count)."""
    if not can_trace(user) or scope_of(user).is_empty:
        return Checkpoint.objects.none()
    return Checkpoint.objects.visible_to(user).select_related("node")


def can_configure(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_capability(Capability.MANAGE_PASS_KEYS)


def gate_node_list(*, user: Any) -> Any:
    """Checkpoint and compound nodes in scope whose gate the user may configure."""
    from parkguard.hierarchy.models import Node

    from .choices import CHECKPOINT_KINDS

    if not can_configure(user):
        return Node.objects.none()
    return Node.objects.visible_to(user).filter(kind__in=CHECKPOINT_KINDS)


def checkpoint_config_list(*, user: Any) -> list[tuple[Any, Checkpoint | None]]:
    """(node, its checkpoint or None) for every gate node the user may configure, in tree order."""
    nodes = list(gate_node_list(user=user).order_by("path"))
    configured = {c.node_id: c for c in Checkpoint.objects.visible_to(user).filter(node__in=nodes)}
    return [(node, configured.get(node.pk)) for node in nodes]


def partner_choices(*, user: Any, node: Any) -> Any:
    """Partners of the node's park (the jurisdiction whose trust list the checkpoint verifies with)."""
    from parkguard.passes.models import Partner

    return Partner.objects.visible_to(user).filter(park__path=node.park_path or "")


def partner_list(*, user: Any) -> Any:
    """Partners in the user's scope, with their sync settings, for those who manage pass keys."""
    from parkguard.passes.models import Partner

    if not can_configure(user):
        return Partner.objects.none()
    return Partner.objects.visible_to(user).select_related("park", "sync").order_by("park__path", "name")
