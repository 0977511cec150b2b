"""Issue #4: red flags (a fever, a suspected case, a headcount drop) go to the responsible official."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.reports.models import DailyReport, Flag
from parkguard.reports.selectors import flag_list

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


def test_a_fever_and_a_suspected_case_raise_flags(world, templates, responsible):
    submit(world, values=values(fever_cases=1, suspected=1))
    assert sorted(f.field_key for f in flag_list(user=responsible)) == ["fever_cases", "suspected"]


def test_a_clean_report_raises_none(world, templates, responsible):
    submit(world)
    assert not Flag.objects.exists()


def test_a_headcount_drop_over_the_share_raises_a_flag(world, templates, responsible, at):
    yesterday = submit(world)
    DailyReport.objects.filter(pk=yesterday.pk).update(date=DAY - dt.timedelta(days=1))
    submit(world, values=values(staff_on_site=20))  # 40 → 20: a drop of 50% > 30%
    assert [f.field_key for f in flag_list(user=responsible)] == ["staff_on_site"]


def test_a_correction_that_removes_the_fever_drops_its_flag(world, templates, responsible, at):
    submit(world, values=values(fever_cases=1))
    at("10:00")
    submit(world, values=values(fever_cases=0))
    assert not Flag.objects.exists()


def test_another_official_does_not_get_the_flag(world, templates, responsible):
    submit(world, values=values(fever_cases=1))
    assert list(flag_list(user=world.users["neighbour_official"])) == []
