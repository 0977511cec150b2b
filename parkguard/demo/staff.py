"""The officials of the demo parks: roles on nodes and assignments to enterprises.

There are some 1,250 of them (昆明 alone has 337 grid officials and 682 building heads), so they are
collected in memory and written with one bulk insert per table. None of them can log in (unusable
password); ``logins.py`` gives a password to one official per role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parkguard.accounts.models import Assignment, Membership, User
from parkguard.accounts.roles import Role
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.hierarchy.models import Node

from .builder import ParkNodes, share, spread
from .fiction import Fiction

BATCH = 500


@dataclass
class Roster:
    """Users, memberships and assignments waiting to be inserted."""

    users: list[User] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    def add(self, username: str, display_name: str, role: str = "", node: Node | None = None) -> User:
        user = User(username=username, display_name=display_name)
        user.set_unusable_password()
        self.users.append(user)
        if role:
            self.memberships.append(Membership(user=user, node=node, role=role))
        return user

    def assign(self, user: User, nodes: list[Node], role: str) -> None:
        self.assignments += [Assignment(user=user, node=node, role=role) for node in nodes]

    def save(self) -> None:
        # bulk_create sets the users' ids (RETURNING on PostgreSQL and SQLite ≥ 3.35), and the
        # memberships pick them up from the related objects when they are inserted in turn.
        User.objects.bulk_create(self.users, batch_size=BATCH)
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        Assignment.objects.bulk_create(self.assignments, batch_size=BATCH)


def staff_park(roster: Roster, park: ParkNodes) -> None:
    """One commander, a leader per area (分管领导包片区), a member per task force, grid officials spread
    over the grids, a head per building, a guard per checkpoint, then commissioners and 包保 officials."""
    spec, fiction = park.spec, Fiction(f"{park.spec.key}:staff")

    def add_each(slug: str, role: str, nodes: list[Node], width: int = 2) -> None:
        for n, node in enumerate(nodes, 1):
            roster.add(f"{spec.key}-{slug}-{n:0{width}d}", fiction.person_name(), role, node)

    roster.add(f"{spec.key}-commander", fiction.person_name(), Role.PARK_COMMANDER, park.park)
    add_each("area", Role.AREA_LEADER, park.areas)
    add_each("taskforce", Role.TASK_FORCE_MEMBER, park.task_forces)
    officials = len(park.grids) if spec.grid_officials is None else spec.grid_officials
    add_each("grid", Role.GRID_OFFICIAL, spread(park.grids, officials), width=4)
    add_each("building", Role.BUILDING_HEAD, park.buildings, width=4)
    add_each("guard", Role.GATE_GUARD, park.checkpoints)
    _commissioners(roster, park, fiction)
    _responsible_officials(roster, park, fiction)


def _commissioners(roster: Roster, park: ParkNodes, fiction: Fiction) -> None:
    """Service commissioners share every enterprise and project of the park between them (合肥:
    五个企业服务组 … 覆盖所有企业), holding their role on their service group or on the park."""
    count = park.spec.commissioners
    homes = spread(park.task_forces, count) if park.spec.commissioners_on_task_forces else [park.park] * count
    for n, (home, nodes) in enumerate(zip(homes, share(park.workplaces, count), strict=True), 1):
        user = roster.add(
            f"{park.spec.key}-commissioner-{n:03d}", fiction.person_name(), Role.SERVICE_COMMISSIONER, home
        )
        roster.assign(user, nodes, AssignmentRole.COMMISSIONER)


def _responsible_officials(roster: Roster, park: ParkNodes, fiction: Fiction) -> None:
    """Officials answering for enterprises (一般干部保企业; 合肥: 领导包联重点企业).

    They hold no role: the assignment alone brings their enterprises into their scope.
    """
    spec = park.spec
    covered = spec.responsible_enterprises
    if covered is None:
        covered = len(park.workplaces) - spec.responsible_gaps
    for n, nodes in enumerate(share(park.workplaces[:covered], spec.responsible_officials), 1):
        user = roster.add(f"{spec.key}-responsible-{n:03d}", fiction.person_name())
        roster.assign(user, nodes, AssignmentRole.RESPONSIBLE)
