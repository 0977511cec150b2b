"""Computing a user's scope from their memberships and assignments (deny by default)."""

from __future__ import annotations

from parkguard.core.scoping import Scope
from parkguard.hierarchy.models import STEP_WIDTH

from .roles import REACH, Reach


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by a shorter one, so the filter has as few terms as it needs."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


def scope_for(user) -> Scope:
    if user.is_superuser:
        return Scope(everything=True)
    paths: set[str] = set()
    aggregates = False
    own = False
    for membership in user.memberships_cached:
        reach = REACH[membership.role]
        if reach is Reach.AGGREGATES:
            aggregates = True
        elif reach is Reach.SUBTREE:
            paths.add(membership.node.path)
        elif reach is Reach.PARK:
            paths.add(membership.node.path[: 2 * STEP_WIDTH])
        own = True
    paths.update(user.assignments.values_list("node__path", flat=True))
    return Scope(
        aggregates_everywhere=aggregates,
        subtree_paths=_minimal(paths),
        own_user_id=user.pk if own or paths else None,
    )
