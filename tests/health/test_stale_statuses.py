"""The periodic refresh: statuses of an earlier day, or of a manual change that ended, are evaluated again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.health.models import PersonStatus
from parkguard.health.services import manual_change_approve, manual_change_request
from parkguard.health.signals import colour_changed
from parkguard.health.status import refresh_status
from parkguard.health.tasks import refresh_stale_statuses

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_yesterdays_statuses_are_refreshed_and_their_change_is_announced(
    world, at, declare, django_capture_on_commit_callbacks
):
    person = world.people["worker_1"]
    declare(person)
    refresh_status(person)
    at("01:00", day=DAY + dt.timedelta(days=3))
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["after"].colour)

    colour_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert refresh_stale_statuses() == 1
    finally:
        colour_changed.disconnect(receiver)
    assert PersonStatus.objects.get(person=person).colour == "yellow"
    assert received == ["yellow"]
    assert refresh_stale_statuses() == 0


def test_a_manual_change_that_ended_is_replaced_by_the_rules(world, at, declare):
    person = world.people["worker_1"]
    declare(person)
    until = timezone.make_aware(dt.datetime.combine(DAY, dt.time(12, 0)))
    change = manual_change_request(
        actor=world.users["park_commander"], person=person, colour="red", reason="核查", until=until
    )
    manual_change_approve(actor=world.users["task_force_member"], change=change)
    assert PersonStatus.objects.get(person=person).colour == "red"
    at("13:00")
    assert refresh_stale_statuses() == 1
    assert PersonStatus.objects.get(person=person).colour == "green"
