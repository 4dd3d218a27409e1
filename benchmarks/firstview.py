"""What a browser downloads on a first visit to a built page, computed from the build output alone.

Deterministic on purpose (no browser, no timing), so a byte budget can be a test. The model follows the
HTML of each page and the behaviour of Material's bundle (mkdocs-material 9.8):

* render-critical: the HTML, every `<link rel=stylesheet>` (without a non-screen media) and every classic
  `<script src>` in the <head> without async/defer: the browser waits for these before it paints.
  A classic script at the end of <body> (Material's bundle) blocks the parser only after the content:
  Chromium paints the page before it arrives (benchmarks/run.py measures this: first paint with the
  bundle held back vs with the CSS held back), so it counts at start, not as render-critical.
* also fetched at start: icons, preloads, async/deferred scripts, eager `<img>`, `url()`s in the CSS, and
  what Material's JavaScript fetches on load: the search index (`search/search_index.json` under
  `__config.base`, only when the page has `<form name="search">`), the search worker (`__config.search`),
  the lunr language files the worker imports for the index's `config.lang` (`../lunr/min/...` relative to
  the worker), and `sitemap.xml` next to every `<link rel=alternate>` (the language switcher's probe; when
  that file does not exist the server answers with the 404 page, which is what we count).
* on first interaction only: Material's scripts (and so the worker and sitemap probes they fetch) when
  the page holds our lazy-material loader (overrides/components/lazy-material/): Material's
  `<script src>` tags are inert `type="text/x-vp-lazy"` blocks until the reader moves, touches, scrolls or types.
* on first search only: the index and lunr files when the page holds our lazy-search script
  (overrides/components/lazy-search/): it holds the index request back until search is used.

tests/test_quality_budget.py checks this model against the requests a real Chromium makes.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

GZIP_LEVEL = 6  # what nginx and most servers use (gzip_comp_level 6)
KB = 1000       # budgets are in kilobytes of 1000 bytes (the stricter reading)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass
class Resource:
    path: str            # site-relative path of the file actually served ("404.html" for a missing file)
    url: str             # site-relative URL requested
    kind: str            # html, css, js, worker, index, lunr, sitemap, icon, image, other
    critical: bool
    raw: int
    gz: int
    missing: bool = False
    on_search: bool = False  # fetched when the reader starts searching, not at start
    on_interaction: bool = False  # fetched on the reader's first interaction, not at start


@dataclass
class FirstView:
    page: str                      # site-relative URL of the page ("", "contact/", "en/404.html")
    resources: list[Resource] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def total(self, critical_only: bool = False, gz: bool = True, on_search: bool = False,
              on_interaction: bool = False) -> int:
        """Bytes at start (or the extra bytes of the first interaction, or of the first search)."""
        return sum((r.gz if gz else r.raw) for r in self.resources
                   if r.on_search == on_search and r.on_interaction == on_interaction
                   and (r.critical or not critical_only))

    @property
    def critical_gz(self) -> int:
        return self.total(critical_only=True)

    @property
    def total_gz(self) -> int:
        return self.total()

    @property
    def search_gz(self) -> int:
        return self.total(on_search=True)

    @property
    def interaction_gz(self) -> int:
        return self.total(on_interaction=True)

    def table(self) -> str:
        rows = [f"{r.url or '(page)'} [{r.kind}{', critical' if r.critical else ''}"
                f"{', 404' if r.missing else ''}{', on first search' if r.on_search else ''}"
                f"{', on first interaction' if r.on_interaction else ''}]: {r.raw} B raw, {r.gz} B gzip"
                for r in self.resources]
        return "\n".join(rows)


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, bool, bool]] = []   # (href, kind, critical, on first interaction)
        self.alternates: list[str] = []
        self.search_form = False
        self.lazy_search = False
        self.lazy_material = False
        self.config_json = None
        self._in_config = False
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "body":
            self._in_body = True
        if tag == "link" and a.get("href"):
            media = a.get("media", "all").lower()
            if "stylesheet" in rel and "alternate" not in rel and "disabled" not in a:
                screen = media in ("", "all", "screen") or "screen" in media
                self.refs.append((a["href"], "css", screen, False))
            elif rel & {"icon", "shortcut", "apple-touch-icon"}:
                self.refs.append((a["href"], "icon", False, False))
            elif rel & {"preload", "modulepreload"}:
                self.refs.append((a["href"], "other", False, False))
            elif "alternate" in rel:
                self.alternates.append(a["href"])
        elif tag == "script":
            if "data-lazy-search" in a:
                self.lazy_search = True
            if a.get("id") == "__config":
                self._in_config = True
            if a.get("type") == "text/x-vp-lazy" and a.get("data-src"):
                self.lazy_material = True
                self.refs.append((a["data-src"], "js", False, True))
            elif a.get("src"):
                blocking = (not self._in_body and not ({"async", "defer"} & a.keys())
                            and a.get("type", "") != "module")
                self.refs.append((a["src"], "js", blocking, False))
        elif tag == "img" and a.get("src") and a.get("loading", "").lower() != "lazy":
            self.refs.append((a["src"], "image", False, False))
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True

    def handle_data(self, data):
        if self._in_config:
            self.config_json = (self.config_json or "") + data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def page_url_of(site: Path, html_file: Path) -> str:
    rel = html_file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def not_found_page(site: Path, rel_url: str) -> str:
    """The error page a server configured like ours (one 404 per language) returns for rel_url."""
    return "en/404.html" if rel_url.startswith("en/") and (site / "en/404.html").exists() else "404.html"


def first_view(site: Path, html_file: Path, base_url: str) -> FirstView:
    """First-visit downloads of one page. base_url is the site_url the site was built for (ends in /)."""
    page = page_url_of(site, html_file)
    view = FirstView(page)
    seen: set[str] = set()
    base = urlsplit(base_url)

    def local(url: str) -> str | None:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        return parts.path[len(base.path):]

    def add(abs_url: str, kind: str, critical: bool, on_search: bool = False,
            on_interaction: bool = False) -> Path | None:
        if abs_url.startswith("data:"):
            return None
        rel = local(abs_url)
        if rel is None:
            view.external.append(abs_url)
            return None
        if rel in seen:
            return None
        seen.add(rel)
        target = site / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        missing = not target.is_file()
        served = site / not_found_page(site, rel) if missing else target
        data = served.read_bytes() if served.is_file() else b""
        view.resources.append(Resource(served.relative_to(site).as_posix() if served.is_file() else rel,
                                       rel, kind, critical, len(data), gzip_size(data), missing, on_search,
                                       on_interaction and not on_search))
        return None if missing else target

    page_abs = base_url + page
    html = html_file.read_bytes()
    seen.add(page)
    view.resources.append(Resource(html_file.relative_to(site).as_posix(), page, "html", True,
                                   len(html), gzip_size(html)))
    parser = _Refs()
    parser.feed(html.decode("utf-8"))

    for href, kind, critical, interaction in parser.refs:
        url = urljoin(page_abs, href)
        target = add(url, kind, critical, on_interaction=interaction)
        if target is not None and kind == "css":
            for m in _CSS_URL.finditer(target.read_text("utf-8", errors="replace")):
                add(urljoin(url, m.group(1) or m.group(2)), "other", False)

    config = json.loads(parser.config_json) if parser.config_json else None
    if config is not None:  # Material's bundle is on the page
        later = parser.lazy_material  # what the bundle fetches waits for it
        root = urljoin(page_abs, config.get("base", ".").rstrip("/") + "/")
        if parser.search_form and config.get("search"):
            lazy = parser.lazy_search
            index_target = add(urljoin(root, "search/search_index.json"), "index", False, lazy, later)
            worker = urljoin(page_abs, config["search"])
            add(worker, "worker", False, on_interaction=later)
            langs = []
            if index_target is not None:
                langs = json.loads(index_target.read_text("utf-8")).get("config", {}).get("lang", [])
            lunr = urljoin(worker, "../lunr/")
            imports = []
            for lang in langs:
                if lang == "ja":
                    imports.append("tinyseg.js")
                elif lang in ("hi", "th"):
                    imports.append("wordcut.js")
                if lang != "en":
                    imports.append(f"min/lunr.{lang}.min.js")
            if len(langs) > 1:
                imports.append("min/lunr.multi.min.js")
            if imports:
                for name in ["min/lunr.stemmer.support.min.js", *imports]:
                    add(urljoin(lunr, name), "lunr", False, lazy, later)
        for href in dict.fromkeys(parser.alternates):
            add(urljoin(urljoin(page_abs, href), "sitemap.xml"), "sitemap", False, on_interaction=later)
    return view
