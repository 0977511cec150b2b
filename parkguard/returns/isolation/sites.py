"""Isolation: setting up sites and their rooms (the command or the medical team)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError
from parkguard.core.scoping import scope_of

from ..models import (
    IsolationSite,
    IsolationStay,
    Room,
)
from .access import field_error

# --- sites and rooms -------------------------------------------------------------------------------

MAX_SITE_BEDS = 10_000
MAX_ROOM_BEDS = 20


def check_command(actor: Any, node: Any) -> None:
    """Setting up a site or its rooms: the command or the medical team (MANAGE_ISOLATION), in scope."""
    if not scope_of(actor).covers_path(node.path):
        raise ScopeError(_("This isolation site is outside your scope."), code="out_of_scope")
    if not (actor.is_superuser or actor.has_capability(Capability.MANAGE_ISOLATION)):
        raise ScopeError(_("Your role may not set up isolation sites."), code="no_permission")


def _whole(raw: Any, field: str, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= high:
        raise field_error(
            field,
            _("Enter a whole number from %(low)s to %(high)s."),
            "number_range",
            {"low": low, "high": high},
        )
    return value


def _occupied_now(**where: Any) -> int:
    return IsolationStay.objects.filter(released_on__isnull=True, **where).count()


@transaction.atomic
def site_setup(*, actor: Any, node: Any, capacity: Any, observation_days: Any = 14) -> IsolationSite:
    """Make a hierarchy node of kind "isolation site" an isolation site with its beds and period."""
    from parkguard.hierarchy.choices import NodeKind

    check_command(actor, node)
    if node.kind != NodeKind.ISOLATION_SITE:
        raise field_error("node", _("Choose a node of the kind “isolation site”."), "not_isolation_site")
    values = {
        "capacity": _whole(capacity, "capacity", 1, MAX_SITE_BEDS),
        "observation_days": _whole(observation_days, "observation_days", 1, 60),
    }
    if IsolationSite.objects.filter(node=node).exists():
        raise field_error("node", _("%(name)s is set up already."), "site_exists", {"name": node.name})
    try:
        with transaction.atomic():
            site = IsolationSite.objects.create(node=node, **values)
    except IntegrityError:
        raise field_error(
            "node", _("%(name)s is set up already."), "site_exists", {"name": node.name}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=site,
        node=node,
        changes={k: [None, v] for k, v in values.items()},
    )
    return site


_KEEP = object()


@transaction.atomic
def site_update(
    *, actor: Any, site: IsolationSite, capacity: Any, observation_days: Any, officer: Any = _KEEP
) -> IsolationSite:
    """Change a site's beds (never below the people in it now), its period (for check-ins from now) and
    its officer (who must reach the site through a role; ``None`` for none)."""
    current = IsolationSite.objects.select_for_update().select_related("node").get(pk=site.pk)
    check_command(actor, current.node)
    values: dict[str, Any] = {
        "capacity": _whole(capacity, "capacity", 1, MAX_SITE_BEDS),
        "observation_days": _whole(observation_days, "observation_days", 1, 60),
    }
    if officer is not _KEEP:
        if officer is not None and not (
            officer.is_active and scope_of(officer).covers_path(current.node.path)
        ):
            raise field_error(
                "officer",
                _("%(name)s has no role that reaches this site: give them one first."),
                "officer_out_of_scope",
                {"name": str(officer)},
            )
        values["officer"] = officer
    occupied = _occupied_now(site=current)
    if values["capacity"] < occupied:
        raise field_error(
            "capacity",
            _("%(count)s people are in isolation here now: the site cannot have fewer beds."),
            "below_occupancy",
            {"count": occupied},
        )
    before = {k: getattr(current, k) for k in values}
    for key, value in values.items():
        setattr(current, key, value)
    current.save(update_fields=list(values))
    changes = {
        k: [getattr(before[k], "pk", before[k]), getattr(values[k], "pk", values[k])]
        for k in values
        if before[k] != values[k]
    }
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, node=current.node, changes=changes)
    return current


@transaction.atomic
def room_save(*, actor: Any, site: IsolationSite, number: str, beds: Any) -> Room:
    """Add a room to a site, or change the beds of the room of that number (never below its occupants)."""
    current = IsolationSite.objects.select_for_update().select_related("node").get(pk=site.pk)
    check_command(actor, current.node)
    number = str(number or "").strip()
    if not number or len(number) > 20:
        raise field_error("number", _("Give the room number (up to 20 characters)."), "room_number")
    beds = _whole(beds, "beds", 1, MAX_ROOM_BEDS)
    room = Room.objects.filter(site=current, number=number).first()
    if room is None:
        room = Room.objects.create(site=current, number=number, beds=beds)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=room,
            node=current.node,
            changes={"beds": [None, beds]},
        )
        return room
    occupied = _occupied_now(room=room)
    if beds < occupied:
        raise field_error(
            "beds",
            _("%(count)s people are in room %(room)s now: it cannot have fewer beds."),
            "below_occupancy",
            {"count": occupied, "room": number},
        )
    before = room.beds
    room.beds = beds
    room.save(update_fields=["beds"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=room, node=current.node, changes={"beds": [before, beds]}
    )
    return room
