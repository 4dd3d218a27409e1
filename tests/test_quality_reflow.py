"""Reflow (WCAG 1.4.10) and text resize (1.4.4) on every page, JavaScript on:
* 320 CSS px wide: no horizontal scrolling, nothing sticks out of the viewport, no text cut off;
* 200% text (the browser's font-size setting, 16 -> 32 px, set through Chromium's DevTools protocol),
  at 1280 and at 640 px wide: the same checks.
"Cut off" means a visible element's text lies outside an ancestor that hides overflow, or an element
that hides its own overflow has more text than fits (Material's "…" truncation). The checks live in
tests/reflow.js so they can be run by hand in a browser console."""

from __future__ import annotations

from pathlib import Path

import pytest

from quality import page_urls
from support import wake

pytestmark = pytest.mark.browser

CHECK = (Path(__file__).parent / "reflow.js").read_text("utf-8")
SETUPS = {
    "320px": ({"width": 320, "height": 640}, None),
    "1280px-text-200%": ({"width": 1280, "height": 800}, 32),
    "640px-text-200%": ({"width": 640, "height": 800}, 32),
}


@pytest.mark.parametrize("setup", SETUPS)
def test_no_horizontal_scroll_and_no_clipped_text(browser, site, site_url, setup):
    viewport, font_size = SETUPS[setup]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    if font_size:
        session = context.new_cdp_session(page)
        session.send("Page.setFontSizes", {"fontSizes": {"standard": font_size, "fixed": font_size * 13 // 16}})
    failures = []
    for url in page_urls(site):
        page.goto(site_url + url)
        wake(page)  # the layout as Material's JavaScript leaves it (it starts on the first interaction)
        problems = page.evaluate(CHECK)
        if problems:
            failures.append(f"/{url}:\n  " + "\n  ".join(problems[:5]))
    if font_size:  # the setting must really have doubled the text, or the test proves nothing
        assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 2 * 16
    context.close()
    assert not failures, f"{setup}: {len(failures)} pages fail:\n" + "\n".join(failures[:10])
