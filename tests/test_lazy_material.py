"""Material's JavaScript waits for the reader's first interaction (overrides/components/lazy-material).

Before it: no request for the bundle or the search worker, no long main-thread task from it, and the
page still works and looks the same (search button shown, desktop sidebars visible). After a mouse
move, touch, scroll, key press or opening search: Material runs as if it had loaded with the page,
and a search shortcut pressed first is not lost."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

CONTENT = "wat-doet-een-vertrouwenspersoon/"


def _open(page_factory, site_url, path="", **context):
    page = page_factory(**context)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + path, wait_until="load")
    page.wait_for_timeout(300)
    return page, requests, errors


def _material_running(page) -> bool:
    # Material marks the page "js" when its bundle starts and exports its observables for scripts.
    return page.evaluate("document.documentElement.classList.contains('js') && typeof window.component$ === 'object'")


def _bundle_requested(requests) -> bool:
    return any(re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", u) for u in requests)


def _wait_running(page):
    page.wait_for_function("document.documentElement.classList.contains('js') && typeof window.component$ === 'object'",
                           timeout=10_000)


@pytest.mark.parametrize("width", [375, 1280])
def test_nothing_of_material_loads_before_an_interaction(site_url, page_factory, width):
    page, requests, errors = _open(page_factory, site_url, CONTENT, viewport={"width": width, "height": 800})
    assert not _bundle_requested(requests), [u for u in requests if "javascripts" in u]
    assert not any("/workers/search." in u for u in requests)
    assert not _material_running(page)
    # JavaScript is on: "no-js" is gone, so Material's CSS shows search (a button on phones, a field
    # in the header on wide screens).
    assert page.evaluate("document.documentElement.className.split(' ').indexOf('no-js')") == -1
    search = "label.md-header__button[for=__search]" if width < 960 else ".md-search__input"
    assert page.locator(search).is_visible()
    if width == 1280:  # Material's CSS gives desktop sidebars height 0 until its script measures them
        for selector in (".md-sidebar--primary", ".md-sidebar--secondary"):
            assert page.locator(selector).bounding_box()["height"] > 100, selector
        assert page.get_by_role("link", name="Vertrouwelijkheid").first.is_visible()
    assert not errors, errors


@pytest.mark.parametrize("interaction", ["mouse", "touch", "scroll", "key"])
def test_the_first_interaction_starts_material(site_url, page_factory, interaction):
    context = {"has_touch": True, "is_mobile": True, "viewport": {"width": 375, "height": 700}} \
        if interaction == "touch" else {}
    page, requests, errors = _open(page_factory, site_url, CONTENT, **context)
    assert not _bundle_requested(requests)
    if interaction == "mouse":
        page.mouse.move(200, 300)
        page.mouse.move(210, 320)
    elif interaction == "touch":
        page.touchscreen.tap(200, 400)
    elif interaction == "scroll":
        page.mouse.wheel(0, 600)
    else:
        page.keyboard.press("Tab")
    _wait_running(page)
    assert _bundle_requested(requests)
    assert page.locator('script[type="text/x-vp-lazy"]').count() == 0
    assert not errors, errors


def _typing_searches(page, query: str):
    """As when Material loads with the page: the opened search field has the focus, and typing in it
    lists results."""
    page.wait_for_function("document.activeElement && document.activeElement.matches('.md-search__input')",
                           timeout=5_000)
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0


def test_a_search_shortcut_pressed_first_is_not_lost(site_url, page_factory):
    page, _, errors = _open(page_factory, site_url, CONTENT)
    page.keyboard.press("/")
    _wait_running(page)
    page.wait_for_function("document.getElementById('__search').checked", timeout=5_000)
    _typing_searches(page, "vertrouwelijk")
    assert not errors, errors


@pytest.mark.parametrize("width", [375, 1280])
def test_search_opened_first_works(site_url, page_factory, width):
    page, _, errors = _open(page_factory, site_url, "en/", viewport={"width": width, "height": 800})
    opener = "label.md-header__button[for=__search]" if width < 960 else ".md-search__input"
    page.locator(opener).click()
    _wait_running(page)
    _typing_searches(page, "confidential")
    assert not errors, errors


def test_material_runs_once(site_url, page_factory):
    """Several interactions in a row start the bundle once, and its start-up runs once."""
    page, requests, errors = _open(page_factory, site_url, CONTENT)
    page.mouse.move(100, 100)
    page.keyboard.press("Tab")
    page.mouse.wheel(0, 300)
    _wait_running(page)
    page.wait_for_timeout(300)
    assert sum(1 for u in requests if re.search(r"/bundle\.[0-9a-f]+\.min\.js$", u)) == 1
    assert sum(1 for u in requests if "/workers/search." in u) == 1
    assert not errors, errors
