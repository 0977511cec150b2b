"""Browser test of issue #6 (the part built so far): an enterprise contact files an application on a phone,
the grid official inspects and passes it, the supervising department approves, the enterprise marks itself
resumed, and the resumption rate of its park rises on the rates page. (The dashboard and the bulletin come
with the rest of the issue.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _allow_sync_orm_beside_playwright, browser, log_in, new_page, screenshot_dir
from tests.e2e.support import PHONE, assert_fits_screen
from tests.personas import World, build_world

from .conftest import future, pdf_bytes

pytestmark = pytest.mark.e2e
__all__ = ["_allow_sync_orm_beside_playwright", "browser", "log_in", "new_page", "screenshot_dir"]


@pytest.fixture
def world(transactional_db: None) -> World:
    # The live server answers from another thread: the data must be committed.
    return build_world()


def test_an_enterprise_applies_is_inspected_approved_and_resumes(
    world, enterprises, department, new_page, log_in, tmp_path: Path, screenshot_dir: Path
) -> None:
    park = world.nodes["park_a"]
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(pdf_bytes())
    rates_url = f"/resumption/node/{park.pk}/rates/"

    commander = new_page(**PHONE, locale="zh-CN")
    log_in(commander, "park_commander", rates_url)
    expect(commander.locator("#rates li").first).to_contain_text("0.0%")

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

    commander.reload()
    expect(commander.locator("#rates li").first).to_contain_text("50.0%")
    assert_fits_screen(commander)
