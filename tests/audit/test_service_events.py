"""Every write of domain data through a service leaves one event with its changed fields, before → after."""

from __future__ import annotations

import json

import pytest

from parkguard.accounts.services import assignment_set, membership_grant, membership_revoke
from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.services import department_create, node_create, node_move, node_update
from parkguard.people.services import person_create, person_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def only_event() -> AuditEvent:
    return AuditEvent.objects.get()


def test_node_create_records_kind_name_and_code(world):
    node = node_create(
        actor=world.users["park_commander"],
        parent=world.nodes["area_a"],
        kind=NodeKind.GRID,
        name="三号网格",
        division_code="530111001003",
        division_code_year=2020,
    )

    event = only_event()
    assert (event.action, event.node, event.object_id) == (AuditAction.CREATE, node, str(node.pk))
    assert event.changes == {
        "kind": [None, "grid"],
        "name": [None, "三号网格"],
        "division_code": [None, "530111001003"],
        "division_code_year": [None, 2020],
    }


def test_node_update_records_only_what_changed(world):
    node_update(actor=world.users["area_leader"], node=world.nodes["grid_1"], name="一号网格（东）")

    event = only_event()
    assert (event.action, event.actor) == (AuditAction.UPDATE, world.users["area_leader"])
    assert event.changes == {"name": ["一号网格", "一号网格（东）"]}


def test_node_update_that_changes_nothing_records_nothing(world):
    node_update(actor=world.users["area_leader"], node=world.nodes["grid_1"], name="一号网格")

    assert not AuditEvent.objects.exists()


def test_node_move_records_the_old_and_new_parent(world):
    compound, grid_1, grid_2 = world.nodes["compound_1"], world.nodes["grid_1"], world.nodes["grid_2"]

    node_move(actor=world.users["area_leader"], node=compound, new_parent=grid_2)

    event = only_event()
    assert (event.action, event.node) == (AuditAction.MOVE, compound)
    assert event.changes == {"parent": [grid_1.pk, grid_2.pk]}


def test_department_create_is_recorded_on_its_park(world):
    department = department_create(
        actor=world.users["park_commander"], park=world.nodes["park_a"], name="卫健局"
    )

    event = only_event()
    assert event.action == AuditAction.CREATE
    assert (event.node, event.object_id) == (world.nodes["park_a"], str(department.pk))


def test_membership_grant_and_revoke_record_the_role(world):
    newcomer, node = UserFactory(), world.nodes["building_1"]

    membership = membership_grant(
        actor=world.users["grid_official"], user=newcomer, node=node, role="building_head"
    )
    membership_revoke(actor=world.users["grid_official"], membership=membership)

    grant, revoke = AuditEvent.objects.order_by("id")
    assert (grant.action, grant.changes) == (AuditAction.GRANT, {"role": [None, "building_head"]})
    assert (revoke.action, revoke.changes) == (AuditAction.REVOKE, {"role": ["building_head", None]})
    assert grant.node == revoke.node == node


def test_assignment_set_records_the_official_before_and_after(world):
    enterprise, first, second = world.nodes["enterprise_1"], UserFactory(), UserFactory()
    commander = world.users["park_commander"]

    assignment_set(actor=commander, node=enterprise, role=AssignmentRole.RESPONSIBLE, user=first)
    assignment_set(actor=commander, node=enterprise, role=AssignmentRole.RESPONSIBLE, user=second)
    assignment_set(actor=commander, node=enterprise, role=AssignmentRole.RESPONSIBLE, user=None)

    changes = [e.changes["responsible"] for e in AuditEvent.objects.order_by("id")]
    assert changes == [[None, first.pk], [first.pk, second.pk], [second.pk, None]]


def test_person_create_records_encrypted_fields_as_stars(world):
    person = person_create(
        actor=world.users["grid_official"],
        name="张三",
        id_number="11010519491231002X",
        phone="13812345678",
        residence=world.nodes["building_1"],
    ).person

    event, recorded = only_event(), json.dumps(only_event().changes)
    assert (event.action, event.object_id) == (AuditAction.CREATE, str(person.pk))
    assert event.changes["name"] == [None, "张三"]
    assert event.changes["id_number"] == event.changes["phone"] == ["***", "***"]
    assert "11010519491231002X" not in recorded and "13812345678" not in recorded


def test_person_update_records_changed_fields_with_secrets_as_stars(world):
    person = world.people["worker_1"]
    old_phone = person.phone

    person_update(actor=world.users["grid_official"], person=person, name="李技工", phone="13912345678")

    event = only_event()
    assert event.changes == {"name": ["李工人", "李技工"], "phone": ["***", "***"]}
    assert old_phone not in json.dumps(event.changes) and "13912345678" not in json.dumps(event.changes)
