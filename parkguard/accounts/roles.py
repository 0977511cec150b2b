"""Roles, what each one reaches, and what each one may do.

A role is held on a node (``Membership``). What it reaches is one of:

- ``AGGREGATES``: every node's figures, no rows of personal data (the national office);
- ``SUBTREE``: everything under the membership's node;
- ``PARK``: everything in the park that holds the membership's node (task forces sit beside areas);
- ``SELF``: only rows about the user themselves.

Enterprises assigned to a user (包保, service commissioner) are added by the assignment itself.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkguard.hierarchy.choices import SITE_KINDS, NodeKind


class Role(models.TextChoices):
    NATIONAL_OFFICER = "national_officer", _("National officer")
    PARK_COMMANDER = "park_commander", _("Park commander")
    TASK_FORCE_MEMBER = "task_force_member", _("Task-force member")
    AREA_LEADER = "area_leader", _("Area leader")
    GRID_OFFICIAL = "grid_official", _("Grid official")
    SERVICE_COMMISSIONER = "service_commissioner", _("Service commissioner")
    BUILDING_HEAD = "building_head", _("Building head")
    ENTERPRISE_CONTACT = "enterprise_contact", _("Enterprise contact")
    GATE_GUARD = "gate_guard", _("Gate guard")
    RESIDENT = "resident", _("Resident")


class Reach(StrEnum):
    AGGREGATES = "aggregates"
    SUBTREE = "subtree"
    PARK = "park"
    SELF = "self"


class Capability(StrEnum):
    REVEAL_PERSONAL = "reveal_personal"
    VIEW_AUDIT = "view_audit"
    GRANT_ROLES = "grant_roles"
    MANAGE_ASSIGNMENTS = "manage_assignments"
    EDIT_PEOPLE = "edit_people"
    # Issue #5: health declarations, passes, checkpoints, vehicles.
    MANAGE_HEALTH_RULES = "manage_health_rules"  # risk areas and colour rules
    CHANGE_COLOUR = "change_colour"  # request or approve (never both) a manual colour change
    MANAGE_PASS_KEYS = "manage_pass_keys"  # noqa: S105 - signing keys, trust lists, revocation
    SCAN_PASSES = "scan_passes"  # check passes at a checkpoint
    TRACE_CONTACTS = "trace_contacts"  # who passed a checkpoint between two times (audited)
    REGISTER_VEHICLES = "register_vehicles"
    # Issue #7: central isolation observation (a site's officer may also run their own site).
    MANAGE_ISOLATION = "manage_isolation"  # check-in, observations, extensions, release after the period
    RELEASE_EARLY = "release_early"  # release before the observation period ends, with a reason


REACH: dict[str, Reach] = {
    Role.NATIONAL_OFFICER: Reach.AGGREGATES,
    Role.PARK_COMMANDER: Reach.SUBTREE,
    Role.TASK_FORCE_MEMBER: Reach.PARK,
    Role.AREA_LEADER: Reach.SUBTREE,
    Role.GRID_OFFICIAL: Reach.SUBTREE,
    # A service commissioner reaches the enterprises assigned to them, through those assignments.
    Role.SERVICE_COMMISSIONER: Reach.SELF,
    Role.BUILDING_HEAD: Reach.SUBTREE,
    Role.ENTERPRISE_CONTACT: Reach.SUBTREE,
    # A gate guard checks passes at a gate; lists of people are not theirs to browse.
    Role.GATE_GUARD: Reach.SELF,
    Role.RESIDENT: Reach.SELF,
}

# The node kinds a role may be held on.
HELD_ON: dict[str, frozenset[str]] = {
    Role.NATIONAL_OFFICER: frozenset({NodeKind.NATIONAL}),
    Role.PARK_COMMANDER: frozenset({NodeKind.PARK}),
    Role.TASK_FORCE_MEMBER: frozenset({NodeKind.TASK_FORCE}),
    Role.AREA_LEADER: frozenset({NodeKind.AREA}),
    Role.GRID_OFFICIAL: frozenset({NodeKind.GRID}),
    Role.SERVICE_COMMISSIONER: frozenset({NodeKind.PARK, NodeKind.AREA, NodeKind.TASK_FORCE}),
    Role.BUILDING_HEAD: frozenset({NodeKind.BUILDING}),
    Role.ENTERPRISE_CONTACT: SITE_KINDS - {NodeKind.COMPOUND, NodeKind.CHECKPOINT},
    Role.GATE_GUARD: frozenset({NodeKind.CHECKPOINT, NodeKind.COMPOUND}),
    Role.RESIDENT: frozenset({NodeKind.BUILDING, NodeKind.COMPOUND}),
}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.NATIONAL_OFFICER: frozenset(),
    Role.PARK_COMMANDER: frozenset(Capability),
    Role.TASK_FORCE_MEMBER: frozenset(
        {
            Capability.REVEAL_PERSONAL,
            Capability.EDIT_PEOPLE,
            Capability.MANAGE_HEALTH_RULES,
            Capability.CHANGE_COLOUR,
            Capability.SCAN_PASSES,
            Capability.TRACE_CONTACTS,
            Capability.REGISTER_VEHICLES,
            Capability.MANAGE_ISOLATION,
            Capability.RELEASE_EARLY,
        }
    ),
    Role.AREA_LEADER: frozenset(
        {
            Capability.REVEAL_PERSONAL,
            Capability.GRANT_ROLES,
            Capability.MANAGE_ASSIGNMENTS,
            Capability.EDIT_PEOPLE,
            Capability.TRACE_CONTACTS,
        }
    ),
    Role.GRID_OFFICIAL: frozenset(
        {
            Capability.REVEAL_PERSONAL,
            Capability.GRANT_ROLES,
            Capability.EDIT_PEOPLE,
            Capability.SCAN_PASSES,
            Capability.REGISTER_VEHICLES,
        }
    ),
    Role.SERVICE_COMMISSIONER: frozenset(),
    Role.BUILDING_HEAD: frozenset({Capability.EDIT_PEOPLE}),
    Role.ENTERPRISE_CONTACT: frozenset({Capability.EDIT_PEOPLE, Capability.REGISTER_VEHICLES}),
    Role.GATE_GUARD: frozenset({Capability.SCAN_PASSES}),
    Role.RESIDENT: frozenset(),
}

# Which roles a holder may grant, inside their own subtree only (never above or beside it).
GRANTABLE: dict[str, frozenset[str]] = {
    Role.PARK_COMMANDER: frozenset(set(Role) - {Role.NATIONAL_OFFICER, Role.PARK_COMMANDER}),
    Role.AREA_LEADER: frozenset(
        {
            Role.GRID_OFFICIAL,
            Role.SERVICE_COMMISSIONER,
            Role.BUILDING_HEAD,
            Role.ENTERPRISE_CONTACT,
            Role.GATE_GUARD,
            Role.RESIDENT,
        }
    ),
    Role.GRID_OFFICIAL: frozenset(
        {Role.BUILDING_HEAD, Role.ENTERPRISE_CONTACT, Role.GATE_GUARD, Role.RESIDENT}
    ),
}
