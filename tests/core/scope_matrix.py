"""The scope matrix: every scoped list and detail, every persona of tests/personas.py, what each may see.

NetBox's ``..._with_constrained_permission`` tests, as a table. A later issue that adds a scoped list
adds one ``ScopedList`` to ``LISTS`` (and a ``ScopedDetail`` to ``DETAILS``); ``test_scope_matrix.py``
checks it for every persona and ``test_query_counts.py`` checks that its queries do not grow with its
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse

from parkguard.accounts.models import Assignment, Membership
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.enterprises.models import Employment, Enterprise
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Department
from tests.factories import NodeFactory, PersonFactory, UserFactory
from tests.personas import SEES_PEOPLE, World

PERSONAS = sorted(SEES_PEOPLE)
COMMANDERS = frozenset({"park_commander", "commander_b"})

# What each persona sees of the world's nodes (tests/personas.py draws the tree).
PARK_A = {
    "park_a",
    "area_a",
    "grid_1",
    "grid_2",
    "compound_1",
    "building_1",
    "enterprise_1",
    "enterprise_2",
    "checkpoint_a",
    "task_force_a",
}
PARK_B = {"park_b", "grid_b", "enterprise_b"}
SEES_NODES: dict[str, set[str]] = {
    # The national office sees every node (figures), but no person (SEES_PEOPLE).
    "national_officer": {"national"} | PARK_A | PARK_B,
    "park_commander": PARK_A,
    # A task force sits beside the areas and reaches its whole park.
    "task_force_member": PARK_A,
    "area_leader": {"area_a", "grid_1", "grid_2", "compound_1", "building_1", "enterprise_1", "enterprise_2"},
    "grid_official": {"grid_1", "compound_1", "building_1", "enterprise_1"},
    "neighbour_official": {"grid_2", "enterprise_2"},
    # Reaches only the enterprise assigned to them.
    "service_commissioner": {"enterprise_2"},
    "building_head": {"building_1"},
    "enterprise_contact": {"enterprise_1"},
    "gate_guard": set(),
    "resident": set(),
    "commander_b": PARK_B,
    "outsider": set(),
}

# The node each persona's one membership is held on; a membership is visible where its node is.
MEMBERSHIP_NODE: dict[str, str] = {
    "national_officer": "national",
    "park_commander": "park_a",
    "task_force_member": "task_force_a",
    "area_leader": "area_a",
    "grid_official": "grid_1",
    "neighbour_official": "grid_2",
    "service_commissioner": "park_a",
    "building_head": "building_1",
    "enterprise_contact": "enterprise_1",
    "gate_guard": "checkpoint_a",
    "resident": "building_1",
    "commander_b": "park_b",
}
# Who holds which role where is personal data (a resident's membership says where they live): the
# national office, which sees every node, sees no memberships.
SEES_MEMBERSHIPS: dict[str, set[str]] = {
    persona: {holder for holder, node in MEMBERSHIP_NODE.items() if node in SEES_NODES[persona]}
    if persona != "national_officer"
    else set()
    for persona in PERSONAS
}

ROSTER_NODES = {"worker_1": "enterprise_1", "worker_2": "enterprise_2", "worker_b": "enterprise_b"}
ENTERPRISES = {"enterprise_1", "enterprise_2", "enterprise_b"}
# Enterprise records carry a contact's phone: the national office sees none of them.
SEES_ENTERPRISES: dict[str, set[str]] = {
    persona: (SEES_NODES[persona] & ENTERPRISES) if persona != "national_officer" else set()
    for persona in PERSONAS
}
SEES_ROSTER: dict[str, set[str]] = {
    persona: {person for person, node in ROSTER_NODES.items() if node in SEES_ENTERPRISES[persona]}
    for persona in PERSONAS
}


# --- What a list holds -----------------------------------------------------------------------------------


def world_nodes(world: World) -> dict[str, Model]:
    return dict(world.nodes)


def world_enterprises(world: World) -> dict[str, Model]:
    return {key: world.nodes[key] for key in ENTERPRISES}


def world_people(world: World) -> dict[str, Model]:
    return dict(world.people)


def world_memberships(world: World) -> dict[str, Model]:
    return {m.user.username: m for m in Membership.objects.select_related("user")}


def audit_events_on_every_node(world: World) -> dict[str, Model]:
    """The world has no events yet: one per node, labelled with the node's key."""
    return {
        key: audit_record(actor=None, action=AuditAction.UPDATE, obj=node, node=node, label=f"event-{key}")
        for key, node in world.nodes.items()
    }


def world_enterprise_records(world: World) -> dict[str, Model]:
    """An Enterprise record on each enterprise node, created on first use."""
    from tests.enterprises.factories import EnterpriseFactory

    return {
        key: Enterprise.objects.filter(node=world.nodes[key]).first()
        or EnterpriseFactory(node=world.nodes[key])
        for key in sorted(ENTERPRISES)
    }


ROSTER = ROSTER_NODES


def world_roster(world: World) -> dict[str, Model]:
    """The three workers on the rosters of their enterprises."""
    enterprises = world_enterprise_records(world)
    return {
        person: Employment.objects.get_or_create(enterprise=enterprises[node], person=world.people[person])[0]
        for person, node in ROSTER.items()
    }


# --- How a response shows an object ----------------------------------------------------------------------


def links_to(url_name: str) -> Callable[[HttpResponse, Model], bool]:
    def shows(response: HttpResponse, obj: Model) -> bool:
        return f'href="{reverse(url_name, args=[obj.pk])}"' in response.content.decode()

    return shows


def has_cell(attribute: str) -> Callable[[HttpResponse, Model], bool]:
    def shows(response: HttpResponse, obj: Model) -> bool:
        return f"<td>{getattr(obj, attribute)}</td>" in response.content.decode()

    return shows


def in_results(response: HttpResponse, obj: Model) -> bool:
    return obj.pk in {row["id"] for row in response.json()["results"]}


# --- More rows for the park commander (query counts) -----------------------------------------------------


def more_enterprises(world: World, n: int) -> list[Model]:
    return [NodeFactory(parent=world.nodes["grid_1"], kind=NodeKind.ENTERPRISE) for _ in range(n)]


def more_buildings(world: World, n: int) -> list[Model]:
    return [NodeFactory(parent=world.nodes["compound_1"], kind=NodeKind.BUILDING) for _ in range(n)]


def more_assigned_enterprises(world: World, n: int) -> list[Model]:
    """Enterprises with everything the assignment list shows per row: department, both officials."""
    department, _ = Department.objects.get_or_create(park=world.nodes["park_a"], name="工信局")
    enterprises = more_enterprises(world, n)
    for enterprise in enterprises:
        enterprise.supervising_department = department
        enterprise.save()
        for role in AssignmentRole.values:
            Assignment.objects.create(node=enterprise, role=role, user=UserFactory())
    return enterprises


def more_enterprise_records(world: World, n: int) -> list[Model]:
    from tests.enterprises.factories import EnterpriseFactory

    return [EnterpriseFactory(node=node) for node in more_assigned_enterprises(world, n)]


def more_roster(world: World, n: int) -> list[Model]:
    enterprise = world_enterprise_records(world)["enterprise_1"]
    return [
        Employment.objects.create(
            enterprise=enterprise, person=PersonFactory(employer=world.nodes["enterprise_1"])
        )
        for _ in range(n)
    ]


def more_people(world: World, n: int) -> list[Model]:
    residents = [PersonFactory(residence=world.nodes["building_1"]) for _ in range(n)]
    workers = [PersonFactory(employer=world.nodes["enterprise_2"]) for _ in range(n)]
    return residents + workers


def more_events(world: World, n: int) -> list[Model]:
    actor = world.users["grid_official"]
    return [
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=node, node=node, label=f"grown-{node.pk}")
        for node in more_enterprises(world, n)
    ]


def more_memberships(world: World, n: int) -> list[Model]:
    return [
        Membership.objects.create(user=UserFactory(), node=world.nodes["grid_1"], role="grid_official")
        for _ in range(n)
    ]


# --- The table -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopedList:
    """A list page or list endpoint, the objects it may show, and who must see which of them."""

    url: str
    objects: Callable[[World], Mapping[str, Model]]
    sees: Mapping[str, set[str]]
    shows: Callable[[HttpResponse, Model], bool]
    grow: Callable[[World, int], list[Model]]
    # Personas who may open the list at all; everybody else gets 403.
    only: frozenset[str] | None = None

    def __str__(self) -> str:
        return self.url

    def may_open(self, persona: str) -> bool:
        return self.only is None or persona in self.only


@dataclass(frozen=True)
class ScopedDetail:
    """A detail page or endpoint: 200 inside the persona's scope, 404 outside (out of scope is missing)."""

    url_name: str
    objects: Callable[[World], Mapping[str, Model]]
    sees: Mapping[str, set[str]]

    def __str__(self) -> str:
        return self.url_name

    def url(self, obj: Model) -> str:
        return reverse(self.url_name, args=[obj.pk])


def _without_buildings(sees: Mapping[str, set[str]]) -> dict[str, set[str]]:
    return {persona: keys - {"building_1"} for persona, keys in sees.items()}


LISTS: list[ScopedList] = [
    # The scope tree hides buildings unless asked.
    ScopedList(
        "/nodes/",
        world_nodes,
        _without_buildings(SEES_NODES),
        links_to("hierarchy:node_detail"),
        more_enterprises,
    ),
    ScopedList(
        "/nodes/?buildings=1", world_nodes, SEES_NODES, links_to("hierarchy:node_detail"), more_buildings
    ),
    ScopedList(
        "/nodes/assignments/",
        world_enterprises,
        {persona: keys & ENTERPRISES for persona, keys in SEES_NODES.items()},
        links_to("hierarchy:node_detail"),
        more_assigned_enterprises,
    ),
    ScopedList("/people/", world_people, SEES_PEOPLE, links_to("people:person_detail"), more_people),
    ScopedList(
        "/audit/",
        audit_events_on_every_node,
        {persona: SEES_NODES[persona] for persona in COMMANDERS},
        has_cell("object_repr"),
        more_events,
        only=COMMANDERS,
    ),
    ScopedList("/api/nodes/", world_nodes, SEES_NODES, in_results, more_enterprises),
    ScopedList("/api/people/", world_people, SEES_PEOPLE, in_results, more_people),
    ScopedList("/api/memberships/", world_memberships, SEES_MEMBERSHIPS, in_results, more_memberships),
    ScopedList(
        "/enterprises/",
        world_enterprise_records,
        SEES_ENTERPRISES,
        links_to("enterprises:enterprise_ledger"),
        more_enterprise_records,
    ),
    ScopedList(
        "/api/enterprises/", world_enterprise_records, SEES_ENTERPRISES, in_results, more_enterprise_records
    ),
    ScopedList("/api/roster/", world_roster, SEES_ROSTER, in_results, more_roster),
]

DETAILS: list[ScopedDetail] = [
    ScopedDetail("hierarchy:node_detail", world_nodes, SEES_NODES),
    ScopedDetail("people:person_detail", world_people, SEES_PEOPLE),
    ScopedDetail("node-detail", world_nodes, SEES_NODES),
    ScopedDetail("person-detail", world_people, SEES_PEOPLE),
    ScopedDetail("membership-detail", world_memberships, SEES_MEMBERSHIPS),
    ScopedDetail("enterprises:enterprise_ledger", world_enterprise_records, SEES_ENTERPRISES),
    ScopedDetail("enterprises:roster_list", world_enterprise_records, SEES_ENTERPRISES),
    ScopedDetail("enterprise-detail", world_enterprise_records, SEES_ENTERPRISES),
    ScopedDetail("employment-detail", world_roster, SEES_ROSTER),
]
