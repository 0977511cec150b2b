"""Issue #4: bad input gets a clear error (zh and en), and nothing is half-written."""

from __future__ import annotations

import pytest
from django.utils import translation

from parkguard.core.errors import ServiceError
from parkguard.reports.models import DailyReport

from .reporting import english, submit, values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"arrivals_today": -1}, "Arrivals today cannot be negative."),
        ({"arrivals_today": "三"}, "Arrivals today: enter a number."),
        ({"arrivals_today": "2.5"}, "Arrivals today: enter a whole number."),
        ({"arrivals_today": True}, "Arrivals today: enter a number."),
        ({"mask_days": "-0.5"}, "Days of use of the masks cannot be negative."),
        ({"ventilation": "maybe"}, "Ventilation: answer yes or no."),
        ({"arrivals_today": ""}, "Arrivals today is required."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(world, templates, change, message):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(**change))
    assert english(refused.value) == {next(iter(change)): [message]}
    assert not DailyReport.objects.exists()


def test_inconsistent_counts_are_refused_with_the_rule_message(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(arrivals_from_risk_areas=9, arrivals_today=3))
    assert english(refused.value) == {
        "arrivals_from_risk_areas": ["Arrivals from risk areas cannot exceed the arrivals today."]
    }
    with translation.override("zh-hans"):
        assert refused.value.message_dict["arrivals_from_risk_areas"] == [
            "来自重点地区人数不能超过今日返岗人数。"
        ]
    assert not DailyReport.objects.exists()


def test_several_errors_are_reported_together(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, values=values(arrivals_today=-1, suspected="x"))
    assert set(english(refused.value)) == {"arrivals_today", "suspected"}
