"""The routing tree in the real built site, in headless Chromium: one page per language, steps as
#fragments. Every case with JavaScript on and off by clicking the real links, no request at all
while answering, Back/Forward, "Vorige vraag", "Opnieuw beginnen", "Jouw antwoorden" with its
change links, focus and announcement with JavaScript, the page without CSS, print, 320 px, privacy
(no cookies, no storage, neutral addresses and title) and the budgets."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from vpgids import organisation, routing

ROOT = Path(__file__).resolve().parent.parent
TREE = routing.load(roles=set(organisation.ROLES), helpline_ids=None, docs_dir=ROOT / "docs")
CASES = [(list(map(str, c["answers"])), str(c["outcome"])) for c in routing.load_cases()]
STEPS = routing.unfold(TREE)
BY_PATH = {tuple(s.answers_path): s for s in STEPS}
COMPONENT = ROOT / "overrides" / "components" / "routing-step"
TREE_PAGE = "waar-kan-ik-terecht/"
# Words that would tell someone reading the browser history what the reader is dealing with.
TOPIC_WORDS = re.compile(
    r"seks|sexual|intimidat|harass|pest|bully|geweld|violen|agress|aggress|discrimin|racis|misstand|wrongdo|"
    r"integrit|fraud|klokkenluid|whistle|zelfmoord|zelfdoding|suicid|thuis|home|gevaar|danger|werkdruk|"
    r"klacht|complain|melding|report|conflict|politie|police|aangifte|bedrijfsarts|physician|leidinggevend|"
    r"manager|collega|colleague", re.I)

pytestmark = pytest.mark.browser


def _open(page, site_url, lang="nl", settle=True):
    page.goto(site_url + ("en/" if lang == "en" else "") + TREE_PAGE)
    lazy = "!!document.querySelector('script[type=\"text/x-vp-lazy\"]')"
    if settle and page.evaluate(f"{lazy} && !document.documentElement.classList.contains('no-js')"):
        # Material's own scripts load on the reader's first move (components/lazy-material): the same
        # files for every reader, before any answer. Wait until they and what they start are loaded.
        seen = []
        page.on("request", lambda request: seen.append(request.url))
        page.mouse.move(5, 5)
        page.wait_for_function("!document.querySelector('script[type=\"text/x-vp-lazy\"]')")
        last = -1
        while last != len(seen):
            last = len(seen)
            page.wait_for_timeout(750)


VISIBLE = """() => {
  const shown = [...document.querySelectorAll('.routing-step')].filter(e => e.getClientRects().length);
  return [shown.length, shown.length ? shown[0].id : '', shown.length ? shown[0].querySelector('h2').textContent : ''];
}"""


def _step(page):
    """The one step a reader sees: its fragment and heading."""
    count, fragment, heading = page.evaluate(VISIBLE)
    assert count == 1, f"{count} steps visible at {page.url}"
    return fragment, " ".join(heading.split())


def _heading(step, lang="nl"):
    return f"{routing.step_label(step, lang)}: {routing.step_heading(step, lang)}"


def _answer(page, answer_id):
    page.click(f'#{_step(page)[0]} a[data-answer="{answer_id}"]')


def _watch(page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_case_by_clicking_with_no_request_while_answering(page_factory, site_url, javascript):
    """All cases (more than the 10 routes the issue asks for), on one loaded page: the server sees
    the tree page once and nothing after it."""
    page = page_factory(javascript=javascript)
    _open(page, site_url)
    requests = _watch(page)
    assert _step(page)[0] == STEPS[0].fragment
    for answers, expected in CASES:
        if _step(page)[0] != STEPS[0].fragment:
            page.click(".routing-step:visible [data-routing-restart]")
        for index, answer in enumerate(answers):
            _answer(page, answer)
            fragment, heading = _step(page)
            step = BY_PATH[tuple(answers[: index + 1])]
            assert (fragment, heading) == (step.fragment, _heading(step)), answers
            assert re.fullmatch(r"s\d+", urlsplit(page.url).fragment) and "?" not in page.url, page.url
        assert BY_PATH[tuple(answers)].node.id == expected
        assert not TOPIC_WORDS.search(page.title()), page.title()
    assert len(CASES) >= 50
    assert requests == [], f"answering made requests: {requests[:5]}"
    assert page.context.cookies() == []


def test_english_route_and_language_switch(page_factory, site_url):
    page = page_factory(javascript=False)
    _open(page, site_url, "en", settle=False)
    assert page.locator("html").get_attribute("lang") == "en"
    for answer in ["nee", "misstand", "melden"]:
        _answer(page, answer)
    step = BY_PATH[("nee", "misstand", "melden")]
    assert _step(page) == (step.fragment, _heading(step, "en"))
    # The Dutch twin has the same steps at the same fragments.
    page.goto(site_url + TREE_PAGE + "#" + step.fragment)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert _step(page) == (step.fragment, _heading(step))


def test_back_forward_previous_question_and_start_again(page_factory, site_url):
    page = page_factory(javascript=False)
    _open(page, site_url, settle=False)
    path = ["nee", "werkdruk", "luisteren"]  # a shared outcome: also reachable from the behaviour questions
    for answer in path:
        _answer(page, answer)
    outcome, question = BY_PATH[tuple(path)], BY_PATH[tuple(path[:2])]
    assert _step(page)[0] == outcome.fragment
    page.go_back()
    assert _step(page)[0] == question.fragment
    page.go_forward()
    assert _step(page)[0] == outcome.fragment
    page.click(".routing-step:visible .routing-step__back a")
    assert _step(page)[0] == question.fragment, "Vorige vraag goes to the question this route came from"
    page.click(".routing-step:visible [data-routing-restart]")
    assert _step(page)[0] == STEPS[0].fragment
    assert page.locator(".routing-step:visible [data-routing-restart]").count() == 0  # not on the first question
    for _ in range(5):  # s1, the question, the outcome, the question, the first answer, the page itself
        page.go_back()
    assert urlsplit(page.url).fragment == "" and _step(page)[0] == STEPS[0].fragment  # no fragment: first question


def test_a_shared_question_has_a_back_link_per_route(page_factory, site_url):
    page = page_factory(javascript=False)
    seen = {}
    for who in ["leidinggevende", "collega"]:
        _open(page, site_url, settle=False)
        for answer in ["nee", "gedrag", who, "advies"]:
            _answer(page, answer)
        seen[who] = _step(page)[0]
        page.click(".routing-step:visible .routing-step__back a")
        page.click(".routing-step:visible .routing-step__back a")
        assert _step(page)[0] == BY_PATH[("nee", "gedrag")].fragment
    assert seen["leidinggevende"] != seen["collega"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_your_answers_are_collapsed_and_each_change_link_goes_to_that_question(page_factory, site_url, javascript):
    page = page_factory(javascript=javascript)
    path = ["nee", "gedrag", "buitenstaander", "aangifte"]
    _open(page, site_url, settle=False)
    for answer in path:
        _answer(page, answer)
    given = page.locator(".routing-step:visible details.routing-step__given")
    assert given.get_attribute("open") is None
    assert not given.locator("dl").is_visible()
    given.locator("summary").click()
    rows = given.locator("dt")
    assert rows.count() == len(path)
    for index in range(len(path)):
        asked = BY_PATH[tuple(path[:index])]
        assert rows.nth(index).inner_text() == asked.node.question["nl"]
    given.locator("dd a").nth(2).click()  # "Wijzig" the answer to "Van wie komt het gedrag?"
    assert _step(page)[0] == BY_PATH[tuple(path[:2])].fragment
    _answer(page, "collega")  # a different answer on the same route goes on from there
    assert _step(page)[0] == BY_PATH[("nee", "gedrag", "collega")].fragment


def test_javascript_focuses_the_step_announces_it_and_stores_nothing(page_factory, site_url):
    page = page_factory(javascript=True)
    _open(page, site_url)
    requests = _watch(page)
    assert page.evaluate("document.activeElement === document.body"), "no focus move on first load"
    _answer(page, "nee")
    step = BY_PATH[("nee",)]
    assert page.evaluate("document.activeElement.closest('section').id") == step.fragment
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.wait_for_function("document.querySelector('[data-routing-status]').textContent.length > 0")
    status = page.locator("[data-routing-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert " ".join(status.text_content().split()) == _heading(step)
    _answer(page, "gedrag")
    page.evaluate("document.activeElement.blur()")
    page.go_back()  # Back moves focus too
    page.wait_for_function(f"document.activeElement.closest('section') && "
                           f"document.activeElement.closest('section').id === '{step.fragment}'")
    _answer(page, "thuis")
    assert page.locator(".routing-step:visible [data-routing-print]").is_visible()  # print only with JavaScript
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []
    assert requests == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_keyboard_only_full_route(page_factory, site_url, javascript):
    """Tab and Enter only. With JavaScript the new step's heading has focus; without it, the browser
    starts the next Tab at the targeted step. Either way the answers are the next stops."""
    page = page_factory(javascript=javascript)
    _open(page, site_url, settle=False)

    def tab_to(selector, limit):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    path = ["nee", "gedrag", "buitenstaander", "aangifte"]
    tab_to(f'#{STEPS[0].fragment} a[data-answer="nee"]', limit=80)
    for index, answer in enumerate(path):
        if index:
            tab_to(f'#{_step(page)[0]} a[data-answer="{answer}"]', limit=12)
        page.keyboard.press("Enter")
        step = BY_PATH[tuple(path[: index + 1])]
        assert _step(page)[0] == step.fragment
        if javascript:
            page.wait_for_function(f"document.activeElement.closest('#{step.fragment}') !== null")
    assert BY_PATH[tuple(path)].node.id == "aangifte"


def test_without_javascript_no_print_button_and_unknown_fragments_show_the_first_question(page_factory, site_url):
    page = page_factory(javascript=False)
    page.goto(site_url + TREE_PAGE + "#__skip")
    assert _step(page)[0] == STEPS[0].fragment
    page.goto(site_url + TREE_PAGE + "#" + BY_PATH[("gevaar",)].fragment)
    assert not page.locator(".routing-step:visible [data-routing-print]").is_visible()
    assert page.locator(".routing-about").first.is_hidden()  # the introduction makes way for the step


def test_without_css_every_step_is_a_readable_list_with_working_links(page_factory, site_url):
    page = page_factory(javascript=False)
    _open(page, site_url, settle=False)
    page.evaluate("document.querySelectorAll('link[rel=stylesheet], style').forEach(e => e.remove())")
    assert page.locator(".routing-step:visible").count() == len(STEPS)
    headings = page.eval_on_selector_all(".routing-step h2", "els => els.map(e => e.textContent)")
    assert len(headings) == len(STEPS) and all(h.strip() for h in headings)
    target = BY_PATH[("nee",)]
    page.click(f'#{STEPS[0].fragment} a[data-answer="nee"]')
    assert urlsplit(page.url).fragment == target.fragment
    assert page.evaluate(f"Math.abs(document.getElementById('{target.fragment}').getBoundingClientRect().top) < 200")


def test_print_shows_one_outcome_on_one_page(page_factory, site_url):
    page = page_factory(javascript=False)
    for step in STEPS:  # every outcome of the example organisation fits on one A4 sheet
        if not step.canonical or step.node.is_question:
            continue
        page.goto(f"{site_url}{TREE_PAGE}#{step.fragment}", wait_until="domcontentloaded")
        page.emulate_media(media="print")
        for hidden in [".md-header", ".md-footer", ".routing-step:visible .routing-step__back",
                       ".routing-step:visible .routing-step__actions", ".routing-step:visible details"]:
            assert not page.locator(hidden).first.is_visible(), hidden
        assert page.locator(".routing-step:visible").count() == 1
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, step.node.id
        page.emulate_media(media="screen")


def test_steps_fit_a_320_px_screen_with_big_tap_targets(page_factory, site_url):
    page = page_factory(javascript=False, viewport={"width": 320, "height": 640})
    widest = max((s for s in STEPS if s.canonical and not s.node.is_question),
                 key=lambda s: len(s.node.contacts) + len(s.node.helplines))
    for step in (STEPS[0], BY_PATH[("nee",)], widest):
        page.goto(f"{site_url}{TREE_PAGE}#{step.fragment}", wait_until="domcontentloaded")
        # Only this component's own boxes: Material's hidden language list overflows on every page.
        overflow = page.evaluate("""() => [...document.querySelectorAll('.routing-step:target *, .routing-step:target')]
            .filter(e => e.getBoundingClientRect().right > 320).map(e => e.outerHTML.slice(0, 80))""")
        assert overflow == [], (step.node.id, overflow)
    page.goto(f"{site_url}{TREE_PAGE}#{STEPS[0].fragment}", wait_until="domcontentloaded")
    for box in page.eval_on_selector_all(
            ".routing-step:target .routing-step__answer", "els => els.map(e => [e.offsetWidth, e.offsetHeight])"):
        assert box[0] >= 250 and box[1] >= 44  # WCAG 2.5.8 asks 24 px; thumbs need more


# -- static checks on the built site (no browser needed, but they belong to the same component)

def test_one_tree_page_per_language(site):
    """The byte budget of the tree pages is in test_quality_budget.py."""
    assert not list(site.rglob("stap-*")), "the per-step pages are gone"
    for prefix, lang in (("", "nl"), ("en/", "en")):
        text = (site / prefix / TREE_PAGE / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text
        ids = re.findall(r'<section class="routing-step[^"]*" id="(s\d+)"', text)
        assert ids == [s.fragment for s in STEPS]
        assert len(re.findall(r'\sid="([^"]+)"', text)) == len(set(re.findall(r'\sid="([^"]+)"', text))), "ids unique"
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        assert not TOPIC_WORDS.search(title), title
        for href in re.findall(r'href="([^"]*)"', text):
            assert "?" not in href or href.startswith(("https://", "mailto:")), href
        assert re.search(r'<link rel="icon" href="data:image/', text), "a linked favicon is fetched on every answer"


def test_no_step_is_a_search_result(site):
    for prefix in ("", "en/"):
        index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        tree = [d for d in index["docs"] if d["location"].split("#")[0] == TREE_PAGE]
        assert tree, "the tree page itself is found"
        for doc in tree:
            assert not re.search(r"#s\d+$", doc["location"]), doc["location"]
            for node in TREE.outcomes:
                lang = "en" if prefix else "nl"
                assert node.title[lang] not in doc["text"] + doc["title"], (doc["location"], node.id)


def test_overview_links_every_step(site):
    html = (site / "waar-kan-ik-terecht" / "overzicht" / "index.html").read_text(encoding="utf-8")
    overview = html[html.index('class="routing-overview"'):]
    for step in STEPS:
        assert f'href="../#{step.fragment}"' in overview, step.node.id
    assert overview.count("<li>") == len(STEPS)


def test_component_budget_is_3kb_gzip_and_the_script_cannot_reach_the_network():
    data = b"".join((COMPONENT / f"routing-step.{ext}").read_bytes() for ext in ("css", "js"))
    assert len(gzip.compress(data, 9)) <= 3 * 1024
    script = (COMPONENT / "routing-step.js").read_text(encoding="utf-8")
    for forbidden in ("fetch(", "XMLHttpRequest", "localStorage", "sessionStorage", "document.cookie",
                      "sendBeacon", "history.pushState", "location.search", "import(", "new Image"):
        assert forbidden not in script


SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(
  [e.value, e.sources.map(s => s.node && s.node.nodeType === 1 ? s.node.tagName + '.' + s.node.className : '?')]); })
  .observe({type: 'layout-shift', buffered: true});
window.__painted = new Set();  // every step that was on screen in any frame while the page loaded
(function frame() {
  document.querySelectorAll('.routing-step').forEach(e => { if (e.getClientRects().length) window.__painted.add(e.id); });
  if (document.readyState !== 'complete') requestAnimationFrame(frame);
})();"""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_step_opened_at_its_address_does_not_show_the_first_question_first(page_factory, site_url, javascript):
    """A bookmark, a reload or a link from the overview: Chromium applies :target only once the whole
    page is parsed, and painted the first question and the introduction before that (Lighthouse:
    layout shift 0.136). The content below the title must not move, and the step must be the one asked."""
    deepest = [s for s in STEPS if not s.node.is_question][-1]  # the last section of the page
    page = page_factory(javascript=javascript, viewport={"width": 412, "height": 823})
    page.add_init_script(SHIFTS)
    page.goto(f"{site_url}{TREE_PAGE}#{deepest.fragment}", wait_until="load")
    page.wait_for_timeout(500)
    assert _step(page)[0] == deepest.fragment
    assert page.locator(".routing-about").first.is_hidden() and page.locator(".routing-urgent").is_visible()
    if javascript:  # the observer is a script; without one, nothing runs before the first paint either
        shifts = page.evaluate("window.__shifts")
        moved = [(value, nodes) for value, nodes in shifts if any("md-content" in n or "routing" in n for n in nodes)]
        assert sum(v for v, _ in moved) < 0.01, f"the content moved after the first paint: {moved}"
        assert page.evaluate("!document.documentElement.hasAttribute('data-routing-opening')")
        assert page.evaluate("[...window.__painted]") == [deepest.fragment], "another step was on screen first"


def test_an_address_of_a_step_that_does_not_exist_shows_the_first_question(page_factory, site_url):
    """An old bookmark after the tree changed (#s999): once loaded, the first question and the rest of
    the page are shown as without any address."""
    page = page_factory(javascript=True)
    page.goto(f"{site_url}{TREE_PAGE}#s999", wait_until="load")
    assert _step(page)[0] == STEPS[0].fragment
    assert page.locator(".routing-about").first.is_visible() and page.locator(".md-footer").is_visible()
