"""Isolation sites and rooms (issue #7): set up a site on an isolation-site node, its beds and period,
rooms and their beds; never fewer beds than people in them; who may; the pages."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError
from parkguard.hierarchy.choices import NodeKind
from parkguard.returns import isolation
from parkguard.returns.models import IsolationSite, Room
from tests.factories import NodeFactory, PersonFactory

from .isolation_helpers import at, english, site  # noqa: F401

pytestmark = pytest.mark.usefixtures("english", "at")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


@pytest.fixture
def node(world):
    return NodeFactory(parent=world.nodes["park_a"], kind=NodeKind.ISOLATION_SITE, name="二号隔离点")


def test_a_site_is_set_up_once_on_an_isolation_site_node(world, node):
    actor = world.users["park_commander"]
    site = isolation.site_setup(actor=actor, node=node, capacity="40", observation_days=21)
    assert (site.capacity, site.observation_days) == (40, 21)
    assert AuditEvent.objects.filter(object_type="returns.isolationsite", action="create").exists()
    with pytest.raises(ValidationError) as exc:
        isolation.site_setup(actor=actor, node=node, capacity=10)
    assert codes(exc.value) == {"site_exists"}
    with pytest.raises(ValidationError) as exc:
        isolation.site_setup(actor=actor, node=world.nodes["enterprise_1"], capacity=10)
    assert codes(exc.value) == {"not_isolation_site"}


@pytest.mark.parametrize(("capacity", "days"), [("0", 14), ("x", 14), (10, 0), (10, 61), (10_001, 14)])
def test_bad_beds_or_period_are_refused(world, node, capacity, days):
    with pytest.raises(ValidationError) as exc:
        isolation.site_setup(
            actor=world.users["park_commander"], node=node, capacity=capacity, observation_days=days
        )
    assert codes(exc.value) == {"number_range"}
    assert not IsolationSite.objects.filter(node=node).exists()


def test_only_the_command_or_the_medical_team_in_scope_set_up_sites(world, node):
    for persona, code in (
        ("grid_official", "out_of_scope"),
        ("commander_b", "out_of_scope"),
        ("area_leader", "out_of_scope"),
    ):
        with pytest.raises(ScopeError) as exc:
            isolation.site_setup(actor=world.users[persona], node=node, capacity=5)
        assert exc.value.code == code
    assert isolation.site_setup(actor=world.users["task_force_member"], node=node, capacity=5).pk


def test_beds_never_go_below_the_people_in_isolation(world, site):
    actor = world.users["park_commander"]
    for _ in range(2):
        isolation.stay_check_in(
            actor=actor, site=site, room=site.rooms.get(number="101"), person=PersonFactory()
        )
    with pytest.raises(ValidationError) as exc:
        isolation.site_update(actor=actor, site=site, capacity=1, observation_days=14)
    assert codes(exc.value) == {"below_occupancy"}
    with pytest.raises(ValidationError) as exc:
        isolation.room_save(actor=actor, site=site, number="101", beds=1)
    assert codes(exc.value) == {"below_occupancy"}
    assert Room.objects.get(site=site, number="101").beds == 2
    site = isolation.site_update(actor=actor, site=site, capacity=2, observation_days=10)
    assert (site.capacity, site.observation_days) == (2, 10)


def test_rooms_are_added_and_their_beds_changed(world, site):
    actor = world.users["park_commander"]
    room = isolation.room_save(actor=actor, site=site, number=" 201 ", beds="4")
    assert (room.number, room.beds) == ("201", 4)
    assert isolation.room_save(actor=actor, site=site, number="201", beds=3).pk == room.pk
    assert Room.objects.get(pk=room.pk).beds == 3
    for number, beds, code in (
        ("", 2, "room_number"),
        ("x" * 21, 2, "room_number"),
        ("202", 0, "number_range"),
        ("202", 21, "number_range"),
    ):
        with pytest.raises(ValidationError) as exc:
            isolation.room_save(actor=actor, site=site, number=number, beds=beds)
        assert codes(exc.value) == {code}
    assert not Room.objects.filter(number="202").exists()


def test_the_pages_set_up_a_site_and_its_rooms(world, node, login):
    client = login(world.users["park_commander"])
    page = client.get(reverse("returns:isolation_sites"), **EN).content.decode()
    assert 'id="site-setup"' in page and "二号隔离点" in page
    response = client.post(
        reverse("returns:isolation_sites"), {"node": node.pk, "capacity": 6, "observation_days": 14}
    )
    site = IsolationSite.objects.get(node=node)
    assert response.status_code == 302 and response["Location"] == reverse(
        "returns:isolation_site", args=[site.pk]
    )
    response = client.post(
        reverse("returns:isolation_room_save", args=[site.pk]), {"number": "301", "beds": 2}
    )
    assert response.status_code == 302 and site.rooms.get().beds == 2
    response = client.post(
        reverse("returns:isolation_room_save", args=[site.pk]), {"number": "302", "beds": 30}, **EN
    )
    assert response.status_code == 400 and "Enter a whole number from 1 to 20" in response.content.decode()
    response = client.post(
        reverse("returns:isolation_site_settings", args=[site.pk]), {"capacity": 8, "observation_days": 14}
    )
    site.refresh_from_db()
    assert response.status_code == 302 and site.capacity == 8
    officer = login(world.users["grid_official"])
    assert (
        officer.post(reverse("returns:isolation_sites"), {"node": node.pk, "capacity": 6}).status_code == 404
    )


def test_the_officer_must_reach_the_site_and_gets_the_overdue_flags(world, site, at):
    actor = world.users["park_commander"]
    with pytest.raises(ValidationError) as exc:
        isolation.site_update(
            actor=actor, site=site, capacity=3, observation_days=14, officer=world.users["grid_official"]
        )
    assert codes(exc.value) == {"officer_out_of_scope"}
    officer = world.users["task_force_member"]
    site = isolation.site_update(actor=actor, site=site, capacity=3, observation_days=14, officer=officer)
    assert site.officer == officer
    isolation.stay_check_in(actor=actor, site=site, room=site.rooms.get(number="101"), person=PersonFactory())
    at("11:00")
    isolation.flag_overdue()
    from parkguard.notices.models import Notice

    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["task_force_member"]
    site = isolation.site_update(actor=actor, site=site, capacity=3, observation_days=14, officer=None)
    assert site.officer is None


def test_the_settings_form_offers_the_parks_role_holders_as_officer(world, site, login):
    client = login(world.users["park_commander"])
    page = client.get(reverse("returns:isolation_site", args=[site.pk])).content.decode()
    assert 'id="site-settings"' in page and "task_force_member" in page and "commander_b" not in page
    response = client.post(
        reverse("returns:isolation_site_settings", args=[site.pk]),
        {"capacity": 3, "observation_days": 14, "officer": world.users["task_force_member"].pk},
    )
    site.refresh_from_db()
    assert response.status_code == 302 and site.officer == world.users["task_force_member"]
