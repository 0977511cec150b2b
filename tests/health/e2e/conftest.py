"""The browser fixtures of tests/e2e (Debian's Chromium, the live server, log-in), for the health flows."""

from tests.e2e.conftest import (  # noqa: F401
    _allow_sync_orm_beside_playwright,
    browser,
    log_in,
    new_page,
    screenshot_dir,
    world,
)
