"""Each default rule on its own, and how rules combine (worst colour wins, every match says why)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkguard.health.rules import DeclarationFact, Facts, RiskAreaFact, RuleSpec, TravelFact, run
from parkguard.health.status import default_specs

TODAY = dt.date(2020, 2, 20)


def decl(days_ago=0, temperature="36.5", **kwargs) -> DeclarationFact:
    return DeclarationFact(
        date=TODAY - dt.timedelta(days=days_ago), temperature=Decimal(temperature), **kwargs
    )


def travel(code, start_ago, end_ago) -> TravelFact:
    return TravelFact(code, TODAY - dt.timedelta(days=start_ago), TODAY - dt.timedelta(days=end_ago))


def colour_and_codes(*declarations, areas=(), rules=None):
    colour, matches = run(rules or default_specs(), Facts(TODAY, tuple(declarations), tuple(areas)))
    return colour, [m.rule.reason_code for m in matches]


WUCHANG_HIGH = RiskAreaFact("420106", "high", TODAY - dt.timedelta(days=30))


def test_a_plain_declaration_is_green_with_nothing_to_say():
    assert colour_and_codes(decl()) == ("green", [])


@pytest.mark.parametrize(("temperature", "colour"), [("37.2", "green"), ("37.3", "red"), ("39.5", "red")])
def test_fever_at_or_above_the_threshold_is_red(temperature, colour):
    assert colour_and_codes(decl(temperature=temperature))[0] == colour


def test_symptoms_are_red():
    assert colour_and_codes(decl(symptoms=("cough",))) == ("red", ["symptoms"])


def test_contact_is_red():
    assert colour_and_codes(decl(contact=True)) == ("red", ["contact"])


def test_medical_observation_is_red():
    assert colour_and_codes(decl(under_observation=True)) == ("red", ["observation"])


def test_a_high_risk_area_within_14_days_is_red():
    assert colour_and_codes(decl(travels=(travel("420106", 5, 3),)), areas=[WUCHANG_HIGH]) == (
        "red",
        ["high_risk_travel"],
    )


def test_a_medium_risk_area_within_14_days_is_yellow():
    area = RiskAreaFact("420106", "medium", TODAY - dt.timedelta(days=30))
    assert colour_and_codes(decl(travels=(travel("420106", 5, 3),)), areas=[area]) == (
        "yellow",
        ["medium_risk_travel"],
    )


def test_a_travel_more_than_14_days_ago_no_longer_counts():
    assert colour_and_codes(decl(travels=(travel("420106", 20, 15),)), areas=[WUCHANG_HIGH])[0] == "green"


def test_a_travel_before_the_area_became_risky_does_not_count():
    area = RiskAreaFact("420106", "high", TODAY - dt.timedelta(days=2))
    assert colour_and_codes(decl(travels=(travel("420106", 6, 4),)), areas=[area])[0] == "green"


def test_a_travel_after_the_area_ended_does_not_count():
    area = RiskAreaFact("420106", "high", TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=10))
    assert colour_and_codes(decl(travels=(travel("420106", 6, 4),)), areas=[area])[0] == "green"


@pytest.mark.parametrize(
    ("travelled", "risky", "covered"),
    [
        ("420100", "420106", True),  # a travel to the city meets a risk county in it
        ("420106", "420100", True),  # a travel to a county meets a risk city around it
        ("420000", "420106", True),  # province level
        ("420106", "420107", False),  # neighbouring counties
        ("530111", "420106", False),
    ],
)
def test_travel_and_risk_area_cover_each_other_by_prefix(travelled, risky, covered):
    area = RiskAreaFact(risky, "high", TODAY - dt.timedelta(days=30))
    assert (colour_and_codes(decl(travels=(travel(travelled, 5, 3),)), areas=[area])[0] == "red") is covered


def test_no_declaration_for_three_days_is_yellow():
    assert colour_and_codes(decl(days_ago=3)) == ("yellow", ["no_declaration"])
    assert colour_and_codes(decl(days_ago=2))[0] == "green"
    assert colour_and_codes() == ("yellow", ["no_declaration"])


def test_released_from_isolation_is_green_with_that_reason():
    status = colour_and_codes(decl(0), decl(1, under_observation=True), decl(2, under_observation=True))
    assert status == ("green", ["released"])


def test_the_worst_colour_wins_and_every_match_is_a_reason():
    area = RiskAreaFact("420106", "medium", TODAY - dt.timedelta(days=30))
    colour, codes = colour_and_codes(
        decl(temperature="38.0", travels=(travel("420106", 5, 3),)), areas=[area]
    )
    assert colour == "red"
    assert codes == ["fever", "medium_risk_travel"]


def test_a_green_rule_first_cannot_hide_a_red():
    rules = [
        RuleSpec(1, "released", {"days": 14}, "green", "released", "Released", "已解除隔离"),
        RuleSpec(2, "fever", {"threshold": "37.3"}, "red", "fever", "Fever", "发热"),
    ]
    colour, codes = colour_and_codes(decl(temperature="38.0"), decl(1, under_observation=True), rules=rules)
    assert (colour, codes) == ("red", ["fever", "released"])


def test_the_symptoms_rule_can_name_the_symptoms_it_counts():
    rules = [RuleSpec(1, "symptoms", {"symptoms": ["cough"]}, "yellow", "cough", "Cough", "咳嗽")]
    assert colour_and_codes(decl(symptoms=("fatigue",)), rules=rules)[0] == "green"
    assert colour_and_codes(decl(symptoms=("cough", "fatigue")), rules=rules)[0] == "yellow"
