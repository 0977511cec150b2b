"""What the browser tests share besides fixtures: the browser to drive, a phone's screen, page checks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page

# Debian's Chromium (.ci/run installs it). Never `playwright install`.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 15_000
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "var" / "e2e"

# Browser-context options of a phone (iPhone 12-15 class): officials in the field use ParkGuard on one.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def assert_fits_screen(page: Page) -> None:
    """Nothing sticks out sideways: wide tables scroll inside their own box, not the whole page."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def chinese_fonts() -> list[str]:
    """The font families fontconfig (which Chromium uses) offers for Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)  # noqa: S603
    return [line for line in listed.stdout.splitlines() if line.strip()]
