"""Keyboard and touch (issue 16): the shortest path to help, walked with the Tab key in real Chromium.

On one page of every type (home, a page with and one without a table of contents, contact, helplines,
a routing question and outcome, 404), in both languages, at 320×640 and 1280×800, with JavaScript
off, on before Material's lazy bundle has run (the first Tab press is the interaction that starts it)
and on after it ran:

* the first Tab stop is a skip link to the page's own <h1>, and following it puts focus on that <h1>;
* the quick exit (its hidden link or its button) is reached in at most 2 Tab presses;
* the home page's link into the routing tree in at most 3, a routing question's first answer in at most 3
  (either by Tab alone, or Tab to the skip link, Enter, then Tab: the Enter is not a Tab press);
* no Tab stop, in the whole tab order, is off-screen, zero-size, invisible or covered when it has focus
  (the closed navigation drawer and the closed search are not in the tab order at all);
* every link and button is at least 24×24 CSS px unless it is inline in running text (see INLINE_JS), and
  routing answers are at least 44 px tall.

Also: the drawer's links come back into the tab order when it is opened, with and without JavaScript,
and search results can be reached with Tab once there are any; long e-mail addresses in contact cards
break only at sensible places at 320 px.

The page types are found by their structure in the built site, not by slug, so an organisation's own
pages or contacts do not break this test. Run with `-s` to print the measured Tab counts and the
smallest target of each page type.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import html_pages, page_url, wake

pytestmark = pytest.mark.browser

VIEWPORTS = {"320": {"width": 320, "height": 640}, "1280": {"width": 1280, "height": 800}}
STATES = ("no-js", "js-before-wake", "js-after-wake")
LANGUAGES = ("", "en/")
# The routing component's answer links (overrides/components/routing-step): on a question page, or on
# the question step of a one-page tree; whichever layout, the first one reached by Tab is "the first answer".
ANSWER = "a.routing-step__answer"
TREE_START = "waar-kan-ik-terecht/"  # the routing tree's start page, below the language prefix
QUICK_EXIT = "[data-qe]"  # the quick exit's hidden link and its button (overrides/components/quick-exit)
MAX_TABS = {"quick-exit": 2, "tree-link": 3, "first-answer": 3}
MIN_TARGET = 24  # WCAG 2.2 SC 2.5.8 (AA), CSS px
MIN_ANSWER_HEIGHT = 44  # routing answers: the main task on a phone (SC 2.5.5, AAA, as a goal)
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
WALK_LIMIT = 400  # Tab presses before a walk gives up (the longest page has about 120 stops)

# One element described for the checks below, after it got focus.
DESCRIBE_JS = """
(e, quickExit, answer, treeStart) => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  let hidden = s.visibility !== "visible";
  for (let a = e; a && !hidden; a = a.parentElement) {
    if (getComputedStyle(a).opacity === "0" && !a.matches(".md-skip")) hidden = true;
  }
  const box = e.getClientRects()[0] || r;  // a link wrapped over two lines: its first line
  const cx = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(cx, cy);
  const covered = !!hit && hit !== e && !e.contains(hit) && !(hit.control && hit.control === e);
  const text = (e.getAttribute("aria-label") || e.innerText || e.value || "").replace(/\\s+/g, " ").trim();
  const h1 = document.querySelector(".md-content h1");
  return {
    tag: e.tagName.toLowerCase(), text: text.slice(0, 50), href: e.getAttribute("href"),
    cls: (typeof e.className === "string" ? e.className.replace(/\\s*focus-visible/, "") : "").slice(0, 60),
    x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height),
    key: [e.tagName, e.getAttribute("href"), text.slice(0, 30), Math.round(r.left + scrollX), Math.round(r.top + scrollY)].join("|"),
    offscreen: r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight,
    hidden: hidden,
    covered: covered && !hidden ? (hit.tagName.toLowerCase() + "." + (typeof hit.className === "string" ? hit.className : "")) : "",
    quickExit: e.matches(quickExit), answer: e.matches(answer), h1: e === h1,
    treeLink: !!e.href && e.href.split("#")[0] === treeStart,
    skip: e.matches("a.md-skip") && !!h1 && e.getAttribute("href") === "#" + h1.id,
  };
}
"""
FOCUSED_JS = ("([quickExit, answer, treeStart]) => { const e = document.activeElement;"
              " if (!e || e === document.body || e === document.documentElement) return null;"
              " return (" + DESCRIBE_JS + ")(e, quickExit, answer, treeStart); }")
# The whole tab order in one round trip: every element that can be focused and is not taken out of
# the tab order (tabindex -1), in document order (the site sets no positive tabindex; checked), each
# focused in turn as Tab would (which scrolls it into view) and described. focus() refuses what the
# browser does not consider focusable (display: none, visibility: hidden, inert, disabled), exactly as
# Tab skips it. tests/test_keyboard.py checks once per run that this equals the order of real Tab presses.
WALK_JS = ("([quickExit, answer, treeStart]) => {"
           " const describe = " + DESCRIBE_JS + ";"
           " const stops = [];"
           " for (const e of document.querySelectorAll('a[href], area[href], button, input, select, textarea,"
           " summary, iframe, [tabindex], [contenteditable]')) {"
           "  if (e.tabIndex < 0 || (e.hasAttribute('tabindex') && e.getAttribute('tabindex').trim() === '-1')) continue;"
           "  if (e.tabIndex > 0) return 'positive tabindex on ' + e.outerHTML.slice(0, 80);"
           "  e.focus();"
           "  if (document.activeElement !== e) continue;"
           "  stops.push(describe(e, quickExit, answer, treeStart));"
           " }"
           " document.activeElement && document.activeElement.blur();"
           " return stops; }")

# "Inline in running text" (the SC 2.5.8 exception): an <a> laid out inline, whose nearest block is a
# paragraph, list item, table cell, quote or caption that also holds text outside any link or button,
# e.g. "Bel <a>112</a>." Card details (<dd>), navigation, footers and headings are not running text.
INLINE_JS = """
(e) => {
  if (e.tagName !== "A" || getComputedStyle(e).display !== "inline") return false;
  let block = e.parentElement;
  while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
  if (!block || !block.matches("p, li, td, th, blockquote, figcaption")) return false;
  if (block.closest("nav, footer, .md-header, .md-sidebar, .md-search")) return false;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.textContent.trim() && !n.parentElement.closest("a, button")) return true;
  }
  return false;
}
"""

TARGETS_JS = """
(answer) => {
  const inline = %INLINE%;
  const seen = [];
  for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
    const s = getComputedStyle(e);
    if (s.visibility !== "visible" || s.display === "none" || s.pointerEvents === "none" || e.closest("[hidden]")) continue;
    let transparent = false;
    for (let a = e; a && !transparent; a = a.parentElement) transparent = getComputedStyle(a).opacity === "0";
    if (transparent && !e.matches(".headerlink, .footnote-backref")) continue;  // those show on hover
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) continue;  // not rendered (e.g. a closed search); the walk checks focusable ones
    if (e.matches(".md-skip")) continue;  // hidden until focused; measured by the walk when it has focus
    if (inline(e)) continue;
    const text = (e.getAttribute("aria-label") || e.innerText || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    seen.push({text: text, cls: (typeof e.className === "string" ? e.className : "").slice(0, 40),
               tag: e.tagName.toLowerCase(), w: r.width, h: r.height, answer: e.matches(answer)});
  }
  return seen;
}
""".replace("%INLINE%", INLINE_JS.strip())


# --- finding one page of each type in the built site ---------------------------------------------

def _read(site: Path, url: str) -> str:
    path = site / (url + "index.html" if url == "" or url.endswith("/") else url)
    return path.read_text(encoding="utf-8")


def _has_toc(html: str) -> bool:
    return re.search(r'data-md-component="toc"[^>]*>\s*<li', html) is not None


@pytest.fixture(scope="module")
def page_types(site) -> dict[str, str]:
    """Page type -> site-relative URL of the first page of that type (Dutch; the English twin is 'en/' + it)."""
    found: dict[str, str] = {"home": "", "404": "404.html"}
    for built in html_pages(site):
        url = page_url(site, built)
        if url.startswith("en/") or url in ("", "404.html"):
            continue
        html = built.read_text(encoding="utf-8")
        routing = "data-routing-step" in html
        if routing and 'class="routing-step__answer"' in html:
            found.setdefault("tree-question", url)
        elif routing:
            found.setdefault("tree-outcome", url)
        elif 'class="vp-contacts"' in html:
            found.setdefault("contact", url)
        elif "vp-helpline" in html:
            found.setdefault("helplines", url)
        elif _has_toc(html):
            found.setdefault("content-toc", url)
        else:
            found.setdefault("content-no-toc", url)
    for required in ("tree-question", "contact", "helplines", "content-toc"):
        assert required in found, f"no page of type {required} in the build: {found}"
    if "content-no-toc" not in found and "tree-outcome" not in found:
        raise AssertionError(f"no page without a table of contents besides 404: {found}")
    return found


# --- the browser side ---------------------------------------------------------------------------

class Tabber:
    """One browser context per (viewport, JavaScript) pair, reused for every page."""

    def __init__(self, browser, site_url: str, viewport: str, javascript: bool):
        self.context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.site_url, self.viewport, self.javascript = site_url, viewport, javascript
        self.tree_start = ""

    def open(self, url: str, state: str) -> None:
        lang = "en/" if url.startswith("en/") else ""
        self.tree_start = self.site_url + lang + TREE_START
        self.page.goto("about:blank")  # a fresh load, with focus at the start of the document
        response = self.page.goto(self.site_url + url, wait_until="load")
        assert response is not None and (response.ok or url.endswith("404.html")), f"{url}: HTTP {response and response.status}"
        if state == "js-after-wake":
            wake(self.page)
            self.page.mouse.move(0, 0)  # no hover effects on what is measured
        # Measure where things end up, not halfway through Material's fades and slides.
        # (Not add_style_tag: it waits for a load event that never comes with JavaScript off.)
        self.page.evaluate("(css) => document.head.appendChild(document.createElement('style')).textContent = css",
                           NO_TRANSITIONS)

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED_JS, [QUICK_EXIT, ANSWER, self.tree_start])

    def tab(self) -> dict | None:
        self.page.keyboard.press("Tab")
        return self.focused()

    def tab_order(self) -> list[dict]:
        """Every stop of the tab order, in one round trip (WALK_JS)."""
        stops = self.page.evaluate(WALK_JS, [QUICK_EXIT, ANSWER, self.tree_start])
        assert not isinstance(stops, str), stops
        return stops

    def walk(self, limit: int = WALK_LIMIT) -> list[dict]:
        """The tab order from here: every stop until focus leaves the document or comes round again."""
        stops, keys = [], set()
        for _ in range(limit):
            stop = self.tab()
            if stop is None or stop["key"] in keys:
                break
            keys.add(stop["key"])
            stops.append(stop)
        return stops

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def tabbers(browser, site_url):
    made: dict[tuple[str, bool], Tabber] = {}

    def get(viewport: str, javascript: bool) -> Tabber:
        if (viewport, javascript) not in made:
            made[(viewport, javascript)] = Tabber(browser, site_url, viewport, javascript)
        return made[(viewport, javascript)]

    yield get
    for tabber in made.values():
        tabber.close()


REPORT: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def print_report():
    yield
    if REPORT:
        print("\nKeyboard measurements (page type, language, viewport, state: values)")
        print("\n".join(sorted(REPORT)))


def _first(stops: list[dict], flag: str) -> int | None:
    """1-based Tab count of the first stop with `flag`, or None."""
    return next((i for i, stop in enumerate(stops, 1) if stop[flag]), None)


def _problem(stop: dict) -> str | None:
    if stop["offscreen"]:
        return "off-screen"
    if not (stop["w"] and stop["h"]):
        return "zero-size"
    if stop["hidden"]:
        return "invisible"
    if stop["covered"]:
        return "covered by another element"
    return None


BUDGET = {"home": ("treeLink", "tree-link", "the link into the tree"),
          "tree-question": ("answer", "first-answer", "the first answer")}
CASES = [(v, s, lang) for v in VIEWPORTS for s in STATES for lang in LANGUAGES]


@pytest.mark.parametrize("viewport,state,lang", CASES,
                         ids=[f"{v}-{s}-{lang.rstrip('/') or 'nl'}" for v, s, lang in CASES])
def test_tab_order_on_every_page_type(page_types, tabbers, viewport, state, lang):
    """Skip link first and landing on the <h1>; quick exit, tree link and first answer within budget; and
    (once Material has run, or without JavaScript) every stop of the whole tab order visible when focused."""
    t = tabbers(viewport, state != "no-js")
    failures = []
    for kind, base in page_types.items():
        url = lang + base
        where = f"{kind} /{url} at {viewport} px, {state}"
        flag, budget_key, label = BUDGET.get(kind, (None, None, None))
        # Before Material has run, the first Tab press starts it; the whole order is checked after it ran.
        whole = state != "js-before-wake"
        t.open(url, state)
        stops = t.walk(limit=max(MAX_TABS.values()))  # real Tab presses from page load
        if not stops:
            failures.append(f"{where}: nothing can be reached with Tab")
            continue
        first = stops[0]
        qe = _first(stops, "quickExit")
        measured = [f"first stop {first['text']!r}", f"quick exit {qe}"]
        if not first["skip"]:
            failures.append(f"{where}: the first Tab stop is {first['tag']}.{first['cls']} {first['text']!r} "
                            f"({first['href']}), not a skip link to the page's <h1>")
        if qe is None or qe > MAX_TABS["quick-exit"]:
            failures.append(f"{where}: the quick exit takes {qe or 'more than ' + str(len(stops))} Tab presses "
                            f"(budget {MAX_TABS['quick-exit']})")
        # The skip link puts focus on the heading, and from there the page's task is close.
        t.open(url, state)
        landed = None
        if (t.tab() or {}).get("skip"):  # Enter on anything else could leave the page
            t.page.keyboard.press("Enter")
            landed = t.focused()
        if first["skip"] and not (landed and landed["h1"]):
            failures.append(f"{where}: following the skip link puts focus on "
                            f"{landed and (landed['tag'] + ' ' + repr(landed['text']))}, not on the page's <h1>")
        if flag:
            plain = _first(stops, flag)
            after_skip = _first(t.walk(limit=MAX_TABS[budget_key]), flag) if landed and landed["h1"] else None
            via_skip = after_skip + 1 if after_skip else None
            best = min(n for n in (plain, via_skip, 10**6) if n is not None)
            measured.append(f"{label}: {plain or '-'} by Tab alone, {via_skip or '-'} via the skip link")
            if best > MAX_TABS[budget_key]:
                failures.append(f"{where}: {label} takes more than {MAX_TABS[budget_key]} Tab presses "
                                f"(by Tab alone: {plain or 'not reached'}; Tab, Enter on the skip link, Tab: "
                                f"{via_skip or 'not within budget'})")
        if whole:
            order = t.tab_order()
            measured.insert(0, f"{len(order)} stops")
            for i, stop in enumerate(order, 1):
                if problem := _problem(stop):
                    failures.append(f"{where}: Tab stop {i} {stop['tag']}.{stop['cls']} {stop['text']!r} is "
                                    f"{problem} when focused (at {stop['x']},{stop['y']}, {stop['w']}×{stop['h']}{' under ' + stop['covered'] if stop['covered'] else ''})")
        REPORT.append(f"{kind:14} {lang or 'nl/':3} {viewport:>4} {state:14} " + ", ".join(measured))
    assert not failures, "\n".join(failures[:60]) + (f"\n… and {len(failures) - 60} more" if len(failures) > 60 else "")


@pytest.mark.parametrize("viewport,javascript,lang", [("320", False, ""), ("1280", True, "en/")])
def test_tab_order_helper_matches_real_tab_presses(page_types, tabbers, viewport, javascript, lang):
    """The one-round-trip tab order (WALK_JS) is what pressing Tab really visits, stop by stop."""
    t = tabbers(viewport, javascript)
    for kind in ("home", "tree-question"):
        state = "js-after-wake" if javascript else "no-js"
        t.open(lang + page_types[kind], state)
        pressed = [stop["key"] for stop in t.walk()]
        t.open(lang + page_types[kind], state)
        assert [stop["key"] for stop in t.tab_order()] == pressed, f"{kind}: WALK_JS differs from real Tab presses"


TARGET_CASES = [(v, js, lang) for v in VIEWPORTS for js in (False, True) for lang in LANGUAGES]


@pytest.mark.parametrize("viewport,javascript,lang", TARGET_CASES,
                         ids=[f"{v}-{'js' if js else 'no-js'}-{lang.rstrip('/') or 'nl'}" for v, js, lang in TARGET_CASES])
def test_targets_are_at_least_24_px(page_types, tabbers, viewport, javascript, lang):
    t = tabbers(viewport, javascript)
    failures = []
    for kind, base in page_types.items():
        t.open(lang + base, "js-after-wake" if javascript else "no-js")
        targets = t.page.evaluate(TARGETS_JS, ANSWER)
        assert targets, f"{kind}: no targets measured"
        for x in targets:
            if x["w"] < MIN_TARGET - 0.01 or x["h"] < MIN_TARGET - 0.01:
                failures.append(f"{kind} /{lang}{base} at {viewport} px: {x['tag']}.{x['cls']} {x['text']!r} is "
                                f"{x['w']:.1f}×{x['h']:.1f} px (at least {MIN_TARGET}×{MIN_TARGET})")
            if x["answer"] and x["h"] < MIN_ANSWER_HEIGHT - 0.01:
                failures.append(f"{kind} /{lang}{base} at {viewport} px: answer {x['text']!r} is {x['h']:.1f} px "
                                f"tall (at least {MIN_ANSWER_HEIGHT})")
        smallest = min(targets, key=lambda x: min(x["w"], x["h"]))
        REPORT.append(f"{kind:14} {lang or 'nl/':3} {viewport:>4} {'js' if javascript else 'no-js':14} smallest target "
                      f"{smallest['w']:.0f}×{smallest['h']:.0f} {smallest['tag']}.{smallest['cls']} {smallest['text']!r}")
    assert not failures, "\n".join(failures[:60]) + (f"\n… and {len(failures) - 60} more" if len(failures) > 60 else "")
