"""Leave no trace: the site stores nothing in the browser and puts nothing a reader searched or
chose into URLs, titles or history. Real build of the example site, real Chromium, JavaScript on.

Stock Material would persist UI choices through its `__md_set` helper: `__palette` (colour toggle),
`__tabs` (linked content tabs), `__announce` (dismissed banner), `__consent` (cookie consent) in
localStorage, and `__source` (repository facts), `__outdated` (version banner) in sessionStorage.
None of those features is on here, and quick-exit.js turns `__md_set` into a no-op in case one
is switched on later.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

from support import html_pages, wake

pytestmark = pytest.mark.browser

STORAGE = """async () => ({
    cookie: document.cookie,
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    indexedDB: indexedDB.databases ? (await indexedDB.databases()).map(db => db.name) : [],
    caches: self.caches ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
})"""
EMPTY = {"cookie": "", "local": [], "session": [], "indexedDB": [], "caches": [], "serviceWorkers": 0}


def page_urls(site, site_url) -> list[str]:
    urls = []
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        urls.append(site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return urls


def assert_nothing_stored(page, when: str):
    stored = page.evaluate(STORAGE)
    assert stored == EMPTY, f"the site stored something {when}: {stored}"
    assert page.context.cookies() == [], f"cookies {when}: {page.context.cookies()}"


QUICK_CHECK = "() => [localStorage.length, sessionStorage.length, document.cookie]"


def test_no_storage_on_any_page(site, site_url, page_factory):
    page = page_factory(javascript=True)
    urls = page_urls(site, site_url)
    assert len(urls) >= 30
    for url in urls:
        # Every script of the page has run by DOMContentLoaded (none is async or deferred), and
        # Material's once the reader interacts (overrides/components/lazy-material).
        page.goto(url, wait_until="domcontentloaded")
        wake(page)
        assert page.evaluate(QUICK_CHECK) == [0, 0, ""], f"the site stored something on {url}"
    page.wait_for_load_state("networkidle")
    assert_nothing_stored(page, "after visiting every page")


def test_material_cannot_persist_anything(site_url, page_factory):
    """Every key stock Material can write, written through its own helper: nothing may land."""
    page = page_factory(javascript=True)
    page.goto(site_url)
    wake(page)
    page.evaluate("""() => {
        __md_set('__palette', {index: 1, color: {scheme: 'slate'}});
        __md_set('__tabs', ['Python']);
        __md_set('__announce', 12345);
        __md_set('__consent', {analytics: true});
        __md_set('__source', {stars: 1}, sessionStorage);
        __md_set('__outdated', true, sessionStorage);
    }""")
    assert_nothing_stored(page, "through Material's __md_set")


def effective_features(site) -> list[str]:
    html = (site / "index.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(config)["features"]


def test_features_that_leave_traces_are_off(site):
    features = effective_features(site)
    for feature in ("search.highlight", "search.share", "navigation.instant", "content.tabs.link"):
        assert feature not in features, f"{feature} puts reader input in URLs or storage"


@pytest.mark.parametrize(("lang", "term"), [("nl", "meekijkt"), ("en", "watching")])
def test_search_terms_never_reach_url_title_or_history(site_url, page_factory, lang, term):
    page = page_factory(javascript=True, viewport={"width": 1280, "height": 800})
    seen = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    home = site_url + ("" if lang == "nl" else "en/")
    page.goto(home)
    length = page.evaluate("history.length")
    page.click(".md-search__input")
    page.keyboard.type(term, delay=30)
    page.wait_for_selector(".md-search-result__link")
    page.wait_for_timeout(300)
    assert term not in page.url and term not in page.title(), "typing a search changed the URL or title"
    assert page.evaluate("history.length") == length, "typing a search added history entries"
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => a.getAttribute('href'))")
    assert links and all("?" not in href for href in links), f"search results carry a query: {links}"
    # Open a result whose address does not happen to contain the word (a heading anchor may).
    index = next((i for i, href in enumerate(links) if term not in href.lower()), None)
    assert index is not None, f"every result link contains {term!r}: {links}"
    with page.expect_navigation():
        page.locator(".md-search-result__link").nth(index).click()
    page.wait_for_load_state("networkidle")
    assert page.url == urljoin(home, links[index]) or page.url.startswith(urljoin(home, links[index]).split("#")[0])
    assert "?" not in page.url and term not in page.url.lower(), page.url
    assert term not in page.title().lower(), page.title()
    assert page.evaluate("history.length") == length + 1, "the search left extra history entries"
    leaked = [url for url in seen if "?" in url or term in url.lower()]
    assert not leaked, f"the search term or a query reached an address in history: {leaked}"
    assert_nothing_stored(page, "after searching and opening a result")


def test_walking_the_routing_tree_leaves_no_trace(site, site_url, page_factory):
    """Follow every link inside the tree "Waar kan ik terecht?" by clicking, as a reader would."""
    start = site_url + "waar-kan-ik-terecht/"
    page = page_factory(javascript=True)
    seen = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    visited = set()

    def explore(url):  # the page is at url; reach every unvisited step below it by clicking
        visited.add(url)
        links = page.eval_on_selector_all(
            ".md-content a[href]", "els => els.map(a => [a.getAttribute('href'), a.href.split('#')[0]])")
        for attr, target in dict(links).items():
            if not target.startswith(start) or target in visited:
                continue
            if page.url.split("#")[0] != url:
                page.goto(url, wait_until="domcontentloaded")
            with page.expect_navigation(wait_until="domcontentloaded"):
                page.locator(f'.md-content a[href="{attr}"]').first.click()
            explore(page.url.split("#")[0])

    page.goto(start)
    explore(start)
    assert len(visited) > 1, f"the routing tree was not walked: {visited}"
    leaked = [url for url in seen if "?" in url]
    assert not leaked, f"answers reached a query string: {leaked}"
    assert_nothing_stored(page, "after walking the routing tree")
