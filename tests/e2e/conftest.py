"""Browser tests: pytest-django's live server driven by Playwright through Debian's Chromium.

Nothing here downloads a browser (never ``playwright install``): the tests use ``/usr/bin/chromium``,
which ``.ci/run`` installs. Without it they fail with a message saying so; they never skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ..personas import PASSWORD, World, build_world
from .support import CHROMIUM, CHROMIUM_ARGS, SCREENSHOT_DIR, TIMEOUT_MS, chinese_fonts


@pytest.fixture(scope="package", autouse=True)
def _allow_sync_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an asyncio loop in the test's thread, so Django would refuse the ORM
    # calls the test makes (building the world, flushing the database) as "async unsafe". Only while
    # the browser tests run: the rest of the suite keeps Django's check.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_allow_sync_orm_beside_playwright: None) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium fonts-noto-cjk; .ci/run installs them). Never `playwright install`.",
            pytrace=False,
        )
    if not chinese_fonts():
        pytest.fail(
            "no Chinese font is installed: the pages would render as empty boxes "
            "(apt-get install fonts-noto-cjk; .ci/run installs it).",
            pytrace=False,
        )
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def world(transactional_db: None) -> World:
    # The live server answers from another thread, so the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator:  # type: ignore[no-untyped-def]
    """``new_page(**context_options)``: a page in a fresh context (its own cookies) on the live server.

    Every response of the live server with a status of 400 or more fails the test at the end (a missing
    stylesheet, a broken link the flow followed), as does any uncaught error in a page's script.
    """
    contexts = []
    problems: list[str] = []

    def _new_page(**options) -> Page:  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
        )
        page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert not problems, "the live server answered with errors:\n" + "\n".join(problems)


@pytest.fixture
def log_in():  # type: ignore[no-untyped-def]
    """``log_in(page, username, path)``: open ``path``, get sent to the log-in form, fill it in with the
    cast's password and land back on ``path``, logged in."""

    def _log_in(page: Page, username: str, path: str = "/") -> None:
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        expect(page.locator("#logout")).to_be_visible()
        # The header shows before the rest of the page is parsed: a test that evaluates script right
        # after logging in must find the whole document.
        page.wait_for_load_state("load")

    return _log_in
