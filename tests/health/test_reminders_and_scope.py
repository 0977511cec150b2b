"""Reminders of missing declarations, and who reads which colour statuses and declarations."""

from __future__ import annotations

import pytest

from parkguard.health.models import Declaration, PersonStatus
from parkguard.health.reminders import remind_missing_declarations
from parkguard.health.status import refresh_status
from parkguard.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_a_person_who_has_not_declared_today_is_reminded_once(world, at):
    assert remind_missing_declarations() == 1
    assert remind_missing_declarations() == 0
    notice = Notice.objects.get()
    assert notice.recipient == world.users["resident"]
    assert notice.kind == "declaration_missing" and notice.link == "/health/declare/"


def test_a_person_who_declared_is_not_reminded(world, at, declare):
    declare(world.people["resident"])
    assert remind_missing_declarations() == 0


@pytest.mark.parametrize(
    ("user", "sees"),
    [
        ("park_commander", {"resident", "worker_1", "worker_2"}),
        ("grid_official", {"resident", "worker_1"}),
        ("neighbour_official", {"worker_2"}),
        ("resident", {"resident"}),
        ("national_officer", set()),
        ("gate_guard", set()),
        ("commander_b", {"worker_b"}),
        ("outsider", set()),
    ],
)
def test_statuses_and_declarations_follow_the_scope(world, at, declare, user, sees):
    for key in ("resident", "worker_1", "worker_2", "worker_b"):
        declare(world.people[key])
        refresh_status(world.people[key])
    names = {k for k, p in world.people.items() if k in ("resident", "worker_1", "worker_2", "worker_b")}
    by_pk = {world.people[k].pk: k for k in names}
    statuses = {
        by_pk[p] for p in PersonStatus.objects.visible_to(world.users[user]).values_list("person", flat=True)
    }
    declarations = {
        by_pk[p] for p in Declaration.objects.visible_to(world.users[user]).values_list("person", flat=True)
    }
    assert statuses == sees and declarations == sees
