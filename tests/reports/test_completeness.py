"""Issue #4: completeness (日排查) — expected, submitted, on time, late, missing, and who answers."""

from __future__ import annotations

import pytest

from parkguard.reports.selectors import completeness

from .conftest import DAY
from .reporting import submit

pytestmark = pytest.mark.django_db


def test_nothing_filed_everything_missing(world, templates, responsible):
    c = completeness(node=world.nodes["park_a"], day=DAY)
    # enterprise 1, enterprise 2 (enterprise template); the compound has no template.
    assert (c.expected, c.submitted, c.missing) == (2, 0, 2)
    assert [(m.site["name"], m.official) for m in c.missing_reports] == [
        ("滇池机械", responsible),
        ("螺蛳湾物流", None),
    ]


def test_on_time_late_and_missing_by_child(world, templates, at, responsible):
    submit(world)
    at("13:00")
    submit(world, who="park_commander", site="enterprise_2")
    c = completeness(node=world.nodes["area_a"], day=DAY)
    assert (c.expected, c.submitted, c.on_time, c.late, c.missing) == (2, 2, 1, 1, 0)
    by_grid = {child.name: (child.on_time, child.late) for child in c.children}
    assert by_grid == {"一号网格": (1, 0), "二号网格": (0, 1)}
    assert c.missing_reports == []


def test_a_draft_is_still_missing(world, templates):
    from parkguard.reports import services

    services.report_save_draft(
        actor=world.users["enterprise_contact"],
        site=world.nodes["enterprise_1"],
        day=DAY,
        period="day",
        values={},
    )
    assert completeness(node=world.nodes["grid_1"], day=DAY).missing == 1


def test_a_zero_report_is_not_missing(world, templates):
    submit(world, values={}, zero_report=True)
    assert completeness(node=world.nodes["grid_1"], day=DAY).missing == 0
