"""Issue #4: a report outside its window is refused; construction projects report twice a day."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.core.errors import ServiceError
from parkguard.hierarchy.choices import NodeKind
from parkguard.reports.models import DailyReport
from tests.factories import NodeFactory

from .conftest import DAY
from .reporting import english, submit, values

pytestmark = pytest.mark.django_db


def test_a_report_before_its_window_opens_is_refused(world, templates, at):
    at("05:59")
    with pytest.raises(ServiceError) as refused:
        submit(world)
    assert english(refused.value) == [
        "This report cannot be filed yet: its window opens at 06:00 on 2020-02-20."
    ]
    assert not DailyReport.objects.exists()


def test_a_report_for_tomorrow_is_refused(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, day=DAY + dt.timedelta(days=1))
    assert refused.value.code == "window_not_open"


def test_a_missing_report_of_yesterday_stays_missing(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, day=DAY - dt.timedelta(days=1))
    assert english(refused.value) == ["The window for this report has closed; it stays missing."]


def test_an_enterprise_does_not_file_a_morning_report(world, templates):
    with pytest.raises(ServiceError) as refused:
        submit(world, period="morning")
    assert english(refused.value) == ["This site does not report for that period."]


@pytest.fixture
def project(world):
    return NodeFactory(parent=world.nodes["grid_1"], kind=NodeKind.CONSTRUCTION, name="地铁5号线工地")


def test_a_construction_project_reports_morning_and_evening(world, templates, at, project):
    world.nodes["project"] = project
    project_values = {
        k: v
        for k, v in values().items()
        if k in {f.key for f in templates["park_a"]["construction"].fields.all()}
    }
    morning = submit(world, who="grid_official", site="project", period="morning", values=project_values)
    with pytest.raises(ServiceError):
        submit(world, who="grid_official", site="project", period="evening", values=project_values)
    at("16:30")
    evening = submit(world, who="grid_official", site="project", period="evening", values=project_values)
    assert (morning.late, evening.late) == (False, False)
    assert DailyReport.objects.filter(site=project).count() == 2
