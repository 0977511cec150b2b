"""Issue #3: the roster rules — one line per person in a file, one current employer per person, and how
a commit treats invalid rows (all or nothing, or the valid rows only when the user says so)."""

from __future__ import annotations

import pytest

from parkguard.core.errors import ServiceError
from parkguard.enterprises.choices import CommitMode, ImportStatus, WorkStatus
from parkguard.enterprises.models import Employment
from parkguard.people.models import Person
from parkguard.people.services import id_number_index
from tests.factories import make_id_number

from .importing import commit, db_state, english, messages, roster_enterprise, roster_row, start_roster
from .xlsx import workbook_bytes

pytestmark = pytest.mark.django_db

EMPLOYED_ELSEWHERE = (
    "This person is employed by another enterprise. That enterprise must record them as left first."
)


def _employ(world, person, key="enterprise_2", status=WorkStatus.ON_SITE) -> Employment:
    return Employment.objects.create(
        enterprise=roster_enterprise(world, key), person=person, work_status=status
    )


def test_a_person_twice_in_the_file_is_refused_on_the_second_row(world):
    enterprise = roster_enterprise(world)
    number = make_id_number()
    before = db_state()

    job = start_roster(
        world,
        enterprise,
        workbook_bytes(
            [roster_row(id_number=number), roster_row(), roster_row(name="张三丰", id_number=number)]
        ),
    )

    assert job.status == ImportStatus.VALIDATED, job.message
    assert messages(job) == [(4, "身份证号码", "The same id number is already on row 2.")]
    assert job.counts["new"] == 2 and job.counts["invalid"] == 1
    assert db_state() == before


def test_the_same_id_number_typed_differently_is_still_a_duplicate(world):
    enterprise = roster_enterprise(world)
    number = make_id_number()
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    before = db_state()

    job = start_roster(
        world,
        enterprise,
        workbook_bytes([roster_row(id_number=number), roster_row(id_number=f" {full_width} ")]),
    )

    assert messages(job) == [(3, "身份证号码", "The same id number is already on row 2.")]
    assert db_state() == before


def test_a_person_employed_by_another_enterprise_is_refused(world):
    enterprise = roster_enterprise(world)
    worker = world.people["worker_2"]
    _employ(world, worker)
    before = db_state()

    job = start_roster(
        world, enterprise, workbook_bytes([roster_row(name=worker.name, id_number=worker.id_number)])
    )

    assert job.status == ImportStatus.VALIDATED, job.message
    assert messages(job) == [(2, "身份证号码", EMPLOYED_ELSEWHERE)]
    assert job.counts["invalid"] == 1
    assert db_state() == before


def test_a_person_who_left_another_enterprise_may_join_this_one(world):
    enterprise = roster_enterprise(world)
    worker = world.people["worker_2"]
    _employ(world, worker, status=WorkStatus.LEFT)
    before = db_state()

    job = start_roster(
        world, enterprise, workbook_bytes([roster_row(name=worker.name, id_number=worker.id_number)])
    )
    job = commit(world, job, CommitMode.ALL_OR_NOTHING)

    assert job.status == ImportStatus.COMMITTED, job.message
    assert job.issues.count() == 0
    assert Employment.objects.get(enterprise=enterprise).person == worker
    assert db_state()["people"] == before["people"]
    assert db_state()["employments"] == before["employments"] + 1


def test_all_or_nothing_commit_with_invalid_rows_is_refused_and_writes_nothing(world):
    enterprise = roster_enterprise(world)
    rows = [roster_row(), roster_row(phone="123"), roster_row(status="上班")]
    job = start_roster(world, enterprise, workbook_bytes(rows))
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        commit(world, job, CommitMode.ALL_OR_NOTHING)

    assert english(refused.value) == ["Invalid rows: 2. Fix them, or commit the valid rows only."]
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert db_state() == before


def test_all_or_nothing_commit_writes_nothing_when_a_row_became_invalid_since_the_preview(world):
    enterprise = roster_enterprise(world)
    worker = world.people["worker_2"]
    rows = [roster_row(), roster_row(), roster_row(name=worker.name, id_number=worker.id_number)]
    job = start_roster(world, enterprise, workbook_bytes(rows))
    assert job.counts["invalid"] == 0
    _employ(world, worker)  # meanwhile, another enterprise put the worker on its roster
    before = db_state()

    job = commit(world, job, CommitMode.ALL_OR_NOTHING)

    assert job.status == ImportStatus.VALIDATED
    assert job.message == (
        "Some rows are invalid, so nothing was written. Fix them, or commit the valid rows only."
    )
    assert messages(job) == [(4, "身份证号码", EMPLOYED_ELSEWHERE)]
    assert db_state() == before


def test_valid_only_commit_writes_exactly_the_valid_rows(world):
    enterprise = roster_enterprise(world)
    good = [make_id_number(), make_id_number()]
    bad = make_id_number()
    rows = [
        roster_row(id_number=good[0]),
        roster_row(id_number=bad, phone="123"),
        roster_row(id_number=good[1]),
    ]
    job = start_roster(world, enterprise, workbook_bytes(rows))
    before = db_state()

    job = commit(world, job, CommitMode.VALID_ONLY)

    assert job.status == ImportStatus.COMMITTED, job.message
    assert job.counts["new"] == 2 and job.counts["invalid"] == 1
    assert messages(job) == [(3, "手机号码", "A mobile number has 11 digits and starts with 13–19.")]
    imported = set(
        Employment.objects.filter(enterprise=enterprise).values_list("person__id_number_index", flat=True)
    )
    assert imported == {id_number_index(n) for n in good}
    assert not Person.objects.filter(id_number_index=id_number_index(bad)).exists()
    after = db_state()
    assert after["people"] == before["people"] + 2
    assert after["employments"] == before["employments"] + 2
    assert after["employment_history"] == before["employment_history"] + 2


def test_an_import_that_only_validated_can_be_cancelled_and_writes_nothing(world):
    from parkguard.enterprises.services import import_cancel

    enterprise = roster_enterprise(world)
    job = start_roster(world, enterprise, workbook_bytes([roster_row()]))
    before = db_state()

    import_cancel(actor=world.users["enterprise_contact"], job=job)

    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert db_state() == before
    with pytest.raises(ServiceError) as refused:
        commit(world, job, CommitMode.ALL_OR_NOTHING)
    assert english(refused.value) == ["Only a validated import can be committed."]
    assert db_state() == before


def test_an_official_outside_the_enterprise_cannot_import_its_roster(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        start_roster(world, enterprise, workbook_bytes([roster_row()]), actor="neighbour_official")

    assert english(refused.value) == ["This part of the hierarchy is outside your scope."]
    assert db_state() == before
