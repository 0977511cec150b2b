"""Issue #3: a file that cannot be read as a whole fails the import with one message; nothing is written."""

from __future__ import annotations

import random
from functools import partial

import pytest

from parkguard.core.errors import ServiceError
from parkguard.enterprises.choices import ImportStatus
from parkguard.enterprises.imports import jobs
from parkguard.enterprises.imports.roster import RosterImport
from parkguard.enterprises.models import ImportJob
from parkguard.lib.excel import Limits, SpreadsheetError

from .bad_files import (
    CSV_RENAMED,
    EndlessUpload,
    blank_sheet,
    encrypted_workbook,
    with_extra_entry,
    with_merged_cells,
)
from .importing import db_state, english, roster_enterprise, roster_row, start_roster
from .xlsx import ROSTER_HEADER, workbook_bytes

pytestmark = pytest.mark.django_db


def test_a_file_not_named_xlsx_is_refused_before_it_is_stored(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    with pytest.raises(ServiceError) as refused:
        start_roster(world, enterprise, workbook_bytes([roster_row()]), name="roster.csv")

    assert english(refused.value) == ["Upload an Excel workbook (.xlsx)."]
    assert ImportJob.objects.count() == 0
    assert db_state() == before


def test_a_csv_renamed_to_xlsx_is_not_a_workbook(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, CSV_RENAMED, name="roster.xlsx")

    assert job.status == ImportStatus.FAILED
    assert (
        job.message
        == "This file is not an Excel workbook (.xlsx). A CSV file renamed to .xlsx is not one either."
    )
    assert db_state() == before


def test_a_password_protected_workbook_asks_for_the_password_to_be_removed(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, encrypted_workbook(workbook_bytes([roster_row()])))

    assert job.status == ImportStatus.FAILED
    assert job.message == (
        "This workbook is password-protected or in the old .xls format. "
        "Remove the password and save it as .xlsx."
    )
    assert db_state() == before


def test_a_broken_zip_is_not_a_readable_workbook(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, b"PK\x03\x04" + bytes(200))

    assert job.status == ImportStatus.FAILED
    assert job.message == "This file is not a readable Excel workbook (.xlsx)."
    assert db_state() == before


def test_an_empty_file_is_reported_empty(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, b"")

    assert job.status == ImportStatus.FAILED
    assert job.message == "The file is empty."
    assert db_state() == before


def test_a_blank_roster_sheet_is_reported_empty(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, blank_sheet("花名册"))

    assert job.status == ImportStatus.FAILED
    assert job.message == "The file is empty."
    assert db_state() == before


def test_a_header_without_rows_says_there_are_no_rows(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([]))

    assert job.status == ImportStatus.FAILED
    assert job.message == "The sheet has a header but no rows."
    assert db_state() == before


def test_a_workbook_without_the_template_sheet_names_the_sheet_expected(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([roster_row()], title="Sheet1"))

    assert job.status == ImportStatus.FAILED
    assert (
        job.message
        == "The workbook has no sheet named 花名册 / Roster. Start from the downloadable template."
    )
    assert db_state() == before


def test_the_english_sheet_name_is_accepted(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([roster_row()], title="Roster"))

    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts["new"] == 1
    assert db_state() == before


def test_missing_required_columns_are_named(world):
    enterprise = roster_enterprise(world)
    header = [h for h in ROSTER_HEADER if h not in ("姓名", "工作状态")]
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([["x"] * len(header)], header=header))

    assert job.status == ImportStatus.FAILED
    assert (
        job.message == "Required columns are missing: 姓名*, 工作状态*. Start from the downloadable template."
    )
    assert db_state() == before


def test_unknown_columns_are_reported_and_ignored(world):
    enterprise = roster_enterprise(world)
    header = [*ROSTER_HEADER, "备注", "血型"]
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([[*roster_row(), "新员工", "O"]], header=header))

    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts["unknown_columns"] == ["备注", "血型"]
    assert job.counts["new"] == 1 and job.counts["invalid"] == 0
    assert job.issues.count() == 0
    assert db_state() == before


def test_merged_cells_are_named_and_refused(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, with_merged_cells([roster_row(), roster_row()], "D2:D3"))

    assert job.status == ImportStatus.FAILED
    assert job.message == "Cells D2:D3 are merged. Unmerge them so that every row holds its own values."
    assert db_state() == before


def test_formulas_are_named_and_refused(world):
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([roster_row(), roster_row(phone="=1+1")]))

    assert job.status == ImportStatus.FAILED
    assert job.message == "Cells C3 hold formulas. Paste them as values and upload again."
    assert db_state() == before


def test_a_file_over_the_size_limit_says_so(world, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    enterprise = roster_enterprise(world)
    oversized = with_extra_entry(
        workbook_bytes([roster_row()]), "xl/media/photo.bin", _random_bytes(1024 * 1024)
    )
    before = db_state()

    job = start_roster(world, enterprise, oversized)

    assert job.status == ImportStatus.FAILED
    assert job.message == "The file is larger than 1 MB. Split it into smaller files."
    assert db_state() == before


def test_an_oversized_upload_is_read_no_further_than_the_limit(world, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    enterprise = roster_enterprise(world)
    upload = EndlessUpload()
    before = db_state()

    with pytest.raises(SpreadsheetError) as refused:
        jobs.run_pipeline(RosterImport(enterprise), upload, commit=False)

    assert english(refused.value) == ["The file is larger than 1 MB. Split it into smaller files."]
    assert upload.bytes_read == 1024 * 1024 + 1
    assert db_state() == before


def test_a_sheet_over_the_row_limit_says_so(world, settings):
    settings.IMPORT_MAX_ROWS = 3
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([roster_row() for _ in range(4)]))

    assert job.status == ImportStatus.FAILED
    assert job.message == "The sheet has more than 3 rows. Split it into smaller files."
    assert db_state() == before


def test_a_sheet_at_the_row_limit_is_read(world, settings):
    settings.IMPORT_MAX_ROWS = 3
    enterprise = roster_enterprise(world)
    before = db_state()

    job = start_roster(world, enterprise, workbook_bytes([roster_row() for _ in range(3)]))

    assert job.status == ImportStatus.VALIDATED, job.message
    assert job.counts["new"] == 3
    assert db_state() == before


def test_a_zip_bomb_is_refused_before_it_is_inflated(world, monkeypatch):
    monkeypatch.setattr(jobs, "Limits", partial(Limits, max_inflated_bytes=10 * 1024 * 1024))
    enterprise = roster_enterprise(world)
    bomb = with_extra_entry(workbook_bytes([roster_row()]), "xl/media/zeros.bin", bytes(50 * 1024 * 1024))
    before = db_state()

    job = start_roster(world, enterprise, bomb)

    assert len(bomb) < 1024 * 1024
    assert job.status == ImportStatus.FAILED
    assert job.message == "The workbook inflates to an implausible size."
    assert db_state() == before


def _random_bytes(size: int) -> bytes:
    # Noise does not compress, so the file really is this large.
    return random.Random(3).randbytes(size)
