"""The daily bulletin's spreadsheet: four sheets with the day's numbers, then those of the sections
other apps add (parkguard.reports.bulletins.SECTIONS)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from parkguard.reports.bulletins import bulletin_generate

from .conftest import DAY
from .reporting import submit, values

pytestmark = pytest.mark.django_db

SHEETS = ["汇总 Summary", "完成情况 Completeness", "未报送 Missing", "预警 Flags"]


def sheets(bulletin) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(bulletin.xlsx.read()), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.fixture
def book(world, templates, responsible, at):
    """Park A: enterprise 1 reported a fever case; enterprise 2 did not report."""
    submit(world, values=values(fever_cases=1, fever_destination="区人民医院发热门诊"))
    bulletin = bulletin_generate(actor=world.users["park_commander"], node=world.nodes["park_a"], date=DAY)
    return sheets(bulletin)


def test_workbook_starts_with_the_four_sheets(book):
    assert list(book)[:4] == SHEETS


def test_summary_sheet_holds_the_completeness_and_key_figures(book):
    summary = {row[0]: row[1] for row in book["汇总 Summary"][1:]}

    assert (summary["应报"], summary["已报"], summary["按时"], summary["迟报"], summary["未报"]) == (
        2,
        1,
        1,
        0,
        1,
    )
    assert summary["在岗人数"] == 40
    assert summary["发热人数"] == 1


def test_completeness_sheet_has_a_row_per_area_and_a_total(book):
    rows = book["完成情况 Completeness"]

    assert rows[1] == ("阿拉街道", 2, 1, 1, 0, 1, 0.5)
    assert rows[-1][1:] == (2, 1, 1, 0, 1, 0.5)


def test_missing_sheet_lists_the_site_that_did_not_report(book):
    assert [row[0] for row in book["未报送 Missing"][1:]] == ["螺蛳湾物流"]


def test_flags_sheet_lists_the_fever_case(book):
    flags = book["预警 Flags"][1:]

    assert [row[0] for row in flags] == ["滇池机械"]
    assert flags[0][4] == "grid_official"
