"""Page-weight budget, computed from the build output (gzip level 6, 1 KB = 1000 B; no timing):

* render-critical bytes of every page (HTML + the CSS and synchronous JS it references) <= 70 KB;
* everything a first visit fetches at start, before the reader does anything, <= 100 KB (Material's
  bundle and search worker wait for the first interaction, the search index and lunr files for the
  first search: overrides/components/lazy-material and lazy-search);
* the routing tree's own CSS + JS (overrides/components/routing-step/) <= 3 KB;
* each tree page (the whole routing tree of a language on one page) <= 60 KB of gzip HTML.

The byte model lives in benchmarks/firstview.py (the benchmark report uses it too); the browser test
below keeps it honest: every request a real Chromium makes must be in the model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.firstview import KB, first_view, gzip_size
from conftest import SUBPATH
from support import ROOT, html_pages

CRITICAL_BUDGET = 70 * KB
TOTAL_BUDGET = 100 * KB
ROUTING_BUDGET = 3 * KB
TREE_PAGE_BUDGET = 60 * KB
BUILT_FOR = "https://intranet.example.org" + SUBPATH  # the site fixture's site_url


def test_every_page_within_budget(site):
    over = []
    for file in html_pages(site):
        view = first_view(site, file, BUILT_FOR)
        assert not view.external, f"{view.page}: requests another host: {view.external}"
        if view.critical_gz > CRITICAL_BUDGET or view.total_gz > TOTAL_BUDGET:
            over.append(f"/{view.page}: render-critical {view.critical_gz} B, at start {view.total_gz} B "
                        f"(budgets {CRITICAL_BUDGET} / {TOTAL_BUDGET} B gzip)\n{view.table()}")
    assert not over, "pages over the byte budget:\n" + "\n\n".join(over[:3]) + (
        f"\n… {len(over)} pages in all" if len(over) > 3 else "")


def test_routing_component_css_and_js_within_3_kb():
    component = ROOT / "overrides" / "components" / "routing-step"
    files = sorted(p for p in component.glob("*") if p.suffix in (".css", ".js"))
    assert files, f"no CSS/JS found in {component}"
    sizes = {p.name: gzip_size(p.read_bytes()) for p in files}
    assert sum(sizes.values()) <= ROUTING_BUDGET, f"routing-step CSS+JS is {sum(sizes.values())} B gzip: {sizes}"


def test_each_tree_page_within_60_kb_gzip(site):
    for page in ("waar-kan-ik-terecht/index.html", "en/waar-kan-ik-terecht/index.html"):
        size = gzip_size((site / page).read_bytes())
        assert size <= TREE_PAGE_BUDGET, f"/{page}: {size} B gzip HTML (budget {TREE_PAGE_BUDGET} B)"


def _representative_pages(site: Path) -> list[str]:
    wanted = ["", "en/", "contact/", "en/contact/", "404.html", "en/404.html", "waar-kan-ik-terecht/",
              "en/waar-kan-ik-terecht/"]
    return [u for u in wanted if (site / (u + "index.html" if u.endswith("/") or not u else u)).exists()]


def _settle(page, requested: list, seconds: float = 10):
    """Wait until no new request came for 750 ms (the search worker starts after load)."""
    deadline = time.monotonic() + seconds
    last = -1
    while time.monotonic() < deadline and last != len(requested):
        last = len(requested)
        page.wait_for_timeout(750)


@pytest.mark.browser
def test_model_matches_what_chromium_fetches(site, site_url, browser):
    """Every request a real Chromium makes at start must be in the model (so the budget cannot be passed
    by missing a file); what the model defers to the first interaction or the first search must not be
    fetched before it, and must be fetched once the reader moves the mouse, and opens search."""
    problems = []
    for url in _representative_pages(site):
        file = site / (url + "index.html" if url.endswith("/") or not url else url)
        view = first_view(site, file, BUILT_FOR)
        at_start = {r.url for r in view.resources if not r.on_search and not r.on_interaction}
        interaction = {r.url for r in view.resources if r.on_interaction}
        deferred = {r.url for r in view.resources if r.on_search}
        context = browser.new_context()
        requested: list[str] = []
        context.on("request", lambda r: requested.append(r.url))
        page = context.new_page()
        page.goto(site_url + url, wait_until="networkidle")
        _settle(page, requested)
        actual = {r[len(site_url):] if r.startswith(site_url) else r for r in requested}
        if actual - at_start:
            problems.append(f"/{url}: Chromium fetched {sorted(actual - at_start)} at start; the model does not count it")
        if actual & (deferred | interaction):
            problems.append(f"/{url}: {sorted(actual & (deferred | interaction))} was fetched at start, "
                            "not on first interaction / search")
        if interaction:
            seen = len(requested)
            page.mouse.move(50, 200)
            page.mouse.move(60, 220)
            _settle(page, requested)
            later = {r[len(site_url):] for r in requested[seen:] if r.startswith(site_url)}
            if interaction - later:
                problems.append(f"/{url}: the first interaction did not fetch {sorted(interaction - later)}")
            if later - interaction:
                problems.append(f"/{url}: the first interaction fetched {sorted(later - interaction)}; "
                                "the model does not count it")
        if deferred:
            seen = len(requested)
            page.locator(".md-search__input").focus()
            _settle(page, requested)
            later = {r[len(site_url):] for r in requested[seen:] if r.startswith(site_url)}
            if deferred - later:
                problems.append(f"/{url}: opening search did not fetch {sorted(deferred - later)}")
        context.close()
    assert not problems, "\n".join(problems)
