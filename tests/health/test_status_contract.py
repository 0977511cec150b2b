"""The contract other apps rely on: current_status, evaluate, refresh_status and colour_changed."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.health.choices import Colour
from parkguard.health.models import PersonStatus
from parkguard.health.signals import colour_changed
from parkguard.health.status import current_status, evaluate, refresh_status

from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    colour_changed.connect(receiver)
    yield calls
    colour_changed.disconnect(receiver)


def test_current_status_evaluates_and_stores_the_first_time(
    world, at, declare, django_capture_on_commit_callbacks
):
    declare(world.people["resident"])
    with django_capture_on_commit_callbacks(execute=True):
        status = current_status(world.people["resident"])
    assert status.colour == Colour.GREEN
    assert status.reasons == ()
    assert status.ruleset_version == 0
    assert status.manual is False
    assert PersonStatus.objects.get(person=world.people["resident"]).colour == Colour.GREEN


def test_evaluate_writes_nothing(world, at, declare):
    declare(world.people["resident"], temperature="38.2")
    status = evaluate(world.people["resident"])
    assert status.colour == Colour.RED
    assert status.reason_codes == ("fever",)
    assert "38.2" in status.reasons[0].message
    assert not PersonStatus.objects.exists()


def test_refresh_sends_colour_changed_on_commit_when_the_colour_changes(
    world, at, declare, received, django_capture_on_commit_callbacks
):
    person = world.people["resident"]
    declare(person)
    with django_capture_on_commit_callbacks(execute=True):
        first = refresh_status(person)
    assert received[-1]["before"] is None and received[-1]["after"] == first
    declare(person, day=DAY - dt.timedelta(days=1), temperature="36.4")
    person.declarations.filter(date=DAY).update(temperature="39.0")
    with django_capture_on_commit_callbacks(execute=True):
        second = refresh_status(person)
    assert second.colour == Colour.RED
    assert received[-1]["before"].colour == Colour.GREEN and received[-1]["after"].colour == Colour.RED
    assert received[-1]["person"] == person


def test_nothing_is_sent_when_nothing_changed(
    world, at, declare, received, django_capture_on_commit_callbacks
):
    person = world.people["resident"]
    declare(person)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_status(person)
        refresh_status(person)
    assert len(received) == 1


def test_a_stored_status_of_yesterday_is_evaluated_again(
    world, at, declare, django_capture_on_commit_callbacks
):
    person = world.people["resident"]
    declare(person)
    current_status(person)
    at("09:00", day=DAY + dt.timedelta(days=3))
    status = current_status(person)
    assert status.colour == Colour.YELLOW
    assert status.reason_codes == ("no_declaration",)
