"""Writes to the tree. Each is one transaction, serialised by an advisory lock, and audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.locks import advisory_xact_lock
from parkguard.core.scoping import scope_of
from parkguard.lib.codes import validate_division_code

from .choices import NodeKind
from .models import Department, Node, encode_step
from .signals import subtree_moved

TREE_LOCK = "hierarchy.tree"
_EDITABLE = ("name", "division_code", "division_code_year", "supervising_department")


def _check_actor_covers(actor: Any, node: Node | None) -> None:
    scope = scope_of(actor)
    if scope.everything:
        return
    if node is None or not scope.covers_path(node.path):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")


def _clean_code(division_code: str, division_code_year: int | None) -> tuple[str, int | None]:
    if not division_code:
        return "", None
    code = validate_division_code(division_code)
    if not division_code_year:
        raise ServiceError(
            _("Division codes change every year: give the year of the code list."), code="division_code_year"
        )
    return code, division_code_year


def insert_node(*, parent: Node | None, kind: str, name: str, **fields: Any) -> Node:
    """Insert one node and give it its path. Internal: no checks, no audit (services and fixtures)."""
    node = Node(parent=parent, kind=kind, name=name.strip(), **fields)
    # The path needs the id: insert with a unique placeholder, then set it in the same transaction.
    node.path = f"~{uuid.uuid4().hex}"
    node.depth = (parent.depth if parent else 0) + 1
    with transaction.atomic():
        node.save()
        node.path = (parent.path if parent else "") + encode_step(node.pk)
        Node.objects.filter(pk=node.pk).update(path=node.path)
    return node


@transaction.atomic
def node_create(
    *,
    actor: Any,
    parent: Node | None,
    kind: str,
    name: str,
    division_code: str = "",
    division_code_year: int | None = None,
) -> Node:
    advisory_xact_lock(TREE_LOCK)
    if parent is None:
        if kind != NodeKind.NATIONAL or not scope_of(actor).everything:
            raise ServiceError(_("Only the national office is a root of the tree."), code="root_kind")
    else:
        parent.refresh_from_db(fields=["path", "depth"])
        _check_actor_covers(actor, parent)
        if not parent.can_hold(kind):
            raise ServiceError(
                _("A %(child)s cannot be placed under a %(parent)s."),
                code="kind_not_allowed",
                params={"child": NodeKind(kind).label, "parent": NodeKind(parent.kind).label},
            )
    if not name.strip():
        raise ServiceError(_("A name is required."), code="name_required")
    code, year = _clean_code(division_code, division_code_year)
    node = insert_node(parent=parent, kind=kind, name=name, division_code=code, division_code_year=year)
    recorded = ("kind", "name", "division_code", "division_code_year") if code else ("kind", "name")
    changes = diff({}, snapshot(node, recorded))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=node, node=node, changes=changes)
    return node


@transaction.atomic
def node_update(*, actor: Any, node: Node, **fields: Any) -> Node:
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(unknown)}
        )
    _check_actor_covers(actor, node)
    before = snapshot(node, _EDITABLE)
    if "division_code" in fields or "division_code_year" in fields:
        code, year = _clean_code(
            fields.get("division_code", node.division_code),
            fields.get("division_code_year", node.division_code_year),
        )
        fields["division_code"], fields["division_code_year"] = code, year
    department = fields.get("supervising_department")
    if department is not None and department.park.path != node.park_path:
        raise ServiceError(_("The department belongs to another park."), code="department_park")
    for name, value in fields.items():
        setattr(node, name, value)
    node.save()
    changes = diff(before, snapshot(node, _EDITABLE))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=node, node=node, changes=changes)
    return node


def move_subtree(*, node: Node, new_parent: Node) -> None:
    """Rewrite the path and depth of ``node`` and everything below it in one UPDATE.

    Internal: the caller checks rules and scope, holds the tree lock and writes the audit event.
    """
    advisory_xact_lock(TREE_LOCK)
    old_path = node.path
    new_path = new_parent.path + encode_step(node.pk)
    delta = new_parent.depth + 1 - node.depth
    Node.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + delta,
    )
    Node.objects.filter(pk=node.pk).update(parent=new_parent)
    # Caches of figures per parent (the roll-up's kept totals) drop the old and the new parent's.
    subtree_moved.send(sender=Node, node=node, old_parent_id=node.parent_id, new_parent_id=new_parent.pk)
    node.refresh_from_db()


@transaction.atomic
def node_move(*, actor: Any, node: Node, new_parent: Node) -> Node:
    """Move ``node`` and its subtree under ``new_parent``: one UPDATE rewrites every path below."""
    advisory_xact_lock(TREE_LOCK)
    node.refresh_from_db()
    new_parent.refresh_from_db()
    _check_actor_covers(actor, node)
    _check_actor_covers(actor, new_parent)
    if new_parent.path.startswith(node.path):
        raise ServiceError(_("A node cannot be moved under itself or its own descendant."), code="move_cycle")
    if not new_parent.can_hold(node.kind):
        raise ServiceError(
            _("A %(child)s cannot be placed under a %(parent)s."),
            code="kind_not_allowed",
            params={"child": NodeKind(node.kind).label, "parent": NodeKind(new_parent.kind).label},
        )
    old_parent_id = node.parent_id
    move_subtree(node=node, new_parent=new_parent)
    audit_record(
        actor=actor,
        action=AuditAction.MOVE,
        obj=node,
        node=node,
        changes={"parent": [old_parent_id, new_parent.pk]},
    )
    return node


@transaction.atomic
def department_create(*, actor: Any, park: Node, name: str) -> Department:
    _check_actor_covers(actor, park)
    if park.kind != NodeKind.PARK:
        raise ServiceError(_("Departments belong to a park."), code="department_park")
    if Department.objects.filter(park=park, name=name.strip()).exists():
        raise ServiceError(_("This park already has a department of that name."), code="department_duplicate")
    department = Department.objects.create(park=park, name=name.strip())
    audit_record(actor=actor, action=AuditAction.CREATE, obj=department, node=park)
    return department
