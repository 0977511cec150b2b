"""Granting roles and assigning officials. Every grant is checked against the granter's own scope."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Node

from .models import Assignment, Membership, User
from .roles import GRANTABLE, HELD_ON, Capability, Role

ENTERPRISE_KINDS = frozenset({NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION, NodeKind.MEDICAL})


def can_grant(actor: User, *, node: Node, role: str) -> bool:
    """True when one of the actor's memberships covers ``node`` and may grant ``role``.

    The grant must lie inside the granter's own subtree (RuoYi's failure: grants beyond one's scope).
    """
    if actor.is_superuser:
        return True
    return any(
        role in GRANTABLE.get(m.role, frozenset()) and node.path.startswith(m.node.path)
        for m in actor.memberships_cached
    )


@transaction.atomic
def membership_grant(*, actor: User, user: User, node: Node, role: str) -> Membership:
    if role not in Role.values:
        raise ServiceError(_("Unknown role."), code="role_unknown")
    if node.kind not in HELD_ON[role]:
        raise ServiceError(
            _("The role %(role)s cannot be held on a %(kind)s."),
            code="role_node_kind",
            params={"role": Role(role).label, "kind": NodeKind(node.kind).label},
        )
    if not can_grant(actor, node=node, role=role):
        raise ScopeError(
            _("You may not grant this role on a node outside your own scope."), code="grant_out_of_scope"
        )
    membership, created = Membership.objects.get_or_create(
        user=user, node=node, role=role, defaults={"granted_by": actor}
    )
    if not created:
        raise ServiceError(_("This user already holds this role on this node."), code="membership_duplicate")
    audit_record(
        actor=actor, action=AuditAction.GRANT, obj=membership, node=node, changes={"role": [None, role]}
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership) -> None:
    if not can_grant(actor, node=membership.node, role=membership.role):
        raise ScopeError(
            _("You may not revoke a role on a node outside your own scope."), code="grant_out_of_scope"
        )
    audit_record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=membership,
        node=membership.node,
        changes={"role": [membership.role, None]},
    )
    membership.delete()


@transaction.atomic
def assignment_set(*, actor: User, node: Node, role: str, user: User | None) -> Assignment | None:
    """Make ``user`` the responsible official / service commissioner of an enterprise (None clears)."""
    if role not in AssignmentRole.values:
        raise ServiceError(_("Unknown assignment."), code="assignment_unknown")
    if node.kind not in ENTERPRISE_KINDS:
        raise ServiceError(_("Officials are assigned to enterprises and projects."), code="assignment_kind")
    scope_ok = actor.is_superuser or (
        actor.has_capability(Capability.MANAGE_ASSIGNMENTS) and actor.scope.covers_path(node.path)
    )
    if not scope_ok:
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    current = Assignment.objects.select_for_update().filter(node=node, role=role).first()
    before = current.user_id if current else None
    if current and (user is None or current.user_id != user.pk):
        current.delete()
        current = None
    if user is not None and current is None:
        current = Assignment.objects.create(node=node, role=role, user=user)
    if before != (user.pk if user else None):
        audit_record(
            actor=actor,
            action=AuditAction.ASSIGN,
            obj=node,
            node=node,
            changes={role: [before, user.pk if user else None]},
        )
    return current
