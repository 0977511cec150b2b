"""What every write of returning workers shares: who may act, scope checks, the command's notices.

The writes themselves live by topic: ``registration.py`` (returnees), ``plans.py`` (planner runs, hand
edits, approval), ``transport.py`` (point-to-point runs). Each is one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send

NOTICE_KIND = NoticeKind.RETURNS
REGISTRARS = frozenset({Role.ENTERPRISE_CONTACT, Role.PARK_COMMANDER, Role.TASK_FORCE_MEMBER})
COMMAND = frozenset({Role.PARK_COMMANDER, Role.TASK_FORCE_MEMBER})
ENTERPRISE_KINDS = frozenset({NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION, NodeKind.MEDICAL})


def today() -> dt.date:
    return timezone.localdate()


def check_scope(actor: Any, node: Node, message: Any = None) -> None:
    if not scope_of(actor).covers_path(node.path):
        raise ScopeError(
            message or _("This part of the hierarchy is outside your scope."), code="out_of_scope"
        )


def check_role(actor: Any, roles: frozenset[str]) -> None:
    if not (actor.is_superuser or actor.has_role(*roles)):
        raise ScopeError(_("Your role may not do this."), code="no_permission")


def may_register(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and (
        actor.is_superuser or actor.has_role(*REGISTRARS)
    )


def may_command(actor: Any, park: Node | None = None) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if not (actor.is_superuser or actor.has_role(*COMMAND)):
        return False
    return park is None or scope_of(actor).covers_path(park.path)


def check_command(actor: Any, park: Node) -> None:
    check_scope(actor, park, _("This park is outside your scope."))
    check_role(actor, COMMAND)


def park_of(node: Node) -> Node:
    park = Node.objects.filter(path=node.park_path).first() if node.park_path else None
    if park is None:
        raise ServiceError(_("This place belongs to no park."), code="no_park")
    return park


def command_of(park: Node) -> list[Any]:
    """The park's commanders and the members of its task forces: who hears of a fever on a bus."""
    memberships = Membership.objects.filter(
        node__path__startswith=park.path, role__in=COMMAND, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def notify_command(*, park: Node, title: str, body: str, link: str, dedupe_key: str) -> None:
    notice_send(
        recipients=command_of(park),
        node=park,
        kind=NOTICE_KIND,
        title=title,
        body=body,
        link=link,
        dedupe_key=dedupe_key,
    )
