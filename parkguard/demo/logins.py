"""One demo login per role, with the shared demo password; mostly in 昆明, whose grid is the richest.

Where the demo already has an official with that role on that node (a grid official of the grid, the
head of the building), that official becomes the login, so that the seed's figures stay exact (337 grid
officials, 682 building heads). Otherwise a new user gets the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from parkguard.accounts.models import Membership, User
from parkguard.accounts.roles import Role
from parkguard.checkpoints.demo import ningdong_nodes
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .builder import DemoTree
from .fiction import Fiction

# Public by design: printed by ``manage.py demo --logins`` and in the README. Never used outside the demo.
DEMO_PASSWORD = "parkguard-demo-2020"  # noqa: S105
SUPERUSER = "admin"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    place: Callable[[DemoTree], Node]


LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("demo-national", Role.NATIONAL_OFFICER, lambda t: t.national),
    DemoLogin("demo-commander", Role.PARK_COMMANDER, lambda t: t.parks["km"].park),
    DemoLogin("demo-commander-shm", Role.PARK_COMMANDER, lambda t: t.parks["shm"].park),
    DemoLogin("demo-taskforce", Role.TASK_FORCE_MEMBER, lambda t: t.parks["km"].task_forces[0]),
    DemoLogin("demo-area", Role.AREA_LEADER, lambda t: t.parks["km"].areas[0]),
    # The first grid holds the first compound, its first building and the first enterprise, and the
    # people of both (builder.spread places item 0 in slot 0).
    DemoLogin("demo-grid", Role.GRID_OFFICIAL, lambda t: t.parks["km"].grids[0]),
    # 合肥's first commissioner, of 企业服务一组, serves the first enterprises.
    DemoLogin("demo-commissioner", Role.SERVICE_COMMISSIONER, lambda t: t.parks["hf"].task_forces[0]),
    # 无锡's construction authority: its staff see every construction project's twice-daily reports.
    DemoLogin("demo-construction", Role.TASK_FORCE_MEMBER, lambda t: t.parks["wx"].task_forces[-1]),
    DemoLogin("demo-building", Role.BUILDING_HEAD, lambda t: t.parks["km"].buildings[0]),
    DemoLogin("demo-enterprise", Role.ENTERPRISE_CONTACT, lambda t: t.parks["km"].enterprises[0]),
    DemoLogin("demo-guard", Role.GATE_GUARD, lambda t: t.parks["shm"].checkpoints[0]),
    DemoLogin("demo-resident", Role.RESIDENT, lambda t: t.parks["km"].buildings[0]),
    # Issue #5: the guard of the demo resident's compound gate (its first building is in the first
    # compound), and 宁东 — 上海庙's partner jurisdiction — with its road check station's guard and its
    # commander, who syncs 上海庙's lists (parkguard/checkpoints/demo.py).
    DemoLogin("demo-compound-guard", Role.GATE_GUARD, lambda t: t.parks["km"].compounds[0]),
    DemoLogin("demo-guard-nd", Role.GATE_GUARD, lambda t: ningdong_nodes(t.national)[1]),
    DemoLogin("demo-commander-nd", Role.PARK_COMMANDER, lambda t: ningdong_nodes(t.national)[0]),
)
USERNAMES: tuple[str, ...] = (SUPERUSER, *(login.username for login in LOGINS))


def create_logins(tree: DemoTree) -> None:
    # One hash for every login: the password is printed for all to read, and argon2 is slow on purpose.
    password = make_password(DEMO_PASSWORD)
    fiction = Fiction("logins")
    # An ``admin`` made before the demo keeps its own password.
    User.objects.get_or_create(
        username=SUPERUSER,
        defaults={"display_name": "演示管理员", "password": password, "is_staff": True, "is_superuser": True},
    )
    for login in LOGINS:
        node = login.place(tree)
        user = _official(node, login.role) or User(display_name=fiction.person_name())
        user.username, user.password = login.username, password
        user.save()
        Membership.objects.get_or_create(user=user, node=node, role=login.role)
        if login.role == Role.RESIDENT:
            _link_resident(user, node)


def _official(node: Node, role: str) -> User | None:
    membership = Membership.objects.filter(node=node, role=role).select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _link_resident(user: User, building: Node) -> None:
    """The resident login is one of the people living in the building, so it sees its own record."""
    person = Person.objects.filter(residence=building, user__isnull=True).order_by("pk").first()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    User.objects.filter(pk=user.pk).update(display_name=person.name)
