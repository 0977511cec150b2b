"""The shared cast of the tests (healthchecks' alice/bob/charlie, for a park).

Two parks. In park A: an area with two grids; grid 1 holds a compound (with a building), an enterprise;
grid 2 holds another enterprise. Park B has its own grid and enterprise. One user per role in park A,
the grid official of the neighbouring grid, the grid official of park B, and an outsider with no role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parkguard.accounts.models import Assignment, Membership, User
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .factories import NodeFactory, PersonFactory, UserFactory

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    nodes: dict[str, Node] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def _node(world: World, key: str, parent: str | None, kind: str, name: str, **extra) -> Node:
    node = NodeFactory(parent=world.nodes[parent] if parent else None, kind=kind, name=name, **extra)
    world.nodes[key] = node
    return node


def _user(world: World, key: str, node: str | None, role: str | None) -> User:
    user = UserFactory(username=key, display_name=key)
    if node and role:
        Membership.objects.create(user=user, node=world.nodes[node], role=role)
    world.users[key] = user
    return user


def build_world() -> World:
    w = World()
    _node(w, "national", None, NodeKind.NATIONAL, "国家生态工业园区办公室")
    _node(
        w, "park_a", "national", NodeKind.PARK, "昆明经开区", division_code="530111", division_code_year=2020
    )
    _node(w, "area_a", "park_a", NodeKind.AREA, "阿拉街道")
    _node(w, "grid_1", "area_a", NodeKind.GRID, "一号网格")
    _node(w, "grid_2", "area_a", NodeKind.GRID, "二号网格")
    _node(w, "compound_1", "grid_1", NodeKind.COMPOUND, "幸福小区")
    _node(w, "building_1", "compound_1", NodeKind.BUILDING, "幸福小区1栋")
    _node(w, "enterprise_1", "grid_1", NodeKind.ENTERPRISE, "滇池机械")
    _node(w, "enterprise_2", "grid_2", NodeKind.ENTERPRISE, "螺蛳湾物流")
    _node(w, "checkpoint_a", "park_a", NodeKind.CHECKPOINT, "经开区东卡口")
    _node(w, "task_force_a", "park_a", NodeKind.TASK_FORCE, "医疗救治组")
    _node(
        w,
        "park_b",
        "national",
        NodeKind.PARK,
        "上海庙经济开发区",
        division_code="150623",
        division_code_year=2020,
    )
    _node(w, "grid_b", "park_b", NodeKind.AREA, "上海庙镇")
    _node(w, "enterprise_b", "grid_b", NodeKind.ENTERPRISE, "上海庙煤矿")

    _user(w, "national_officer", "national", "national_officer")
    _user(w, "park_commander", "park_a", "park_commander")
    _user(w, "task_force_member", "task_force_a", "task_force_member")
    _user(w, "area_leader", "area_a", "area_leader")
    _user(w, "grid_official", "grid_1", "grid_official")
    _user(w, "neighbour_official", "grid_2", "grid_official")
    _user(w, "service_commissioner", "park_a", "service_commissioner")
    _user(w, "building_head", "building_1", "building_head")
    _user(w, "enterprise_contact", "enterprise_1", "enterprise_contact")
    _user(w, "gate_guard", "checkpoint_a", "gate_guard")
    _user(w, "resident", "building_1", "resident")
    _user(w, "commander_b", "park_b", "park_commander")
    _user(w, "outsider", None, None)
    Assignment.objects.create(
        node=w.nodes["enterprise_2"], user=w.users["service_commissioner"], role=AssignmentRole.COMMISSIONER
    )

    w.people["resident"] = PersonFactory(
        name="王居民", residence=w.nodes["building_1"], user=w.users["resident"]
    )
    w.people["worker_1"] = PersonFactory(name="李工人", employer=w.nodes["enterprise_1"])
    w.people["worker_2"] = PersonFactory(name="赵司机", employer=w.nodes["enterprise_2"])
    w.people["worker_b"] = PersonFactory(name="孙矿工", employer=w.nodes["enterprise_b"])
    return w


# What each persona sees of the four people above (the scope matrix's expectations).
SEES_PEOPLE: dict[str, set[str]] = {
    "national_officer": set(),
    "park_commander": {"resident", "worker_1", "worker_2"},
    "task_force_member": {"resident", "worker_1", "worker_2"},
    "area_leader": {"resident", "worker_1", "worker_2"},
    "grid_official": {"resident", "worker_1"},
    "neighbour_official": {"worker_2"},
    "service_commissioner": {"worker_2"},
    "building_head": {"resident"},
    "enterprise_contact": {"worker_1"},
    "gate_guard": set(),
    "resident": {"resident"},
    "commander_b": {"worker_b"},
    "outsider": set(),
}
