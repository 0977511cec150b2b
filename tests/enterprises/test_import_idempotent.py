"""Issue #3: importing the same file again finds nothing new and nothing changed, and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.enterprises.choices import CommitMode, ImportStatus
from parkguard.enterprises.models import Employment, Enterprise

from .factories import make_uscc
from .importing import (
    REGISTRY_HEADER,
    commit,
    db_state,
    roster_enterprise,
    roster_row,
    start_registry,
    start_roster,
)
from .xlsx import workbook_bytes

pytestmark = pytest.mark.django_db

NOTHING_TO_DO = {"new": 0, "changed": 0, "unchanged": 3, "invalid": 0, "unknown_columns": []}


def _roster(world, enterprise, data):
    return commit(world, start_roster(world, enterprise, data), CommitMode.ALL_OR_NOTHING)


def test_reimporting_the_same_roster_reports_nothing_new_and_nothing_changed(world):
    enterprise = roster_enterprise(world)
    data = workbook_bytes(
        [
            roster_row(),
            roster_row(phone="", expected=dt.datetime(2020, 2, 10)),
            roster_row(key_position="是", expected=""),
        ]
    )
    assert _roster(world, enterprise, data).status == ImportStatus.COMMITTED
    before = db_state()

    job = start_roster(world, enterprise, data)

    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts == NOTHING_TO_DO
    assert job.issues.count() == 0
    assert db_state() == before


def test_committing_the_same_roster_again_writes_nothing(world):
    enterprise = roster_enterprise(world)
    data = workbook_bytes([roster_row(), roster_row(), roster_row()])
    _roster(world, enterprise, data)
    stamps = list(Employment.objects.order_by("pk").values_list("updated_at", flat=True))
    before = db_state()

    job = _roster(world, enterprise, data)

    assert job.status == ImportStatus.COMMITTED, job.message
    assert job.counts == NOTHING_TO_DO
    after = db_state()
    assert after.pop("audit_events") == before.pop("audit_events") + 1  # the commit itself is audited
    assert after == before
    assert list(Employment.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_reimporting_a_roster_with_one_row_edited_reports_that_row_changed(world):
    enterprise = roster_enterprise(world)
    rows = [roster_row(), roster_row(), roster_row()]
    _roster(world, enterprise, workbook_bytes(rows))
    rows[1][5] = "居家办公"
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes(rows))

    assert job.counts == {**NOTHING_TO_DO, "changed": 1, "unchanged": 2}
    assert db_state() == before


def test_reimporting_the_same_registry_reports_nothing_new_and_writes_nothing(world):
    rows = [[make_uscc(), f"滇池包装{n}厂", "独立厂区", ""] for n in range(3)]
    data = workbook_bytes(rows, title="企业名录", header=REGISTRY_HEADER)
    commit(world, start_registry(world, data), CommitMode.ALL_OR_NOTHING, actor="grid_official")
    assert Enterprise.objects.filter(uscc__in=[r[0] for r in rows]).count() == 3
    before = db_state()

    job = start_registry(world, data)
    job = commit(world, job, CommitMode.ALL_OR_NOTHING, actor="grid_official")

    assert job.status == ImportStatus.COMMITTED, job.message
    assert job.counts == NOTHING_TO_DO
    after = db_state()
    assert after.pop("audit_events") == before.pop("audit_events") + 1  # the commit itself is audited
    assert after == before
