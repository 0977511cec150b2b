"""Row-level scope: the one place where "who may see which rows" is decided.

A user's :class:`Scope` is the union (OR) of what their roles grant: every row, the subtrees under some
nodes, or only the rows about themselves. Nothing is granted by default. Every model that holds local
data uses :class:`ScopedQuerySet` and names the node field(s) its rows hang off; views, the API,
exports and the admin all call ``visible_to(user)`` (NetBox's ``RestrictedQuerySet.restrict``).

Scope is evaluated on the record's node, never on who created the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class Scope:
    """What one user may see. Built by ``accounts.scope.scope_for``."""

    everything: bool = False
    # The national office sees every park's figures, never rows of personal data.
    aggregates_everywhere: bool = False
    subtree_paths: tuple[str, ...] = ()
    own_user_id: int | None = None
    _node_ids: list[int] | None = field(default=None, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.aggregates_everywhere or self.subtree_paths or self.own_user_id)

    def path_q(self, prefix: str = "") -> Q:
        """``Q`` matching nodes (through ``prefix``) inside one of the granted subtrees."""
        if not self.subtree_paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in self.subtree_paths))

    def covers_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.subtree_paths)

    def node_ids(self) -> list[int]:
        """Ids of every node in the granted subtrees, read once per scope (one indexed range query).

        Models hanging off two node fields filter with ``a IN ids OR b IN ids``, which PostgreSQL serves
        with a BitmapOr of two index scans; a subquery under OR would fall back to a sequential scan.
        """
        if self._node_ids is None:
            from parkguard.hierarchy.models import Node

            ids = list(Node.objects.filter(self.path_q()).values_list("pk", flat=True))
            object.__setattr__(self, "_node_ids", ids)
        return self._node_ids  # type: ignore[return-value]


NO_SCOPE = Scope()


def scope_of(user: AbstractBaseUser | AnonymousUser | None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    return user.scope  # type: ignore[union-attr]


class ScopedQuerySet(models.QuerySet):
    """A queryset that can be restricted to what a user may see.

    The model declares:

    - ``scope_node_fields``: the foreign keys to ``hierarchy.Node`` its rows hang off (OR-ed);
    - ``scope_self_field``: the path to the user a row is about (for "only themselves"), or ``None``;
    - ``scope_personal``: rows carry personal data, so aggregate-only scopes see none of them.
    """

    def visible_to(self, user: Any) -> ScopedQuerySet:
        scope = scope_of(user)
        model = self.model
        if scope.everything:
            return self.all()
        if scope.aggregates_everywhere and not getattr(model, "scope_personal", True):
            return self.all()
        condition = self._scope_condition(scope)
        if condition is None:
            return self.none()
        return self.filter(condition)

    def _scope_condition(self, scope: Scope) -> Q | None:
        model = self.model
        parts: list[Q] = []
        node_fields: tuple[str, ...] = getattr(model, "scope_node_fields", ())
        if scope.subtree_paths:
            if node_fields == ("self",):
                parts.append(scope.path_q())
            elif len(node_fields) == 1:
                parts.append(scope.path_q(prefix=f"{node_fields[0]}__"))
            elif node_fields:
                ids = scope.node_ids()
                parts.extend(Q(**{f"{name}__in": ids}) for name in node_fields)
        self_field = getattr(model, "scope_self_field", None)
        if scope.own_user_id and self_field:
            parts.append(Q(**{self_field: scope.own_user_id}))
        if not parts:
            return None
        return reduce(or_, parts)
