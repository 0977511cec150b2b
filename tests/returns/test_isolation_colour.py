"""The health rules read central isolation (issue #7): in isolation is under observation (red by the
default rules), a release is "released from isolation" (green) for the rule's days, and counts as a
health check for "no declaration for 3 days"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from parkguard.health.rules import DeclarationFact, Facts, IsolationFact, run
from parkguard.health.status import default_specs

DAY = dt.date(2020, 3, 5)
D = dt.timedelta


def evaluate(*, isolations=(), declarations=(), today=DAY):
    colour, matches = run(
        default_specs(), Facts(today=today, declarations=tuple(declarations), isolations=tuple(isolations))
    )
    return colour, [m.rule.reason_code for m in matches], [m.detail() for m in matches]


def declared(day, *, observation=False, temperature="36.5"):
    return DeclarationFact(date=day, temperature=Decimal(temperature), under_observation=observation)


def test_an_open_stay_is_under_observation_and_red():
    colour, codes, _ = evaluate(isolations=[IsolationFact(DAY - D(days=3))])
    assert (colour, codes) == ("red", ["observation"])


def test_a_stay_checked_in_tomorrow_or_released_yesterday_does_not_count_as_observation():
    assert "observation" not in evaluate(isolations=[IsolationFact(DAY + D(days=1))])[1]
    colour, codes, details = evaluate(isolations=[IsolationFact(DAY - D(days=14), DAY - D(days=1))])
    assert (colour, codes, details) == ("green", ["released"], [(DAY - D(days=1)).isoformat()])


def test_released_shows_for_the_rules_days_then_the_usual_rules_apply():
    stay = IsolationFact(DAY - D(days=30), DAY - D(days=15))
    colour, codes, _ = evaluate(isolations=[stay], declarations=[declared(DAY)])
    assert (colour, codes) == ("green", [])


def test_a_release_counts_as_a_health_check_for_three_days():
    stay = IsolationFact(DAY - D(days=16), DAY - D(days=2))
    assert evaluate(isolations=[stay])[1] == ["released"]
    later = evaluate(isolations=[stay], today=DAY + D(days=1))
    assert later[0] == "yellow" and later[1][0] == "no_declaration"


def test_a_declaration_under_observation_after_the_release_wins():
    stay = IsolationFact(DAY - D(days=16), DAY - D(days=2))
    colour, codes, _ = evaluate(isolations=[stay], declarations=[declared(DAY, observation=True)])
    assert (colour, codes) == ("red", ["observation"])


def test_declarations_alone_behave_as_before():
    colour, codes, _ = evaluate(declarations=[declared(DAY), declared(DAY - D(days=1), observation=True)])
    assert (colour, codes) == ("green", ["released"])
