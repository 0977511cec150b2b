"""Issue #4's acceptance flow: the command adds a field to the enterprise form; the next day's form shows
it; the enterprise contact fills it on a phone; the grid official sees the site go from missing to on
time; the regenerated bulletin no longer lists the site among those that did not report."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.reports import clock
from parkguard.reports.services import template_install_defaults
from tests.reports.reporting import GOOD

from .support import DESKTOP, PHONE, assert_fits_screen

pytestmark = pytest.mark.e2e

DAY = dt.date(2020, 2, 20)
NEXT_DAY = DAY + dt.timedelta(days=1)
NEW_FIELD = {"key": "nucleic_tests", "label_zh": "核酸检测人数", "label_en": "Nucleic acid tests"}


@pytest.fixture
def at(monkeypatch):
    """The daily cycle's clock (parkguard/reports/clock.py), which the live server's thread reads too."""

    def _at(day: dt.date, hhmm: str) -> None:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))
        monkeypatch.setattr(clock, "now", lambda: moment)

    return _at


@pytest.fixture
def cycle(world, at):
    """Park A's default forms, valid since the day before; the grid official answers for enterprise 1."""
    at(DAY, "09:00")
    template_install_defaults(park=world.nodes["park_a"], valid_from=DAY - dt.timedelta(days=1))
    Assignment.objects.create(
        node=world.nodes["enterprise_1"], user=world.users["grid_official"], role=AssignmentRole.RESPONSIBLE
    )
    return world


def _bulletin_text(page: Page, tmp_path: Path, name: str) -> str:
    """Generate the day's bulletin now, download the newest PDF and read its text (poppler)."""
    page.locator("#generate button").click()
    expect(page.locator("#bulletins tbody tr").first).to_contain_text(NEXT_DAY.isoformat())
    with page.expect_download() as download:
        page.locator("#bulletins tbody tr").first.get_by_role("link", name="PDF").click()
    pdf = tmp_path / f"{name}.pdf"
    download.value.save_as(pdf)
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fill_the_form(page: Page) -> None:
    for key, value in {**GOOD, NEW_FIELD["key"]: 12}.items():
        field = page.locator(f"#f-{key}")
        if isinstance(value, bool):
            field.select_option("1" if value else "0")
        else:
            field.fill(str(value))


def _site_row(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("#children tbody tr").filter(has_text=name)


def test_a_new_field_is_filled_on_a_phone_and_the_site_leaves_the_missing_list(
    cycle, at, new_page, log_in, tmp_path, screenshot_dir
):
    world = cycle
    enterprise = world.nodes["enterprise_1"]

    # Given the command adds a field to the enterprise form in the template editor
    commander = new_page(**DESKTOP, locale="zh-CN")
    log_in(commander, "park_commander", "/reports/templates/")
    commander.locator("#templates").get_by_role("link", name="企业疫情防控日报").click()
    form = commander.locator("#field-add")
    for name, value in NEW_FIELD.items():
        form.locator(f"#id_{name}").fill(value)
    form.locator("#id_type").select_option("integer")
    form.locator("#id_aggregate").select_option("sum")
    form.locator("#id_unit").fill("人")
    form.locator("button").click()
    expect(commander.locator("#fields")).to_contain_text(NEW_FIELD["key"])
    expect(commander.locator("h1")).to_contain_text("v2")
    commander.screenshot(path=str(screenshot_dir / "command-template-editor.png"), full_page=True)

    # When the next day comes, the grid official sees enterprise 1 missing
    at(NEXT_DAY, "08:00")
    official = new_page(**PHONE, locale="zh-CN")
    log_in(official, "grid_official", f"/reports/node/{world.nodes['grid_1'].pk}/completeness/")
    row = _site_row(official, "滇池机械")
    expect(row.locator("td").nth(3)).to_have_text("0")  # on time
    expect(row.locator("td").nth(5)).to_have_text("1")  # missing
    expect(official.locator("#missing")).to_contain_text("滇池机械")
    expect(official.locator("#missing")).to_contain_text("grid_official")
    assert_fits_screen(official)

    # and the day's bulletin lists it among the sites that have not reported
    commander.goto(f"/reports/node/{world.nodes['park_a'].pk}/bulletins/")
    before = _bulletin_text(commander, tmp_path, "before")
    assert "昆明经开区" in before
    assert "滇池机械" in before and "螺蛳湾物流" in before

    # When the enterprise contact fills the new form on a phone and submits it
    contact = new_page(**PHONE, locale="zh-CN")
    log_in(contact, "enterprise_contact", f"/reports/site/{enterprise.pk}/")
    expect(contact.locator("h1")).to_contain_text("滇池机械")
    expect(contact.locator("label[for=f-nucleic_tests]")).to_contain_text("核酸检测人数")
    assert_fits_screen(contact)
    _fill_the_form(contact)
    contact.screenshot(path=str(screenshot_dir / "enterprise-contact-daily-report-phone.png"), full_page=True)
    contact.locator("#submit").click()
    expect(contact).to_have_url(re.compile(rf"/reports/site/{enterprise.pk}/\?period=day$"))
    expect(contact.locator("#report-status .tag")).to_have_count(1)
    expect(contact.locator("#f-nucleic_tests")).to_have_value("12")

    # Then the grid official sees it on time, and nothing missing in the grid
    official.reload()
    row = _site_row(official, "滇池机械")
    expect(row.locator("td").nth(2)).to_have_text("1")  # submitted
    expect(row.locator("td").nth(3)).to_have_text("1")  # on time
    expect(row.locator("td").nth(5)).to_have_text("0")  # missing
    expect(official.locator("#missing")).not_to_contain_text("滇池机械")
    official.screenshot(path=str(screenshot_dir / "grid-official-completeness-phone.png"), full_page=True)

    # and the regenerated bulletin no longer lists it (the other enterprise still has not reported)
    commander.reload()
    after = _bulletin_text(commander, tmp_path, "after")
    assert "滇池机械" not in after
    assert "螺蛳湾物流" in after
    expect(commander.locator("#bulletins tbody tr").first).to_contain_text("(#2)")
