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


def test_every_official_of_a_park_reads_its_risk_areas_and_rules_but_only_the_command_changes_them(
    world, at, login, risk_area
):
    from parkguard.health.models import RiskArea, RuleSet
    from parkguard.health.services import ruleset_install_defaults

    risk_area(park="park_a")
    risk_area(park="park_b")
    ruleset_install_defaults(park=world.nodes["park_a"])
    ruleset_install_defaults(park=world.nodes["park_b"])
    official = world.users["grid_official"]
    assert [a.park for a in RiskArea.objects.visible_to(official)] == [world.nodes["park_a"]]
    assert [r.park for r in RuleSet.objects.visible_to(official)] == [world.nodes["park_a"]]
    assert not RiskArea.objects.visible_to(world.users["resident"]).exists()
    page = login(official).get(f"/health/rules/{world.nodes['park_a'].pk}/")
    assert page.status_code == 200 and b'id="rule-form"' not in page.content
    assert login(official).get(f"/health/rules/{world.nodes['park_b'].pk}/").status_code == 404
