"""Issue #3: an import started twice at once on the same enterprise — the second is refused."""

from __future__ import annotations

import pytest

from parkguard.core.errors import ServiceError
from parkguard.enterprises import services
from parkguard.enterprises.choices import CommitMode, ImportStatus
from parkguard.enterprises.models import ImportJob

from .importing import commit, db_state, english, roster_enterprise, roster_row, start_roster
from .xlsx import workbook_bytes

pytestmark = pytest.mark.django_db

RUNNING = "An import is already running here. Wait until it has finished."


@pytest.fixture
def queued(monkeypatch) -> list[tuple]:
    """Tasks wait in the queue (no worker has picked them up yet) instead of running at once."""
    tasks: list[tuple] = []
    monkeypatch.setattr(services, "enqueue", lambda *task: tasks.append(task))
    return tasks


def test_a_second_import_while_the_first_is_queued_is_refused(world, queued):
    enterprise = roster_enterprise(world)
    first = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        start_roster(world, enterprise, workbook_bytes([roster_row()]))

    assert english(refused.value) == [RUNNING]
    assert first.status == ImportStatus.QUEUED
    assert list(ImportJob.objects.all()) == [first]
    assert len(queued) == 1
    assert db_state() == before


def test_two_uploads_racing_past_the_check_are_stopped_by_the_database(world, queued, monkeypatch):
    enterprise = roster_enterprise(world)
    first = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    # The second request checked before the first one's job was visible to it.
    monkeypatch.setattr(services, "_active", lambda: ())
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        start_roster(world, enterprise, workbook_bytes([roster_row()]))

    assert english(refused.value) == [RUNNING]
    assert list(ImportJob.objects.all()) == [first]
    assert len(queued) == 1
    assert db_state() == before


def test_another_enterprise_may_import_at_the_same_time(world, queued):
    start_roster(world, roster_enterprise(world), workbook_bytes([roster_row()]))
    other = roster_enterprise(world, "enterprise_2")
    before = db_state()

    job = start_roster(world, other, workbook_bytes([roster_row()]), actor="park_commander")

    assert job.status == ImportStatus.QUEUED
    assert ImportJob.objects.count() == 2
    assert db_state() == before


def test_a_commit_while_another_import_of_the_roster_runs_is_refused(world, monkeypatch):
    enterprise = roster_enterprise(world)
    validated = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    monkeypatch.setattr(services, "enqueue", lambda *task: None)
    running = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        commit(world, validated, CommitMode.ALL_OR_NOTHING)

    assert english(refused.value) == [RUNNING]
    validated.refresh_from_db()
    assert (validated.status, running.status) == (ImportStatus.VALIDATED, ImportStatus.QUEUED)
    assert db_state() == before


def test_the_same_import_committed_twice_writes_once(world):
    enterprise = roster_enterprise(world)
    job = start_roster(world, enterprise, workbook_bytes([roster_row(), roster_row()]))
    commit(world, job, CommitMode.ALL_OR_NOTHING)
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        commit(world, job, CommitMode.ALL_OR_NOTHING)

    assert english(refused.value) == ["Only a validated import can be committed."]
    assert db_state() == before


def test_a_new_import_may_start_once_the_first_has_finished(world):
    enterprise = roster_enterprise(world)
    first = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    commit(world, first, CommitMode.ALL_OR_NOTHING)
    before = db_state()

    second = start_roster(world, enterprise, workbook_bytes([roster_row()]))

    assert second.status == ImportStatus.VALIDATED, second.message
    assert db_state() == before
