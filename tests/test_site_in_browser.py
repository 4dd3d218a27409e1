"""Every page in real Chromium, under two different sub-paths, with JavaScript on and off:
no request to another host, no cookie, no console error, no broken link, asset or search."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen
from urllib.error import HTTPError

import pytest

from support import build, html_pages, page_url, serve

pytestmark = pytest.mark.browser

HREF = re.compile(r'(?:href|src)="([^"#]+)')


class Recorder:
    """Listens on one browser page for console errors and failed or foreign requests."""

    def __init__(self, page_obj, origin):
        self.page, self.origin, self.current = page_obj, origin, ""
        self.errors, self.bad = [], []
        page_obj.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(
            f"{self.current}: {m.type}: {m.text}"))
        page_obj.on("pageerror", lambda e: self.errors.append(f"{self.current}: pageerror: {e}"))
        page_obj.on("request", lambda r: not r.url.startswith((origin, "data:", "blob:")) and self.bad.append(
            f"{self.current}: request to another host: {r.url}"))
        page_obj.on("response", lambda r: r.status >= 400 and self.bad.append(f"{self.current}: {r.status} {r.url}"))

    def visit(self, url, label=None):
        self.current = label or url
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(100)  # let Material's deferred fetches (search index) start


def _origin(url):
    return "{0.scheme}://{0.netloc}".format(urlsplit(url))


# With JavaScript on, the same checks (plus CSP) run on every page under the shipped nginx config
# (tests/test_nginx.py), and storage is checked on every page in tests/test_no_trace.py.
def test_every_page_without_javascript_is_private_and_clean(site, site_url, page_factory):
    page_obj = page_factory(javascript=False)
    recorder = Recorder(page_obj, _origin(site_url))
    visited = 0
    for built in html_pages(site):
        url = page_url(site, built)
        if url.endswith("404.html"):
            continue
        recorder.visit(site_url + url, url)
        visited += 1
    cookies = page_obj.context.cookies()
    assert not recorder.errors, "\n".join(recorder.errors)
    assert not recorder.bad, "\n".join(recorder.bad)
    assert not cookies, cookies
    assert visited >= 36


# "/" is how `dev.py serve` and a site on its own domain run.
@pytest.fixture(scope="module", params=["/", "/a/", "/hr/vertrouwen/"])
def other_subpath(request, tmp_path_factory):
    dest = tmp_path_factory.mktemp("sub") / "site"
    build(dest, site_url="https://intranet.example.org" + request.param)
    with serve(dest, request.param) as url:
        yield dest, url


def _status(url):
    try:
        with urlopen(url) as response:
            return response.status
    except HTTPError as error:
        return error.code


def test_every_internal_link_and_asset_resolves_under_the_subpath(other_subpath):
    site, base = other_subpath
    seen, broken = set(), []
    for built in html_pages(site):
        url = base + page_url(site, built)
        for ref in HREF.findall(built.read_text(encoding="utf-8")):
            target = urljoin(url, ref)
            if not target.startswith(_origin(base) + "/") or target in seen:
                continue
            seen.add(target)
            if _status(target) != 200:
                broken.append(f"{page_url(site, built)} -> {ref}")
    assert not broken, "\n".join(broken)
    assert len(seen) > 30


@pytest.mark.parametrize("lang,query,expect", [("", "vertrouwenspersoon", "/"), ("en/", "adviser", "/en/")])
def test_search_and_language_switch_work_under_the_subpath(other_subpath, page_factory, lang, query, expect):
    site, base = other_subpath
    page_obj = page_factory()
    recorder = Recorder(page_obj, _origin(base))
    recorder.visit(base + lang + "contact/")
    page_obj.keyboard.press("/")
    page_obj.locator("input.md-search__input").press_sequentially(query)
    results = page_obj.locator(".md-search-result__link")
    results.first.wait_for(timeout=5000)
    hrefs = results.evaluate_all("els => els.map(e => e.href)")
    # Results come from this language's index only.
    prefix = base + ("en/" if lang else "")
    assert hrefs and all(h.startswith(prefix) for h in hrefs), hrefs
    if not lang:
        assert not any(h.startswith(base + "en/") for h in hrefs), hrefs
    results.first.click()
    page_obj.wait_for_load_state("load")
    assert page_obj.url.startswith(prefix)
    # The language switch leads to the twin of the current page.
    page_obj.goto(base + lang + "contact/")
    other = "en" if not lang else "nl"
    twin = page_obj.locator(f'a.md-select__link[hreflang="{other}"]').get_attribute("href")
    page_obj.goto(urljoin(base + lang + "contact/", twin))
    assert page_obj.url == base + ("en/" if other == "en" else "") + "contact/"
    assert not recorder.errors and not recorder.bad, recorder.errors + recorder.bad


def test_not_found_pages_are_in_the_right_language(other_subpath, page_factory):
    site, base = other_subpath
    for lang, path in (("nl", "bestaat-niet/"), ("en", "en/does-not-exist/")):
        page_obj = page_factory()
        response = page_obj.goto(base + path)
        assert response.status == 404
        assert page_obj.evaluate("document.documentElement.lang") == lang
        # Its language links and assets work from any URL: they are absolute from the sub-path.
        for link in page_obj.locator("a.md-select__link").evaluate_all("els => els.map(e => e.href)"):
            assert _status(link) == 200, link
        assert page_obj.evaluate("getComputedStyle(document.body).fontFamily") != ""
        assert page_obj.locator("link[rel=stylesheet]").count() >= 1
        for css in page_obj.locator("link[rel=stylesheet]").evaluate_all("els => els.map(e => e.href)"):
            assert _status(css) == 200, css


@pytest.mark.parametrize("width", [320, 400, 720, 1280])
def test_sticky_header_stays_one_bar_high(site_url, page_factory, width):
    """A wrapped site name once made the sticky header 215 px tall at 320 px, covering focus."""
    page_obj = page_factory(viewport={"width": width, "height": 640})
    for path in ("veilig-browsen/", "en/waar-kan-ik-terecht/"):
        page_obj.goto(site_url + path)
        height = page_obj.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
        assert height <= 64, f"{path} at {width} px: header is {height} px high"
