"""The roll-up's kept totals (``RollupPartial``) stay exact: after every kind of change the roll-up read
through them equals the roll-up from scratch (``_rollup_python``), on both databases; on PostgreSQL a
submission that commits while a roll-up is being read leaves no stale row (docs/adr/0015)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.services import node_move
from parkguard.reports.choices import Aggregate, FieldType, Period, ReportStatus
from parkguard.reports.models import DailyReport, RollupPartial
from parkguard.reports.rollup import Measure, _rollup_python, rollup, rollup_invalidate
from parkguard.reports.selectors import rollup_totals

from ..factories import NodeFactory
from .conftest import DAY
from .test_rollup_exact import BIG, MEASURES, _report, reports, sites  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def n(reports):  # noqa: F811 - the fixture of test_rollup_exact
    return reports


ROOTS = ("national", "park_a", "area_a", "grid_1", "grid_2", "compound_1", "shop")


def _same_as_from_scratch(nodes, day=DAY, measures=MEASURES):
    for key in ROOTS:
        node = nodes[key]
        node.refresh_from_db()
        for max_depth in (node.depth, node.depth + 1, 8):
            expected = _rollup_python(node.path, max_depth, day, measures)
            got = rollup(root_path=node.path, max_depth=max_depth, day=day, measures=measures)
            assert dict(got) == expected, (key, max_depth, day)


def _kept(node, day=DAY):
    return RollupPartial.objects.filter(holder=node, date=day).first()


def test_a_read_keeps_the_holders_totals_and_the_next_read_uses_them(n):
    _same_as_from_scratch(n)
    kept = _kept(n["grid_1"])
    assert kept is not None and kept.reports == 2  # enterprise_1 and compound_1
    assert kept.totals["staff:sum"] == "45"  # exact decimal text, never truncated
    assert kept.totals["fever:any"] is False
    assert kept.totals["days:max"] == "3.25"
    RollupPartial.objects.filter(pk=kept.pk).update(totals={**kept.totals, "staff:sum": "1000"})
    got = rollup(root_path=n["grid_1"].path, max_depth=4, day=DAY, measures=MEASURES)
    assert (
        got[n["grid_1"].path]["staff"] == 1000 + 2 * BIG
    )  # the compound's shop and kiosk, and read from the kept row (tampered with here)


def test_a_new_submission_a_correction_and_a_withdrawal_are_counted(n):
    _same_as_from_scratch(n)
    added = _report(n["enterprise_1"], DAY, Period.EVENING, staff=1, masks="0.25")  # supersedes the day's
    assert _kept(n["grid_1"]) is None
    _same_as_from_scratch(n)
    added.values = {"staff": 2, "masks": "0.5", "fever": True}
    added.save()
    _same_as_from_scratch(n)
    added.status = ReportStatus.DRAFT  # withdrawn
    added.save(update_fields=["status"])
    _same_as_from_scratch(n)
    added.delete()
    _same_as_from_scratch(n)


def test_a_report_moved_to_another_date_or_site_leaves_both_exact(n):
    _same_as_from_scratch(n)
    _same_as_from_scratch(n, day=DAY - dt.timedelta(days=1))
    report = DailyReport.objects.get(site=n["enterprise_2"], date=DAY)
    report.date = DAY - dt.timedelta(days=2)
    report.save()
    _same_as_from_scratch(n)
    report = DailyReport.objects.get(pk=report.pk)
    report.site = n["enterprise_b"]  # another park (as the admin could)
    report.save()
    _same_as_from_scratch(n, day=DAY - dt.timedelta(days=2))


def test_a_node_moved_changed_or_deleted_leaves_the_totals_exact(n, world):
    _same_as_from_scratch(n)
    node_move(actor=world.users["park_commander"], node=n["shop"], new_parent=n["grid_1"])
    _same_as_from_scratch(n)
    node_move(actor=world.users["park_commander"], node=n["compound_1"], new_parent=n["area_a"])
    _same_as_from_scratch(n)
    n["kiosk"].kind = NodeKind.CHECKPOINT  # files no report: its reports stop counting
    n["kiosk"].save()
    _same_as_from_scratch(n)
    empty = NodeFactory(parent=n["grid_2"], kind=NodeKind.ENTERPRISE)
    _same_as_from_scratch(n)
    empty.delete()
    _same_as_from_scratch(n)


def test_bulk_writes_are_counted_after_rollup_invalidate(n):
    _same_as_from_scratch(n)
    before = rollup_totals(node=n["grid_1"], day=DAY, measures=MEASURES)[n["grid_1"].path]["staff"]
    DailyReport.objects.filter(site=n["enterprise_1"], date=DAY).update(values={"staff": 500})
    stale = rollup_totals(node=n["grid_1"], day=DAY, measures=MEASURES)[n["grid_1"].path]["staff"]
    assert stale == before  # an update sends no signal: the kept row still counts 40
    rollup_invalidate(dates=[DAY])  # what a bulk writer must call
    _same_as_from_scratch(n)
    after = rollup_totals(node=n["grid_1"], day=DAY, measures=MEASURES)[n["grid_1"].path]["staff"]
    assert after == before - 40 + 500


def test_a_measure_changed_in_a_template_is_read_with_its_new_aggregate_and_type(n):
    _same_as_from_scratch(n)
    changed = [
        Measure("staff", FieldType.DECIMAL, Aggregate.SUM),
        Measure("masks", FieldType.INTEGER, Aggregate.MAX),  # a new aggregate: computed and added to the row
        Measure("days", FieldType.DECIMAL, Aggregate.SUM),
    ]
    _same_as_from_scratch(n, measures=changed)
    assert {"masks:max", "days:sum"} <= _kept(n["grid_1"]).totals.keys()
    _same_as_from_scratch(n)


def _submit_and_wait(site_id, template_id, written, read_done, errors):
    try:
        with transaction.atomic():
            DailyReport.objects.create(
                site_id=site_id,
                template_id=template_id,
                date=DAY,
                period=Period.EVENING,
                status=ReportStatus.SUBMITTED,
                values={"staff": 1000},
            )  # the post_save signal deleted the grid's row under its lock, held until the commit
            written.set()
            read_done.wait(timeout=60)
    except Exception as error:  # reported to the test
        errors.append(error)
        written.set()
    finally:
        connection.close()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_submission_committing_during_a_read_leaves_no_stale_row(n):
    grid, site = n["grid_1"], n["enterprise_1"]
    _same_as_from_scratch(n)
    assert _kept(grid) is not None
    before = _rollup_python(grid.path, grid.depth, DAY, MEASURES)[grid.path]["staff"]
    rollup_invalidate(holders=[grid.pk])  # so that the read below computes the grid's totals
    template_id = DailyReport.objects.filter(site=site).values_list("template_id", flat=True).first()
    written, read_done, errors = threading.Event(), threading.Event(), []
    writer = threading.Thread(
        target=_submit_and_wait, args=(site.pk, template_id, written, read_done, errors)
    )
    writer.start()
    try:
        assert written.wait(timeout=60)
        # Read while the submission is written but not committed: its lock is held, so the grid's
        # totals are computed (without the uncommitted report) but not kept (kept, they would be
        # stale once the submission commits: its deletion came before).
        during = rollup(root_path=grid.path, max_depth=grid.depth, day=DAY, measures=MEASURES)
        assert during[grid.path]["staff"] == before
        assert _kept(grid) is None
    finally:
        read_done.set()
        writer.join()
    assert not errors
    _same_as_from_scratch(n)
    got = rollup(root_path=grid.path, max_depth=grid.depth, day=DAY, measures=MEASURES)
    assert (
        got[grid.path]["staff"] == before - 40 + 1000
    )  # the evening report supersedes enterprise_1's day report
    assert _kept(grid).reports == 2
