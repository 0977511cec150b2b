"""Check-ins at the same moment (PostgreSQL): a room never gets more people than beds, a person never two
open stays."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from parkguard.returns import isolation
from parkguard.returns.models import IsolationStay
from tests.factories import PersonFactory

from .isolation_helpers import at, make_site, site  # noqa: F401

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("at")]


def codes_of(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("in")
        except ValidationError as exc:
            outcomes.append(",".join(sorted(codes_of(exc))))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_four_check_ins_into_a_two_bed_room_at_once_fill_it_and_no_more(world, site):
    actor = world.users["park_commander"]
    room = site.rooms.get(number="101")
    people = [PersonFactory() for _ in range(4)]
    outcomes = run_together(
        [lambda p=p: isolation.stay_check_in(actor=actor, site=site, room=room, person=p) for p in people]
    )
    assert outcomes == ["in", "in", "room_full", "room_full"]
    assert IsolationStay.objects.filter(room=room, released_on__isnull=True).count() == 2


def test_one_person_checked_in_at_two_sites_at_once_gets_one_stay(world, site):
    other = make_site(world, key="site_2", name="二号隔离点")
    actor = world.users["park_commander"]
    person = PersonFactory()
    outcomes = run_together(
        [
            lambda s=s: isolation.stay_check_in(actor=actor, site=s, room=s.rooms.first(), person=person)
            for s in (site, other)
        ]
    )
    assert outcomes == ["already_in_isolation", "in"]
    assert IsolationStay.objects.filter(person=person).count() == 1
