"""Issue #4: the roll-up adds every numeric field up every level (run on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest

from parkguard.reports.selectors import rollup_page, rollup_totals, rollup_trend

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_reports(world, templates):
    submit(world, values=values(arrivals_today=3, fever_cases=1, mask_days="7.5", closed_management=False))
    submit(
        world,
        who="park_commander",
        site="enterprise_2",
        values=values(arrivals_today=4, mask_days="2", closed_management=True),
    )
    submit(world, who="commander_b", site="enterprise_b", values=values(arrivals_today=100))


def test_totals_at_every_level(world, three_reports):
    totals = rollup_totals(node=world.nodes["park_a"], day=DAY)
    n = world.nodes
    assert totals[n["enterprise_1"].path]["arrivals_today"] == 3
    assert totals[n["grid_1"].path]["arrivals_today"] == 3
    assert totals[n["grid_2"].path]["arrivals_today"] == 4
    assert totals[n["area_a"].path]["arrivals_today"] == 7
    park = totals[n["park_a"].path]
    assert (park["arrivals_today"], park["fever_cases"], park["_reports"]) == (7, 1, 2)
    assert park["closed_management"] is True  # "any"
    assert n["enterprise_b"].path not in totals
    assert "mask_days" not in park  # not added up


def test_national_totals_cover_every_park(world, three_reports):
    totals = rollup_totals(node=world.nodes["national"], day=DAY)
    assert totals[world.nodes["national"].path]["arrivals_today"] == 107
    assert totals[world.nodes["park_b"].path]["arrivals_today"] == 100


def test_a_zero_report_counts_as_a_report_without_figures(world, templates):
    submit(world, values={}, zero_report=True)
    totals = rollup_totals(node=world.nodes["grid_1"], day=DAY)
    assert totals[world.nodes["grid_1"].path]["_reports"] == 1
    assert totals[world.nodes["grid_1"].path]["arrivals_today"] is None


def test_the_page_lists_the_childrens_totals(world, three_reports):
    measures, own, children = rollup_page(node=world.nodes["area_a"], day=DAY)
    assert own.totals["staff_on_site"] == 80
    assert [(c.node.name, c.totals["arrivals_today"]) for c in children] == [("一号网格", 3), ("二号网格", 4)]
    assert "arrivals_today" in {m.key for m in measures}


def test_the_trend_gives_one_total_per_day(world, three_reports):
    trend = rollup_trend(node=world.nodes["park_a"], day=DAY, days=3)
    assert [t.get("arrivals_today") for _day, t in trend] == [None, None, 7]


def test_decimal_maxima_are_exact(world, templates):
    from parkguard.reports import services

    services.template_field_update(
        actor=world.users["park_commander"],
        template=templates["park_a"]["enterprise"],
        key="mask_days",
        aggregate="max",
    )
    # The change applies tomorrow; today's version still does not add the days up.
    assert "mask_days" not in rollup_totals(node=world.nodes["park_a"], day=DAY).get(
        world.nodes["park_a"].path, {}
    )
