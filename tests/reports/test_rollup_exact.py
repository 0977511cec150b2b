"""The roll-up's statement on PostgreSQL gives exactly what adding up in Python gives (issue #4, 日汇报).

Run on both databases: on SQLite both sides are the Python roll-up; on PostgreSQL the statement of
``reports.rollup`` is compared with ``_rollup_python`` over the same rows, for every root and depth,
with sites at several depths (a site under a site), twice-a-day reports (the evening supersedes the
morning, a morning report supersedes a day report), drafts, zero reports, blanks, decimals, maxima,
yes/no answers and totals beyond bigint.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkguard.hierarchy.choices import NodeKind
from parkguard.reports.choices import Aggregate, FieldType, Period, ReportStatus
from parkguard.reports.models import DailyReport, ReportTemplate
from parkguard.reports.rollup import Measure, _rollup_python, rollup, rollup_days
from parkguard.reports.selectors import rollup_node_totals, rollup_page, rollup_trend

from ..factories import NodeFactory
from .conftest import DAY

pytestmark = pytest.mark.django_db

MEASURES = [
    Measure("staff", FieldType.INTEGER, Aggregate.SUM),
    Measure("masks", FieldType.DECIMAL, Aggregate.SUM),
    Measure("days", FieldType.DECIMAL, Aggregate.MAX),
    Measure("fever", FieldType.BOOLEAN, Aggregate.ANY),
    Measure("peak", FieldType.INTEGER, Aggregate.MAX),
]
BIG = 9_000_000_000_000_000_000  # three of them are beyond bigint


@pytest.fixture
def sites(world):
    """The personas' sites, and more: a site under a site under a site (depths 6 and 7), a construction project."""
    n = world.nodes
    extra = {
        "shop": NodeFactory(parent=n["compound_1"], kind=NodeKind.ENTERPRISE, name="小区超市"),
        "project": NodeFactory(parent=n["grid_2"], kind=NodeKind.CONSTRUCTION, name="地铁站工地"),
    }
    extra["kiosk"] = NodeFactory(parent=extra["shop"], kind=NodeKind.ENTERPRISE, name="超市报亭")
    return {**n, **extra}


def _report(site, day, period=Period.DAY, status=ReportStatus.SUBMITTED, **values):
    park = site.path[:14]
    template = ReportTemplate.objects.filter(park__path=park).first() or ReportTemplate.objects.create(
        park=type(site).objects.get(path=park), site_kind=site.kind, name="t", valid_from=day
    )
    return DailyReport.objects.create(
        site=site, template=template, date=day, period=period, status=status, values=values
    )


@pytest.fixture
def reports(sites):
    s = sites
    yesterday = DAY - dt.timedelta(days=1)
    _report(s["enterprise_1"], DAY, staff=40, masks="7.5", days="3.25", fever=False, peak=4)
    _report(s["enterprise_2"], DAY, staff=12, masks="0.10", days="10", fever=True, peak=9)
    _report(s["compound_1"], DAY, staff=5, masks="", days=None, fever=False)  # blanks
    _report(s["shop"], DAY, staff=BIG, masks="1.05", peak=BIG)
    _report(s["kiosk"], DAY, staff=BIG, masks="2.000", days="99.5", fever=True, peak=1)
    _report(s["enterprise_b"], DAY, staff=BIG, masks="0.5", days="1")
    # Twice a day: the evening supersedes the morning; a morning report supersedes a day report.
    _report(s["project"], DAY, Period.MORNING, staff=100, masks="5", fever=True, peak=100)
    _report(s["project"], DAY, Period.EVENING, staff=7, masks="1.5", fever=False, peak=7)
    _report(s["project"], yesterday, Period.DAY, staff=1000)
    _report(s["project"], yesterday, Period.MORNING, staff=30, masks="2")
    _report(s["project"], yesterday, Period.EVENING, status=ReportStatus.DRAFT, staff=99)  # a draft
    _report(s["enterprise_1"], yesterday, staff=38, masks="7", days="2")
    _report(s["enterprise_2"], yesterday)  # a zero report: no figures
    return s


def test_every_root_and_depth_gives_the_python_totals(reports):
    for key in ("national", "park_a", "area_a", "grid_1", "grid_2", "compound_1", "shop", "kiosk"):
        node = reports[key]
        for max_depth in range(node.depth - 1, 9):
            for day in (DAY, DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)):
                expected = _rollup_python(node.path, max_depth, day, MEASURES)
                got = rollup(root_path=node.path, max_depth=max_depth, day=day, measures=MEASURES)
                assert dict(got) == expected, (key, max_depth, day)


def test_the_numbers(reports):
    n = reports
    totals = rollup(root_path=n["national"].path, max_depth=7, day=DAY, measures=MEASURES)
    national = totals[n["national"].path]
    assert national == {
        "_reports": 7,
        "staff": 40 + 12 + 5 + 3 * BIG + 7,
        "masks": Decimal("12.65"),
        "days": Decimal("99.5"),
        "fever": True,
        "peak": BIG,
    }
    assert totals[n["project"].path]["staff"] == 7  # the evening report, not the morning's
    assert totals[n["kiosk"].path]["masks"] == Decimal("2")  # normalised
    assert totals[n["shop"].path]["_reports"] == 2  # its own report and the kiosk's
    assert totals[n["compound_1"].path] == {
        "_reports": 3,
        "staff": 5 + 2 * BIG,
        "masks": Decimal("3.05"),
        "days": Decimal("99.5"),
        "fever": True,
        "peak": BIG,
    }
    assert n["checkpoint_a"].path not in totals  # no report under it
    yesterday = rollup(
        root_path=n["park_a"].path, max_depth=2, day=DAY - dt.timedelta(days=1), measures=MEASURES
    )
    assert yesterday[n["park_a"].path] == {
        "_reports": 3,  # the project's morning report (not its draft, not its day report) and two more
        "staff": 30 + 38,
        "masks": Decimal("9"),
        "days": Decimal("2"),
        "fever": None,
        "peak": None,
    }


def _reads_of_reports(run):
    with CaptureQueriesContext(connection) as captured:
        result = run()
    return result, sum(DailyReport._meta.db_table in q["sql"] for q in captured.captured_queries)


def test_the_days_in_one_query_give_each_days_totals(reports):
    node = reports["park_a"]
    first = DAY - dt.timedelta(days=3)
    days, reads = _reads_of_reports(
        lambda: rollup_days(root_path=node.path, first_day=first, last_day=DAY, measures=MEASURES)
    )
    assert reads == 1
    for offset in range(4):
        day = first + dt.timedelta(days=offset)
        expected = _rollup_python(node.path, node.depth, day, MEASURES).get(node.path)
        assert days.get(day) == expected, day


def test_pages_and_trends_read_the_same_totals(reports, templates):
    area = reports["area_a"]
    _measures, own, children = rollup_page(node=area, day=DAY)
    keys = [m.key for m in _measures]
    full = rollup(root_path=area.path, max_depth=7, day=DAY, measures=_measures)
    assert own.totals == full[area.path] == rollup_node_totals(node=area, day=DAY)
    assert [c.totals for c in children] == [full.get(c.node.path, {}) for c in children]
    trend, reads = _reads_of_reports(lambda: rollup_trend(node=area, day=DAY, days=30))
    assert reads == 1  # one statement for the 30 days
    assert [t["_reports"] for d, t in trend if t] == [3, 6]
    assert trend[-1][1] == {k: v for k, v in full[area.path].items() if k in {"_reports", *keys}}
