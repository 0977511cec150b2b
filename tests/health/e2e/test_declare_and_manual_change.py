"""A resident declares, on a phone, a travel to a medium-risk area and sees yellow with the reason; the
commander asks for a manual red, cannot approve it alone, and a task-force member approves it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from parkguard.health.models import ManualChange, RiskArea
from tests.e2e.support import DESKTOP, PHONE, assert_fits_screen

pytestmark = pytest.mark.e2e


def test_resident_turns_yellow_and_a_manual_red_needs_a_second_official(
    world, new_page, log_in, screenshot_dir: Path
) -> None:
    today = timezone.localdate()
    RiskArea.objects.create(
        park=world.nodes["park_a"],
        division_code="420106",
        name="湖北省 武汉市 武昌区",
        level="medium",
        valid_from=today - dt.timedelta(days=20),
    )
    resident = new_page(**PHONE, locale="zh-CN")
    log_in(resident, "resident", "/health/declare/")
    expect(resident.locator("#colour-status")).to_be_visible()
    assert_fits_screen(resident)

    resident.locator("#temperature").fill("36.6")
    resident.locator("input[name=contact][value='0']").check()
    resident.locator("input[name=under_observation][value='0']").check()
    place = resident.locator("input[name='travel-0-place']")
    place.fill("武昌")
    expect(resident.locator("#division-options option").first).to_have_attribute(
        "value", re.compile("^420106 ")
    )
    place.fill("420106 湖北省 武汉市 武昌区")
    resident.locator("input[name='travel-0-from']").fill((today - dt.timedelta(days=5)).isoformat())
    resident.locator("input[name='travel-0-to']").fill((today - dt.timedelta(days=3)).isoformat())
    resident.locator("#submit-declaration").click()

    status = resident.locator("#colour-status")
    expect(status).to_have_attribute("data-colour", "yellow")
    expect(status.locator("li[data-code=medium_risk_travel]")).to_contain_text("武昌区")
    assert_fits_screen(resident)
    resident.screenshot(path=str(screenshot_dir / "health-declare-yellow-phone.png"), full_page=True)

    person = world.people["resident"]
    commander = new_page(**DESKTOP, locale="en-GB")
    log_in(commander, "park_commander", f"/health/people/{person.pk}/")
    commander.locator("#id_colour").select_option("red")
    commander.locator("#id_reason").fill("密接核查 close-contact check")
    until = timezone.localtime() + dt.timedelta(days=1)
    commander.locator("#id_until").fill(until.strftime("%Y-%m-%dT%H:%M"))
    commander.locator("#request-change").click()
    change = ManualChange.objects.get()
    commander.goto("/health/manual/?status=pending")
    commander.locator(f"#approve-{change.pk}").click()
    expect(commander.locator(".message.error")).to_be_visible()
    change.refresh_from_db()
    assert change.status == "pending"

    officer = new_page(**DESKTOP, locale="zh-CN")
    log_in(officer, "task_force_member", "/health/manual/")
    officer.locator(f"#approve-{change.pk}").click()
    expect(officer.locator(f"#change-{change.pk}")).to_contain_text(re.compile("已批准|Approved"))

    resident.reload()
    expect(resident.locator("#colour-status")).to_have_attribute("data-colour", "red")
