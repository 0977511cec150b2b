"""Issue #3: importing the enterprise registry — the credit code's check character is the hard rule."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc

from parkguard.enterprises.choices import CommitMode, ImportStatus
from parkguard.enterprises.models import Enterprise

from .factories import make_uscc
from .importing import REGISTRY_HEADER, commit, db_state, messages, start_registry
from .xlsx import workbook_bytes

pytestmark = pytest.mark.django_db


def _registry(rows: list[list], **book) -> bytes:
    return workbook_bytes(
        rows, title=book.pop("title", "企业名录"), header=book.pop("header", REGISTRY_HEADER)
    )


def _wrong_check(code: str) -> str:
    return code[:17] + ("0" if code[17] != "0" else "1")


def test_a_wrong_uscc_check_character_is_reported(world):
    code = _wrong_check(make_uscc())
    before = db_state()

    job = start_registry(world, _registry([[code, "滇池包装", "独立厂区", ""]]))

    assert job.status == ImportStatus.VALIDATED, job.message
    assert messages(job) == [
        (2, "统一社会信用代码", "The check character of this unified social credit code is wrong.")
    ]
    assert job.counts["invalid"] == 1
    assert db_state() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("91530100MA6K0AB1", "A unified social credit code has 18 characters; this one has 16."),
        (
            "91530100MA6K0AB1IO",
            "This unified social credit code contains characters the standard does not use.",
        ),
        ("", "Required."),
    ],
    ids=["length", "letters-not-used", "blank"],
)
def test_a_malformed_uscc_is_reported(world, typed, message):
    before = db_state()

    job = start_registry(
        world, _registry([[make_uscc(), "滇池包装", "独立厂区", ""], [typed, "滇池印刷", "独立厂区", ""]])
    )

    assert messages(job) == [(3, "统一社会信用代码", message)]
    assert job.counts["new"] == 1 and job.counts["invalid"] == 1
    assert db_state() == before


def test_a_genuine_uscc_with_a_letter_registration_part_is_accepted(world):
    body = "N2530111MA6K0AB1Q"  # N2: a village collective economic organisation, registered by agriculture
    code = body + uscc.calc_check_digit(body)
    before = db_state()

    job = start_registry(world, _registry([[code, "阿拉村股份经济合作社", "其他", ""]]))
    job = commit(world, job, CommitMode.ALL_OR_NOTHING, actor="grid_official")

    assert job.status == ImportStatus.COMMITTED, job.message
    assert job.issues.count() == 0
    enterprise = Enterprise.objects.get(uscc=code)
    assert enterprise.node.name == "阿拉村股份经济合作社"
    assert enterprise.node.parent == world.nodes["grid_1"]
    assert db_state()["enterprises"] == before["enterprises"] + 1


def test_a_uscc_typed_in_full_width_and_lower_case_is_stored_clean(world):
    code = make_uscc()
    typed = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())

    job = start_registry(world, _registry([[typed, "滇池包装", "独立厂区", ""]]))
    job = commit(world, job, CommitMode.ALL_OR_NOTHING, actor="grid_official")

    assert job.status == ImportStatus.COMMITTED, job.message
    assert Enterprise.objects.filter(uscc=code).exists()


def test_the_same_uscc_twice_in_the_file_is_refused_on_the_second_row(world):
    code = make_uscc()
    before = db_state()

    job = start_registry(
        world, _registry([[code, "滇池包装", "独立厂区", ""], [code, "滇池包装二厂", "独立厂区", ""]])
    )

    assert messages(job) == [(3, "统一社会信用代码", "The same credit code is already on row 2.")]
    assert job.counts["new"] == 1 and job.counts["invalid"] == 1
    assert db_state() == before


def test_a_place_outside_the_officials_part_of_the_park_is_reported(world):
    before = db_state()

    job = start_registry(world, _registry([[make_uscc(), "滇池包装", "独立厂区", "二号网格"]]))

    assert messages(job) == [(2, "所属网格或片区", "No grid or area of this name in your part of the park.")]
    assert db_state() == before


def test_a_registry_without_the_category_column_is_refused(world):
    header = ["统一社会信用代码", "企业名称"]
    before = db_state()

    job = start_registry(world, _registry([[make_uscc(), "滇池包装"]], header=header))

    assert job.status == ImportStatus.FAILED
    assert job.message == "Required columns are missing: 企业类别*. Start from the downloadable template."
    assert db_state() == before


def test_a_registry_in_the_roster_sheet_names_the_registry_sheet(world):
    before = db_state()

    job = start_registry(world, _registry([[make_uscc(), "滇池包装", "独立厂区", ""]], title="花名册"))

    assert job.status == ImportStatus.FAILED
    assert (
        job.message
        == "The workbook has no sheet named 企业名录 / Enterprises. Start from the downloadable template."
    )
    assert db_state() == before
