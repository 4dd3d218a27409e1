"""Fixtures shared by all tests: one real strict build of the example site, a loopback server
for it under a sub-path, and a headless Chromium. Build once per session: builds cost ~2 s."""

from __future__ import annotations

import pytest

from support import build, launch_chromium, missing, serve

SUBPATH = "/vertrouwenspersoon/"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The example organisation's site, built strictly for https://intranet.example.org/vertrouwenspersoon/."""
    dest = tmp_path_factory.mktemp("site") / "site"
    build(dest, site_url="https://intranet.example.org" + SUBPATH)
    return dest


@pytest.fixture(scope="session")
def site_url(site):
    """Base URL of the example site served on loopback under its sub-path."""
    with serve(site, SUBPATH) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process: the sync API cannot run two at once, so every
    browser a test needs (the shared one, the corpus' automation-hiding one) is launched from it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "pip install playwright")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_driver):
    instance = launch_chromium(playwright_driver)
    yield instance
    instance.close()


@pytest.fixture
def page_factory(browser):
    """New isolated browser contexts (fresh cookies/storage), JavaScript on or off."""
    contexts = []

    def make(javascript: bool = True, **kwargs):
        context = browser.new_context(java_script_enabled=javascript, **kwargs)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
