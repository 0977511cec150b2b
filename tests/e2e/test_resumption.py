"""Browser test of issue #6's acceptance: an enterprise contact files an application on a phone, the grid
official inspects and passes it, the supervising department approves, the enterprise marks itself
resumed, and the resumption rate of its park rises in the commander's dashboard and in the next daily
bulletin (generated from the bulletin page, read from its PDF)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.support import PHONE, assert_fits_screen
from tests.lib.test_pdf import poppler
from tests.resumption.conftest import department, enterprises, future, pdf_bytes

pytestmark = pytest.mark.e2e
# The fixtures of the resumption tests, where this flow's enterprises and department are made.
__all__ = ["department", "enterprises"]


def test_an_enterprise_applies_is_inspected_approved_and_resumes(
    world, enterprises, department, new_page, log_in, tmp_path: Path, screenshot_dir: Path
) -> None:
    park = world.nodes["park_a"]
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(pdf_bytes())
    dashboard_url = f"/dashboard/node/{park.pk}/"
    bulletins_url = f"/reports/node/{park.pk}/bulletins/"

    commander = new_page(**PHONE, locale="zh-CN")
    log_in(commander, "park_commander", dashboard_url)
    expect(commander.locator("#resumption-rates li").first).to_contain_text("0.0%")
    assert "全部企业 0/2" in bulletin_text(commander, bulletins_url, tmp_path / "before.pdf")

    contact = new_page(**PHONE, locale="zh-CN")
    log_in(contact, "enterprise_contact", "/resumption/")
    contact.locator("#my-enterprises a.apply").click()
    form = contact.locator("#application-form")
    form.locator("#id_planned_date").fill(future().isoformat())
    form.locator("#id_headcount_local").fill("6")
    form.locator("#id_headcount_elsewhere").fill("4")
    form.locator("#id_prevention_group").check()
    form.locator("#id_prevention_head").fill("张组长")
    form.locator("#id_temperature_checks").check()
    form.locator("#id_plan_document").set_input_files(str(plan))
    form.locator("#id_commitment_letter").set_input_files(str(plan))
    assert_fits_screen(contact)
    form.locator("button").click()
    expect(contact.locator("#action-submit")).to_be_visible()
    contact.locator("#action-submit button").click()
    expect(contact.locator("#state")).not_to_contain_text("草稿")
    application_url = re.sub(r"^https?://[^/]+", "", contact.url)

    official = new_page(**PHONE, locale="zh-CN")
    log_in(official, "grid_official", "/resumption/")
    official.locator("#queue a", has_text="滇池机械").click()
    inspect = official.locator("#inspect")
    inspect.locator("#id_check_prevention_group").check()
    inspect.locator("#id_passed").select_option("1")
    inspect.locator("#id_findings").fill("防控措施到位")
    assert_fits_screen(official)
    official.screenshot(path=str(screenshot_dir / "resumption-inspection-phone.png"), full_page=True)
    inspect.locator("button").click()
    expect(official.locator("#history")).to_contain_text("防控措施到位")

    staff = new_page(**PHONE, locale="zh-CN")
    log_in(staff, "task_force_member", application_url)
    staff.locator("#action-approve button").click()
    expect(staff.locator("#action-approve")).to_have_count(0)

    contact.reload()
    contact.locator("#action-resume button").click()
    expect(contact.locator("#history tbody tr")).to_have_count(5)

    commander.goto(dashboard_url)
    expect(commander.locator("#resumption-rates li").first).to_contain_text("50.0%")
    expect(commander.locator("#children")).to_contain_text("50.0% (1/2)")  # its area, 阿拉街道
    expect(commander.locator("#resumption-trend svg")).to_be_visible()
    assert_fits_screen(commander)
    commander.screenshot(path=str(screenshot_dir / "dashboard-park-phone.png"), full_page=True)

    text = bulletin_text(commander, bulletins_url, tmp_path / "after.pdf")
    assert "50.0%" in text and "全部企业 1/2" in text
    expect(commander.locator("#bulletins tbody tr").first.locator(".resumption-rate")).to_have_text("50.0%")


def bulletin_text(page, bulletins_url: str, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Generate today's bulletin with the page's button; the text of its PDF's resumption section (复工复产)."""
    page.goto(bulletins_url)
    page.locator("#generate button").click()
    expect(page.locator(".message")).to_be_visible()
    href = page.locator("#bulletins tbody tr").first.locator("a", has_text="PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    path.write_bytes(response.body())
    text = poppler("pdftotext", "-layout", str(path), "-")
    return text[text.index("复工复产") :]
