"""Issue #3's browser flow: an enterprise contact imports a roster with two bad rows and commits the rest."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.enterprises.factories import EnterpriseFactory
from tests.factories import make_id_number

from .support import PHONE

pytestmark = pytest.mark.e2e


def _fill_template(path, rows) -> None:
    book = load_workbook(path)
    sheet = book["花名册"]
    # The template's second row is an example: replace it with the roster.
    sheet.delete_rows(2, sheet.max_row)
    header = [cell.value.rstrip("*") for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    book.save(path)


def test_enterprise_contact_imports_a_roster_with_two_bad_rows(
    world, new_page, log_in, tmp_path, screenshot_dir
):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    page = new_page(**PHONE, locale="zh-CN")
    log_in(page, "enterprise_contact", f"/enterprises/{enterprise.pk}/roster/import/")

    # Given the template, downloaded from the import page and filled in with five rows, two of them bad
    with page.expect_download() as download:
        page.locator("#template").click()
    template = tmp_path / "花名册.xlsx"
    download.value.save_as(template)
    good = [
        {"姓名": f"工人{i}", "身份证号码": make_id_number(), "工作状态": "在岗", "部门": "生产部"}
        for i in range(3)
    ]
    bad = [
        {"姓名": "错号", "身份证号码": "110105194912310020", "工作状态": "在岗"},
        {"姓名": "无状态", "身份证号码": make_id_number(), "工作状态": "出差"},
    ]
    _fill_template(template, good + bad)

    # When it is uploaded, the preview counts three new rows and two invalid ones, with the reasons
    page.locator("#upload-form input[type=file]").set_input_files(str(template))
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#count-new")).to_have_text("3")
    expect(page.locator("#count-invalid")).to_have_text("2")
    expect(page.locator("#issue-table")).to_contain_text("校验位")
    expect(page.locator("#commit-all")).to_be_disabled()
    page.screenshot(path=str(screenshot_dir / "enterprise-contact-import-preview-phone.png"), full_page=True)
    with page.expect_download() as report:
        page.locator("#error-report").click()
    report_path = tmp_path / "errors.xlsx"
    report.value.save_as(report_path)
    report_rows = list(load_workbook(report_path).active.iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in report_rows) == [5, 6]

    # Then committing the valid rows only puts three people on the ledger
    page.locator("#commit-valid").click()
    expect(page.locator("#job-status")).to_have_text(re.compile("已提交|Committed"))
    page.goto(f"/enterprises/{enterprise.pk}/")
    expect(page.locator("#on-roster")).to_have_text("3")
    page.screenshot(path=str(screenshot_dir / "enterprise-contact-ledger-phone.png"), full_page=True)
