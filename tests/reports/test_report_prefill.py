"""Issue #4: enter once — figures the roster holds are derived, not asked again."""

from __future__ import annotations

import pytest

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment
from parkguard.reports.selectors import report_form_rows
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import PersonFactory

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(world):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    for status in [WorkStatus.ON_SITE] * 3 + [
        WorkStatus.IN_ISOLATION,
        WorkStatus.NOT_RETURNED,
        WorkStatus.LEFT,
    ]:
        person = PersonFactory(employer=enterprise.node)
        Employment.objects.create(enterprise=enterprise, person=person, work_status=status)
    return enterprise


def test_roster_figures_override_what_was_typed(world, templates, roster):
    report = submit(
        world, values=values(roster_headcount=999, staff_on_site=999, isolated=999, not_returned=999)
    )
    assert [report.values[k] for k in ("roster_headcount", "staff_on_site", "isolated", "not_returned")] == [
        5,
        3,
        1,
        1,
    ]


def test_the_form_shows_derived_figures_read_only(world, templates, roster):
    rows = report_form_rows(
        site=world.nodes["enterprise_1"], template=templates["park_a"]["enterprise"], report=None
    )
    derived = {r.field.key: r.value for r in rows if r.derived}
    assert derived == {"roster_headcount": 5, "staff_on_site": 3, "not_returned": 1, "isolated": 1}


def test_without_a_roster_the_site_types_them(world, templates):
    report = submit(world)
    assert report.values["staff_on_site"] == 40
    assert report.date == DAY
