"""A grid official, on a phone, finds a worker of an enterprise in their grid, sees the id number masked,
reveals it with a reason; the park commander then finds that reveal in the audit trail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .support import DESKTOP, PHONE, assert_fits_screen

pytestmark = pytest.mark.e2e

MASKED_ID = re.compile(r"^[0-9X]{3}\*+[0-9X]{4}$")
REASON = "密接排查 close-contact tracing"


def test_grid_official_reveals_an_id_number_and_the_commander_sees_it_audited(
    world, new_page, log_in, screenshot_dir: Path
) -> None:
    worker = world.people["worker_1"]
    enterprise = world.nodes["enterprise_1"]

    official = new_page(**PHONE, locale="zh-CN")
    log_in(official, "grid_official", "/")

    # The scope tree: the grid and what is under it, nothing of the neighbouring grid or of park B.
    expect(official).to_have_url(re.compile(r"/nodes/$"))
    tree = official.locator("#scope-tree")
    for name in ("一号网格", "幸福小区", "滇池机械"):
        expect(tree.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in ("二号网格", "螺蛳湾物流", "上海庙经济开发区", "上海庙镇", "上海庙煤矿"):
        expect(tree.get_by_text(name)).to_have_count(0)
    assert "上海庙" not in official.content()
    assert_fits_screen(official)
    official.screenshot(path=str(screenshot_dir / "grid-official-scope-tree-phone.png"), full_page=True)

    # The enterprise's page, then its people.
    tree.get_by_role("link", name="滇池机械", exact=True).click()
    expect(official).to_have_url(re.compile(rf"/nodes/{enterprise.pk}/$"))
    expect(official.locator("h1")).to_contain_text("滇池机械")
    assert_fits_screen(official)
    official.locator("#node-people").click()

    expect(official).to_have_url(re.compile(rf"/people/\?node={enterprise.pk}$"))
    rows = official.locator("#people tbody tr")
    expect(rows).to_have_count(1)
    row = rows.filter(has=official.get_by_role("link", name=worker.name, exact=True))
    masked = row.locator("td").nth(1)
    expect(masked).to_have_text(MASKED_ID)
    shown = masked.inner_text().strip()
    assert shown.startswith(worker.id_number[:3])
    assert shown.endswith(worker.id_number[-4:])
    assert worker.id_number not in official.content()
    assert worker.phone not in official.content()
    assert_fits_screen(official)
    official.screenshot(path=str(screenshot_dir / "grid-official-people-list-phone.png"), full_page=True)

    # The person: masked until a reason is given and the reveal is asked for.
    row.get_by_role("link", name=worker.name, exact=True).click()
    expect(official).to_have_url(re.compile(rf"/people/{worker.pk}/$"))
    expect(official.locator("#id-number")).to_have_text(MASKED_ID)
    assert worker.id_number not in official.content()
    official.locator("#id_reason").fill(REASON)
    official.locator("#reveal").click()
    expect(official.locator("#id-number")).to_have_text(worker.id_number)
    expect(official.locator("#reveal")).to_have_count(0)
    assert_fits_screen(official)
    official.screenshot(path=str(screenshot_dir / "grid-official-revealed-phone.png"), full_page=True)

    # Revealing is not sticky: the next visit shows the mask again.
    official.goto(f"/people/{worker.pk}/")
    expect(official.locator("#id-number")).to_have_text(MASKED_ID)

    # The park commander, in another browser, finds the reveal in the audit trail.
    commander = new_page(**DESKTOP, locale="zh-CN")
    log_in(commander, "park_commander", "/audit/")
    expect(commander).to_have_url(re.compile(r"/audit/$"))
    reveals = commander.locator("#audit-events tbody tr.action-reveal")
    expect(reveals).to_have_count(1)
    reveal = reveals.first
    cells = reveal.locator("td")
    expect(cells.nth(1)).to_have_text("grid_official")
    expect(cells.nth(4)).to_have_text("滇池机械")
    expect(cells.nth(5)).to_contain_text(REASON)
    assert worker.id_number not in commander.content()
    commander.screenshot(path=str(screenshot_dir / "park-commander-audit.png"), full_page=True)
