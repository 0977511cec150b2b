"""The commander's audit page: lists what happened in the park, filtered by node, actor, dates and action."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.audit.services import audit_record

pytestmark = pytest.mark.django_db

AUDIT = reverse("audit:event_list")


def event(world, label: str, *, node: str, actor: str, action=AuditAction.UPDATE, day: str = "2020-02-10"):
    recorded = audit_record(
        actor=world.users[actor], action=action, obj=world.nodes[node], node=world.nodes[node], label=label
    )
    when = datetime.fromisoformat(f"{day}T09:30").replace(tzinfo=timezone.get_current_timezone())
    AuditEvent.objects.filter(pk=recorded.pk).update(created_at=when)
    return recorded


@pytest.fixture
def events(world):
    event(world, "grid-1-edit", node="grid_1", actor="grid_official", day="2020-02-03")
    event(
        world,
        "building-reveal",
        node="building_1",
        actor="grid_official",
        action=AuditAction.REVEAL,
        day="2020-02-10",
    )
    event(world, "grid-2-edit", node="grid_2", actor="neighbour_official", day="2020-02-17")
    event(world, "park-b-edit", node="enterprise_b", actor="commander_b", day="2020-02-10")


def listed(client, **params) -> set[str]:
    page = client.get(AUDIT, params).content.decode()
    labels = {"grid-1-edit", "building-reveal", "grid-2-edit", "park-b-edit"}
    return {label for label in labels if f"<td>{label}</td>" in page}


def test_commander_sees_a_grid_officials_reveal_with_actor_node_and_address(world, login):
    grid, commander = login(world.users["grid_official"]), world.users["park_commander"]
    grid.post(reverse("people:person_reveal", args=[world.people["resident"].pk]), REMOTE_ADDR="10.8.0.7")

    page = login(commander).get(AUDIT).content.decode()

    assert 'class="action-reveal"' in page
    assert "<td>grid_official</td>" in page
    assert world.nodes["building_1"].name in page and "<td>10.8.0.7</td>" in page


def test_commander_sees_the_events_of_the_park_only(world, events, login):
    assert listed(login(world.users["park_commander"])) == {"grid-1-edit", "building-reveal", "grid-2-edit"}


def test_filter_by_node_keeps_the_events_of_its_subtree(world, events, login):
    client = login(world.users["park_commander"])

    assert listed(client, node=world.nodes["grid_1"].pk) == {"grid-1-edit", "building-reveal"}


def test_filter_by_a_node_of_another_park_shows_nothing(world, events, login):
    client = login(world.users["park_commander"])

    assert listed(client, node=world.nodes["enterprise_b"].pk) == set()


def test_filter_by_actor(world, events, login):
    client = login(world.users["park_commander"])

    assert listed(client, actor="neighbour_official") == {"grid-2-edit"}


def test_filter_by_action(world, events, login):
    client = login(world.users["park_commander"])

    assert listed(client, action=AuditAction.REVEAL) == {"building-reveal"}


def test_filter_by_dates_includes_both_days(world, events, login):
    client = login(world.users["park_commander"])

    assert listed(client, **{"from": "2020-02-10"}) == {"building-reveal", "grid-2-edit"}
    assert listed(client, to="2020-02-10") == {"grid-1-edit", "building-reveal"}
    assert listed(client, **{"from": "2020-02-10", "to": "2020-02-10"}) == {"building-reveal"}


def test_only_a_commander_may_open_the_audit_page(world, login):
    assert login(world.users["grid_official"]).get(AUDIT).status_code == 403
    assert login(world.users["park_commander"]).get(AUDIT).status_code == 200
