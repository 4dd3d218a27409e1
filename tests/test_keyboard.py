"""Keyboard and touch (issue 16): the shortest path to help, walked with the Tab key in real Chromium.

On one page of every type (home, a page with and one without a table of contents, contact, helplines,
a routing question and outcome, 404), in both languages, at 320×640 and 1280×800, with JavaScript
off, on before Material's lazy bundle has run (the first Tab press is the interaction that starts it)
and on after it ran:

* the first Tab stop is a skip link to the page's own <h1>, and following it puts focus on that <h1>;
* the quick exit (its hidden link or its button) is reached in at most 2 Tab presses; on a page whose own
  script puts focus on its <h1> at load (today the routing steps with JavaScript on), in at most 2
  Shift+Tab presses from there, and the first answer is counted from there too;
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
    key: [e.tagName, e.getAttribute("href"), text.slice(0, 30), (typeof e.className === "string" ? e.className.replace(/\\s*focus-visible/, "") : "")].join("|"),
    offscreen: r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight,
    hidden: hidden,
    covered: covered && !hidden ? (hit.tagName.toLowerCase() + "." + (typeof hit.className === "string" ? hit.className : "")) : "",
    quickExit: e.matches(quickExit), answer: e.matches(answer), h1: e === h1,
    drawer: !!e.closest(".md-nav--primary"), search: !!e.closest(".md-search__output"),
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
WALK_JS = ("async ([quickExit, answer, treeStart]) => {"
           " const describe = " + DESCRIBE_JS + ";"
           " const stops = []; let settle = false;"
           " for (const e of document.querySelectorAll('a[href], area[href], button, input, select, textarea,"
           " summary, iframe, [tabindex], [contenteditable]')) {"
           "  if (e.tabIndex < 0 || (e.hasAttribute('tabindex') && e.getAttribute('tabindex').trim() === '-1')) continue;"
           "  if (e.tabIndex > 0) return 'positive tabindex on ' + e.outerHTML.slice(0, 80);"
           # Tab out of the search field closes search (Material's key handler); focus() alone does not.
           "  const toggle = document.getElementById('__search');"
           "  if (toggle && toggle.checked && !e.closest('.md-search')) {"
           "   toggle.checked = false; toggle.dispatchEvent(new Event('change')); await new Promise(r => setTimeout(r, 50)); }"
           "  e.focus();"
           "  if (document.activeElement !== e) continue;"
           # Material opens search when its field gets focus and closes it when focus leaves, a moment later.
           "  const inSearch = !!e.closest('.md-search');"
           # A real Tab onto the field opens search (Material; checked in test_search_field_opens_on_tab);
           # focus() does not always, so open it the same way before measuring.
           "  if (inSearch && toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event('change')); }"
           "  if (inSearch || settle) await new Promise(r => setTimeout(r, 100));"
           "  settle = inSearch;"
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
        if "data-routing>" in html and 'class="routing-step__answer"' in html:
            # The tree: one page, a <section id> per step, shown by :target (overrides/components/routing-step).
            found.setdefault("tree-start", url)
            outcome = re.search(r'<section class="routing-step routing-step--outcome[^"]*" id="([^"]+)"', html)
            if outcome:
                found.setdefault("tree-outcome", url + "#" + outcome.group(1))
        elif 'class="vp-contacts"' in html:
            found.setdefault("contact", url)
        elif "vp-helpline" in html:
            found.setdefault("helplines", url)
        elif _has_toc(html):
            found.setdefault("content-toc", url)
        else:
            found.setdefault("content-no-toc", url)
    for required in ("tree-start", "tree-outcome", "contact", "helplines", "content-toc"):
        assert required in found, f"no page of type {required} in the build: {found}"
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
        stops = []
        for _ in range(limit):
            stop = self.tab()
            if stop is None or (stops and stop["key"] == stops[0]["key"]):  # left the page, or came round
                break
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
          "tree-start": ("answer", "first-answer", "the first answer")}
# The tree's start page asks about acute danger first ("Is er nu gevaar?"); the box with 112 and 113
# follows the step, so that the first answer stays within budget. After an answer, the next
# question's answers are held to the same budget (test_after_an_answer_...).
CASES = [(v, s, lang) for v in VIEWPORTS for s in STATES for lang in LANGUAGES]


def _small_targets(t: Tabber, where: str) -> tuple[list[str], dict]:
    """Links and buttons under 24×24 px (not inline in text), routing answers under 44 px tall, and the smallest."""
    targets = t.page.evaluate(TARGETS_JS, ANSWER)
    assert targets, f"{where}: no targets measured"
    failures = []
    for x in targets:
        if x["w"] < MIN_TARGET - 0.01 or x["h"] < MIN_TARGET - 0.01:
            failures.append(f"{where}: {x['tag']}.{x['cls']} {x['text']!r} is {x['w']:.1f}×{x['h']:.1f} px "
                            f"(at least {MIN_TARGET}×{MIN_TARGET})")
        if x["answer"] and x["h"] < MIN_ANSWER_HEIGHT - 0.01:
            failures.append(f"{where}: answer {x['text']!r} is {x['h']:.1f} px tall (at least {MIN_ANSWER_HEIGHT})")
    return failures, min(targets, key=lambda x: min(x["w"], x["h"]))


@pytest.mark.parametrize("viewport,state,lang", CASES,
                         ids=[f"{v}-{s}-{lang.rstrip('/') or 'nl'}" for v, s, lang in CASES])
def test_tab_order_and_targets_on_every_page_type(page_types, tabbers, viewport, state, lang):
    """Skip link first and landing on the <h1>; quick exit, tree link and first answer within budget; and
    (once Material has run, or without JavaScript) every stop of the whole tab order visible when focused,
    and every target large enough."""
    t = tabbers(viewport, state != "no-js")
    failures = []
    for kind, base in page_types.items():
        url = lang + base
        where = f"{kind} /{url} at {viewport} px, {state}"
        flag, budget_key, label = BUDGET.get(kind, (None, None, None))
        # Before Material has run, the first Tab press starts it; the whole order is checked after it ran.
        whole = state != "js-before-wake"
        t.open(url, state)
        at_load = t.focused()
        # The routing script moves focus to the step's heading when a step is opened by its address
        # (overrides/components/routing-step), so that a screen reader announces it. The skip link is
        # then behind the reader, and the quick exit is held to 2 Shift+Tab presses (the tree page has
        # no side navigation between the header and the step).
        # Without JavaScript, an address with a #fragment starts the Tab order at that step in the same way.
        moved = bool(at_load and re.fullmatch(r"h[1-6]", at_load["tag"])) or "#" in url
        stops = t.walk(limit=max(MAX_TABS.values()))  # real Tab presses from page load
        if not stops:
            failures.append(f"{where}: nothing can be reached with Tab")
            continue
        first = stops[0]
        qe = _first(stops, "quickExit")
        measured = [f"first stop {first['text']!r}", f"quick exit {qe}"]
        if moved:
            t.open(url, state)
            back = None
            for presses in range(1, 80):
                t.page.keyboard.press("Shift+Tab")
                if (t.focused() or {}).get("quickExit"):
                    back = presses
                    break
            measured[:2] = [f"focus starts at {at_load['tag'] if at_load else 'the #fragment'}",
                            f"quick exit {back} Shift+Tab"]
            if back is None or back > MAX_TABS["quick-exit"]:
                failures.append(f"{where}: the quick exit takes {back or 'more than 79'} Shift+Tab presses from "
                                f"the step that was opened (budget {MAX_TABS['quick-exit']})")
        else:
            if not first["skip"]:
                failures.append(f"{where}: the first Tab stop is {first['tag']}.{first['cls']} {first['text']!r} "
                                f"({first['href']}), not a skip link to the page's <h1>")
            if qe is None or qe > MAX_TABS["quick-exit"]:
                failures.append(f"{where}: the quick exit takes {qe or 'more than ' + str(len(stops))} Tab "
                                f"presses (budget {MAX_TABS['quick-exit']})")
        # The skip link puts focus on the heading (back to it with Shift+Tab: no second page load).
        landed = None
        if first["skip"] and not moved:
            for _ in range(len(stops) - 1):
                t.page.keyboard.press("Shift+Tab")
            if (t.focused() or {}).get("skip"):  # Enter on anything else could leave the page
                t.page.keyboard.press("Enter")
                landed = t.focused()
            if not (landed and landed["h1"]):
                failures.append(f"{where}: following the skip link puts focus on "
                                f"{landed and (landed['tag'] + ' ' + repr(landed['text']))}, not on the page's <h1>")
        if flag:
            plain, via_skip = _first(stops, flag), None  # when focus started on the <h1>: counted from there
            if landed and landed["h1"]:
                after_skip = _first(t.walk(limit=MAX_TABS[budget_key] - 1), flag)
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
            if flag:
                measured.append(f"({label} is stop {_first(order, flag)} of the whole order)")
            for i, stop in enumerate(order, 1):
                if stop["cls"].startswith("md-search__input") and stop["hidden"]:
                    continue  # Material fades search in after focus(); real Tab: test_search_field_opens_on_tab
                if problem := _problem(stop):
                    failures.append(f"{where}: Tab stop {i} {stop['tag']}.{stop['cls']} {stop['text']!r} is "
                                    f"{problem} when focused (at {stop['x']},{stop['y']}, {stop['w']}×{stop['h']}"
                                    f"{' under ' + stop['covered'] if stop['covered'] else ''})")
            small, smallest = _small_targets(t, where)
            failures += small
            measured.append(f"smallest target {smallest['w']:.0f}×{smallest['h']:.0f} "
                            f"{smallest['tag']}.{smallest['cls']} {smallest['text']!r}")
        REPORT.append(f"{kind:14} {lang or 'nl/':3} {viewport:>4} {state:14} " + ", ".join(measured))
    assert not failures, "\n".join(failures[:60]) + (f"\n… and {len(failures) - 60} more" if len(failures) > 60 else "")


ANSWERED = [(v, js, lang) for v in VIEWPORTS for js in (False, True) for lang in LANGUAGES]


@pytest.mark.parametrize("viewport,javascript,lang", ANSWERED,
                         ids=[f"{v}-{'js' if js else 'no-js'}-{lang.rstrip('/') or 'nl'}" for v, js, lang in ANSWERED])
def test_after_an_answer_the_next_answers_are_within_3_tabs(page_types, tabbers, viewport, javascript, lang):
    """Choose (Enter) the first answer of the start question that leads to another question: the new
    question's first answer is at most 3 Tab presses away, and is visible when it has focus."""
    t = tabbers(viewport, javascript)
    t.open(lang + page_types["tree-start"], "js-after-wake" if javascript else "no-js")
    target = t.page.evaluate("""(answer) => {
        for (const a of document.querySelectorAll(answer)) {
            const step = document.getElementById((a.getAttribute('href') || '').replace(/^#/, ''));
            if (a.offsetParent && step && step.querySelector(answer)) return a.getAttribute('href');
        }
        return null; }""", ANSWER)
    assert target, "no answer on the start question leads to another question"
    t.page.focus(f'{ANSWER}[href="{target}"]')
    t.page.keyboard.press("Enter")
    t.page.wait_for_function("(id) => location.hash === id", arg=target)
    stops = t.walk(limit=MAX_TABS["first-answer"])
    reached = _first(stops, "answer")
    REPORT.append(f"{'tree-question':14} {lang or 'nl/':3} {viewport:>4} {'js' if javascript else 'no-js':14} "
                  f"after an answer: first answer of {target} in {reached} Tab presses")
    assert reached, f"{target}: the first answer is not within {MAX_TABS['first-answer']} Tab presses: {stops}"
    assert t.page.evaluate("(id) => document.activeElement.closest('section') === document.querySelector(id)", target)
    assert not _problem(stops[reached - 1]), f"{target}: the first answer is {_problem(stops[reached - 1])} when focused"


@pytest.mark.parametrize("viewport,javascript,lang", [("320", False, ""), ("1280", True, "en/")])
def test_tab_order_helper_matches_real_tab_presses(page_types, tabbers, viewport, javascript, lang):
    """The one-round-trip tab order (WALK_JS) is what pressing Tab really visits, stop by stop."""
    t = tabbers(viewport, javascript)
    for kind in ("home", "contact"):
        state = "js-after-wake" if javascript else "no-js"
        t.open(lang + page_types[kind], state)
        pressed = [stop["key"] for stop in t.walk()]
        t.open(lang + page_types[kind], state)
        assert [stop["key"] for stop in t.tab_order()] == pressed, f"{kind}: WALK_JS differs from real Tab presses"


# --- hidden things come back when opened ---------------------------------------------------------

@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_opened_drawer_is_in_the_tab_order(page_types, tabbers, javascript):
    t = tabbers("320", javascript)
    for lang in LANGUAGES:
        # The home page: no section of the navigation is open, so the drawer shows its first level.
        t.open(lang + page_types["home"], "js-after-wake" if javascript else "no-js")
        assert not any(stop["drawer"] for stop in t.tab_order()), "the closed drawer is in the tab order"
        # The menu button is a <label> (not a Tab stop in Material): click it as a mouse or touch would.
        t.page.evaluate("() => document.querySelector(\"label.md-header__button[for='__drawer']\").click()")
        assert t.page.locator("#__drawer").is_checked()
        inside = [stop for stop in t.tab_order() if stop["drawer"]]
        assert len(inside) >= 5, f"/{lang}: only {len(inside)} Tab stops in the opened drawer"
        bad = [f"{s['text']!r}: {_problem(s)} {s['covered']} at {s['x']},{s['y']}" for s in inside if _problem(s)]
        assert not bad, f"/{lang}: drawer links not visible when focused: {bad}"
        # A page inside a section: Material opens that section's panel over the first level.
        t.open(lang + page_types["content-toc"], "js-after-wake" if javascript else "no-js")
        t.page.evaluate("() => document.querySelector(\"label.md-header__button[for='__drawer']\").click()")
        inside = [stop for stop in t.tab_order() if stop["drawer"]]
        assert len(inside) >= 3, f"/{lang}{page_types['content-toc']}: only {len(inside)} Tab stops in the drawer"
        bad = [f"{s['text']!r}: {_problem(s)} {s['covered']} at {s['x']},{s['y']}" for s in inside if _problem(s)]
        assert not bad, f"/{lang}{page_types['content-toc']}: drawer links not visible when focused: {bad}"
        # Back to the first level (the sub-menu's title is the way back): its links return.
        t.page.evaluate("""() => document.querySelector('.md-nav__toggle:checked ~ .md-nav > .md-nav__title').click()""")
        t.page.wait_for_timeout(400)  # the slide back; the covered level's visibility follows it
        back = [stop for stop in t.tab_order() if stop["drawer"]]
        assert len(back) > len(inside), f"/{lang}: the first level did not come back ({len(back)} stops)"
        bad = [f"{s['text']!r}: {_problem(s)} {s['covered']} at {s['x']},{s['y']}" for s in back if _problem(s)]
        assert not bad, f"/{lang}: after going back, drawer links not visible when focused: {bad}"


QUERIES = {"": "vertrouwenspersoon", "en/": "confidential"}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_results_can_be_reached_once_there_are_any(page_types, tabbers, viewport):
    """Material's keyboard model: arrow keys move through the results, Tab closes search and moves on.
    Before anything is typed there is nothing to reach; afterwards the results are visible when focused."""
    t = tabbers(viewport, True)
    for lang in LANGUAGES:
        t.open(lang + page_types["content-toc"], "js-after-wake")
        field = t.page.locator(".md-search__input")
        field.focus()  # as Tab does: Material opens search when its field gets focus
        field.wait_for(state="visible")
        after = t.tab()
        assert not (after or {}).get("search"), f"/{lang}: the empty search results are a Tab stop"
        field.focus()
        field.type(QUERIES[lang], delay=20)
        t.page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        t.page.keyboard.press("ArrowDown")
        result = t.focused()
        assert result and result["search"] and result["tag"] == "a", f"/{lang}: ArrowDown does not reach a result"
        assert not _problem(result), f"/{lang}: the first search result is {_problem(result)} when focused"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_field_opens_on_tab(page_types, tabbers, viewport):
    """Tab onto the search field opens search, so the field is visible when it has focus (real key presses)."""
    t = tabbers(viewport, True)
    t.open(page_types["content-toc"], "js-after-wake")
    for _ in range(12):
        stop = t.tab()
        if stop and stop["cls"].startswith("md-search__input"):
            t.page.wait_for_function("() => document.getElementById('__search').checked")
            t.page.wait_for_timeout(300)
            assert not _problem(t.focused()), f"the search field is {_problem(t.focused())} when focused"
            return
    raise AssertionError("the search field is not among the first 12 Tab stops")


# --- contact cards at 320 px -----------------------------------------------------------------------

# Where each card link's text wraps to a new line: the characters either side of every break.
LINE_BREAKS_JS = """
() => [...document.querySelectorAll(".vp-contact a, .vp-helpline a")].map(a => {
  const chars = [];
  const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.textContent.length; i++) {
      const range = document.createRange();
      range.setStart(n, i); range.setEnd(n, i + 1);
      const box = range.getClientRects()[0];
      if (box) chars.push([n.textContent[i], Math.round(box.top)]);
    }
  }
  const breaks = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i][1] > chars[i - 1][1] + 2) breaks.push(chars[i - 1][0] + "|" + chars[i][0]);
  }
  const r = a.getBoundingClientRect();
  return {text: a.textContent, breaks: breaks, h: r.height, right: r.right, href: a.getAttribute("href")};
})
"""


def _sensible(pair: str) -> bool:
    before, after = pair.split("|")
    return before in "@/ -" or after == "." or after == " "


@pytest.mark.parametrize("kind", ["contact", "helplines"])
def test_card_links_are_full_size_and_break_at_sensible_places(page_types, tabbers, kind):
    t = tabbers("320", False)
    for lang in LANGUAGES:
        t.open(lang + page_types[kind], "no-js")
        links = t.page.evaluate(LINE_BREAKS_JS)
        assert any(link["href"].startswith("mailto:") for link in links), f"/{lang}{page_types[kind]}: no e-mail link"
        for link in links:
            where = f"/{lang}{page_types[kind]}: {link['text']!r}"
            assert link["right"] <= 320, f"{where} sticks out of the screen"
            assert all(_sensible(b) for b in link["breaks"]), f"{where} wraps mid-word: {link['breaks']}"
            if link["href"].startswith(("tel:", "mailto:")):
                assert link["h"] >= MIN_ANSWER_HEIGHT - 0.01, f"{where} is {link['h']:.1f} px tall (at least 44)"


# --- the pieces, without a browser ---------------------------------------------------------------

def test_addresses_break_after_at_and_before_dots_and_stay_escaped():
    from vpgids.wrapping import breakable  # noqa: PLC0415

    assert breakable("extern@vertrouwenspersonen.example.org") == \
        "extern@<wbr>vertrouwenspersonen<wbr>.example<wbr>.org"
    assert breakable("www.example.org/klachten") == "www<wbr>.example<wbr>.org/<wbr>klachten"
    assert breakable('a"<b>@x.org') == "a&quot;&lt;b&gt;@<wbr>x<wbr>.org"


def test_skip_link_hook_aims_at_the_first_heading_and_makes_it_focusable():
    from mkdocs.exceptions import PluginError  # noqa: PLC0415

    from hooks.skip_link import SKIP_LINK, point  # noqa: PLC0415

    material = '<div data-md-component="skip">\n <a href="#sub" class="md-skip">\n Ga naar inhoud\n </a>\n</div>'
    page = (material + SKIP_LINK + "Ga naar inhoud</a>" + '<nav><h1>Not this</h1></nav>'
            '<article class="md-content__inner md-typeset"><h1 id="titel">Titel</h1><h2 id="sub">Sub</h2><h1>Two</h1>')
    html = point(page, "x.md")
    assert '<div data-md-component="skip"></div>' in html  # Material's link is gone
    assert '<a href="#titel" class="md-skip" data-vp-skip>' in html
    assert '<h1 id="titel" tabindex="-1">' in html and "<h1>Two</h1>" in html and "<h1>Not this</h1>" in html
    bare = point(SKIP_LINK + '</a><article class="md-content__inner md-typeset"><h1 class="t">404</h1>', "404.html")
    assert '<a href="#__heading"' in bare and '<h1 class="t" id="__heading" tabindex="-1">' in bare
    with pytest.raises(PluginError, match="x.md: the page has no <h1>"):
        point(SKIP_LINK + '</a><article class="md-content__inner md-typeset"><h2>Sub</h2>', "x.md")
