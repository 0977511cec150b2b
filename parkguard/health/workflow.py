"""Who may do what in the health app, and the lifecycle of a manual colour change.

A manual change goes pending → approved (in force from approval until its end time, or until revoked)
or pending → refused; approved → revoked. Requesting and approving both need ``CHANGE_COLOUR`` on the
person, and the approver must be a different official from the requester (four eyes).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .choices import ManualStatus
from .models import ManualChange


def _may(actor: Any, capability: Capability) -> bool:
    return bool(actor is not None and (actor.is_superuser or actor.has_capability(capability)))


def can_manage_rules(actor: Any, park: Node) -> bool:
    return scope_of(actor).covers_path(park.path) and _may(actor, Capability.MANAGE_HEALTH_RULES)


def check_can_manage_rules(actor: Any, park: Node) -> None:
    if not scope_of(actor).covers_path(park.path):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not _may(actor, Capability.MANAGE_HEALTH_RULES):
        raise ScopeError(_("Only the command may change risk areas and colour rules."), code="no_permission")


def person_in_scope(actor: Any, person: Person) -> bool:
    return Person.objects.visible_to(actor).filter(pk=person.pk).exists()


def can_change_colour(actor: Any, person: Person) -> bool:
    """Holds ``CHANGE_COLOUR`` through a role that reaches the person (never only as themselves)."""
    if not _may(actor, Capability.CHANGE_COLOUR) or getattr(actor, "pk", None) == person.user_id:
        return False
    return person_in_scope(actor, person)


def check_can_change_colour(actor: Any, person: Person) -> None:
    if not person_in_scope(actor, person):
        raise ScopeError(_("This person is outside your scope."), code="out_of_scope")
    if getattr(actor, "pk", None) == person.user_id:
        raise ScopeError(_("Nobody may change their own colour."), code="own_colour")
    if not _may(actor, Capability.CHANGE_COLOUR):
        raise ScopeError(_("You may not change colours by hand."), code="no_permission")


def check_pending(change: ManualChange) -> None:
    if change.status != ManualStatus.PENDING:
        raise ServiceError(
            _("This change has already been decided (%(status)s)."),
            code="already_decided",
            params={"status": change.get_status_display()},
        )


def check_not_own_request(actor: Any, change: ManualChange) -> None:
    if change.requested_by_id == getattr(actor, "pk", None):
        raise ServiceError(
            _("You requested this change yourself: a different official must approve it."),
            code="own_request",
        )


def can_approve(actor: Any, change: ManualChange) -> bool:
    return (
        change.is_pending
        and change.requested_by_id != getattr(actor, "pk", None)
        and can_change_colour(actor, change.person)
    )
