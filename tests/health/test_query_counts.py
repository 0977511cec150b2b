"""What a gate or a pass pays to read a colour, and what a re-evaluation pays per person."""

from __future__ import annotations

import pytest

from parkguard.health.services import ruleset_install_defaults
from parkguard.health.status import current_status, refresh_status
from parkguard.people.models import Person

pytestmark = pytest.mark.django_db


def test_reading_a_fresh_stored_status_takes_three_queries(world, at, declare, django_assert_num_queries):
    ruleset_install_defaults(park=world.nodes["park_a"])
    declare(world.people["resident"])
    refresh_status(world.people["resident"])
    person = Person.objects.select_related("residence", "employer").get(pk=world.people["resident"].pk)
    # the stored status (with its manual change), the park, the version of its rules
    with django_assert_num_queries(3):
        assert current_status(person).colour == "green"


def test_an_evaluation_does_not_grow_with_the_travel_history(
    world, at, declare, django_assert_max_num_queries
):
    import datetime as dt

    from .conftest import DAY

    person = Person.objects.select_related("residence", "employer").get(pk=world.people["resident"].pk)
    for ago in range(10):
        day = DAY - dt.timedelta(days=ago)
        declare(person, day=day, travels=[("530111", day, day), ("420106", day, day)])
    # park, rules, risk areas, manual change, declarations, travels, isolation stays, stored status,
    # write, savepoints
    with django_assert_max_num_queries(13):
        refresh_status(person)
