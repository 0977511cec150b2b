"""Rule sets as data: every change is a new version, validated, and re-evaluates the park's colours."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parkguard.health.models import PersonStatus, ReevaluationJob, RuleSet
from parkguard.health.services import rule_add, rule_move, rule_remove, rule_update, ruleset_install_defaults
from parkguard.health.status import current_status, refresh_status

pytestmark = pytest.mark.django_db

HIGH_FEVER = {
    "kind": "fever",
    "params": {"threshold": "38.5"},
    "colour": "red",
    "reason_code": "high_fever",
    "message_en": "High fever",
    "message_zh": "高热",
}


@pytest.fixture
def park(world):
    park = world.nodes["park_a"]
    ruleset_install_defaults(park=park)
    return park


def test_defaults_are_installed_once(world, park):
    assert ruleset_install_defaults(park=park) is None
    assert RuleSet.objects.get(park=park).rules.count() == 8


def test_a_change_makes_a_new_version_and_keeps_the_old(world, at, park):
    rule_add(actor=world.users["park_commander"], park=park, data=HIGH_FEVER)
    v1, v2 = RuleSet.objects.filter(park=park).order_by("version")
    assert (v1.rules.count(), v2.rules.count()) == (8, 9)
    assert v2.ordered_rules()[-1].reason_code == "high_fever"


def test_update_move_and_remove_each_make_a_version(world, at, park):
    commander = world.users["park_commander"]
    rule_update(actor=commander, park=park, reason_code="fever", data={**HIGH_FEVER, "reason_code": "fever"})
    rule_move(actor=commander, park=park, reason_code="released", up=True)
    latest = rule_remove(actor=commander, park=park, reason_code="no_declaration")
    assert latest.version == 4
    codes = [r.reason_code for r in latest.ordered_rules()]
    assert codes[-1] == "released" and "no_declaration" not in codes
    assert latest.ordered_rules()[0].params == {"threshold": "38.5"}


def test_a_status_records_the_version_it_was_evaluated_under(world, at, park, declare):
    person = world.people["resident"]
    declare(person, temperature="38.0")
    assert current_status(person).ruleset_version == 1
    rule_update(
        actor=world.users["park_commander"],
        park=park,
        reason_code="fever",
        data={**HIGH_FEVER, "reason_code": "fever"},
    )
    status = current_status(person)
    assert (status.colour, status.ruleset_version) == ("green", 2)


def test_a_rule_change_re_evaluates_the_park_in_the_background_with_progress(world, at, park, declare):
    declare(world.people["resident"], temperature="38.0")
    declare(world.people["worker_1"])
    for person in (world.people["resident"], world.people["worker_1"]):
        refresh_status(person)
    rule_update(
        actor=world.users["park_commander"],
        park=park,
        reason_code="fever",
        data={**HIGH_FEVER, "reason_code": "fever"},
    )
    job = ReevaluationJob.objects.get(ruleset__version=2)
    assert (job.status, job.total, job.done, job.changed) == ("done", 3, 3, 1)
    assert PersonStatus.objects.get(person=world.people["resident"]).colour == "green"
    assert not PersonStatus.objects.filter(person=world.people["worker_b"]).exists()  # another park


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "weather"}, "kind", "Choose a condition"),
        ({"params": {"threshold": "50"}}, "params.threshold", "from 36.0 to 42.0"),
        ({"kind": "risk_travel", "params": {"level": "low", "days": 14}}, "params.level", "medium or high"),
        ({"kind": "no_declaration", "params": {"days": "0"}}, "params.days", "from 1 to 30"),
        ({"kind": "symptoms", "params": {"symptoms": ["sneezing"]}}, "params.symptoms", "Unknown symptoms"),
        ({"kind": "contact", "params": {"days": 3}}, "params", "takes no parameter"),
        ({"colour": "blue"}, "colour", "green, yellow or red"),
        ({"reason_code": "has space"}, "reason_code", "short name"),
        ({"message_zh": ""}, "message_zh", "Chinese and in English"),
        ({"reason_code": "contact"}, "reason_code", "already gives this reason"),
    ],
)
def test_invalid_rules_are_refused_and_make_no_version(world, at, park, data, field, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            rule_add(actor=world.users["park_commander"], park=park, data={**HIGH_FEVER, **data})
        assert message in caught.value.message_dict[field][0]
    assert RuleSet.objects.filter(park=park).count() == 1


def test_only_the_command_of_the_park_changes_rules(world, at, park):
    for user in ("grid_official", "commander_b"):
        with pytest.raises(ValidationError) as caught:
            rule_add(actor=world.users[user], park=park, data=HIGH_FEVER)
        assert caught.value.code == "out_of_scope"
    rule_add(actor=world.users["task_force_member"], park=park, data=HIGH_FEVER)
