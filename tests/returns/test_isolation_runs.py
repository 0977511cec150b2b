"""Check-in of an arrived point-to-point bus (issue #7): every waiting passenger at their plan's site, in
rooms with a free bed, all or none; not before arrival; not twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from parkguard.returns import isolation
from parkguard.returns.models import IsolationStay, Room
from parkguard.returns.transport import run_arrive, run_depart, run_update

from .builders import approved_bus, site, vehicle


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def bus(world):
    """An approved plan of two returnees to one site with rooms 1 (1 bed) and 2 (2 beds)."""
    s = site(world, capacity=10)
    Room.objects.create(site=s, number="1", beds=1)
    Room.objects.create(site=s, number="2", beds=2)
    return approved_bus(world, s)


def arrive(world, bus):
    actor = world.users["park_commander"]
    temps = {p.pk: "36.5" for p in bus.passengers.all()}
    run_update(actor=actor, run=bus, vehicle=vehicle(world), driver_name="张师傅", leader_name="李队长")
    run = run_depart(actor=actor, run=bus, temperatures=temps)
    return run_arrive(actor=actor, run=run, temperatures=temps)


def codes(exc):
    return {e.code for e in exc.error_list}


def test_an_arrived_bus_is_checked_in_at_its_site_in_rooms_with_free_beds(world, bus):
    with pytest.raises(ValidationError) as exc:
        isolation.run_check_in(actor=world.users["park_commander"], run=bus)
    assert codes(exc.value) == {"run_not_arrived"}
    run = arrive(world, bus)
    stays = isolation.run_check_in(actor=world.users["park_commander"], run=run)
    assert sorted(s.room.number for s in stays) == ["1", "2"]
    assert {s.returnee_id for s in stays} == set(run.passengers.values_list("returnee", flat=True))
    assert all(s.site == run.passengers.first().entry.site for s in stays)
    with pytest.raises(ValidationError) as exc:
        isolation.run_check_in(actor=world.users["park_commander"], run=run)
    assert codes(exc.value) == {"nobody_waiting"}


def test_a_bus_that_does_not_fit_checks_nobody_in(world, bus):
    run = arrive(world, bus)
    target = run.passengers.first().entry.site
    target.rooms.filter(number="2").update(beds=0)
    with pytest.raises(ValidationError) as exc:
        isolation.run_check_in(actor=world.users["park_commander"], run=run)
    assert codes(exc.value) == {"site_full"}
    assert IsolationStay.objects.count() == 0


def test_the_site_page_offers_the_arrived_bus_and_checks_it_in(world, bus, login):
    run = arrive(world, bus)
    target = run.passengers.first().entry.site
    client = login(world.users["park_commander"])
    page = client.get(reverse("returns:isolation_site", args=[target.pk])).content.decode()
    assert f'id="run-{run.pk}"' in page
    response = client.post(reverse("returns:isolation_run_check_in", args=[target.pk, run.pk]))
    assert response.status_code == 302 and IsolationStay.objects.filter(site=target).count() == 2
    page = client.get(reverse("returns:isolation_site", args=[target.pk])).content.decode()
    assert f'id="run-{run.pk}"' not in page
