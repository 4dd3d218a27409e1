"""The routing tree in the real built site, in headless Chromium: follow the real links for every
case with JavaScript on and off, keyboard only, Back, "Vorige vraag", "Opnieuw beginnen",
privacy (no outside request, no cookies, no storage, neutral URLs and titles) and the component budget."""

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
COMPONENT = ROOT / "overrides" / "components" / "routing-step"
# Words that would tell someone reading the browser history what the reader is dealing with.
TOPIC_WORDS = re.compile(
    r"seks|sexual|intimidat|harass|pest|bully|geweld|violen|agress|aggress|discrimin|racis|misstand|wrongdo|"
    r"integrit|fraud|klokkenluid|whistle|zelfmoord|zelfdoding|suicid|thuis|home|gevaar|danger|werkdruk|"
    r"klacht|complain|melding|report|conflict|politie|police|aangifte|bedrijfsarts|physician|leidinggevend|"
    r"manager|collega|colleague", re.I)
STEP_PATH = re.compile(r"^(en/)?waar-kan-ik-terecht/stap-[0-9a-f]{6}/$")

pytestmark = pytest.mark.browser


def _start(page, site_url, lang="nl"):
    page.goto(site_url + ("en/" if lang == "en" else "") + "waar-kan-ik-terecht/")
    with page.expect_navigation():
        page.click("a.routing-start")


def _answer(page, answer_id):
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click(f'a[data-answer="{answer_id}"]')


def _h1(page):
    return page.locator("h1").first.inner_text().strip()


def _watch_requests(page, site_url):
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))
    outside = []
    page.on("request", lambda request: None if request.url.startswith(origin) else outside.append(request.url))
    return outside


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_case_reaches_its_outcome_by_following_the_links(page_factory, site_url, javascript):
    """Walk the whole tree by clicking the answer links and coming back with the browser's Back
    button (one visit per step keeps this fast on a busy machine), then check every case."""
    page = page_factory(javascript=javascript)
    outside = _watch_requests(page, site_url)
    reached: dict[tuple, str] = {}

    def walk(path):
        assert "?" not in page.url and "#" not in page.url
        assert STEP_PATH.match(urlsplit(page.url).path.split("/vertrouwenspersoon/", 1)[1]), page.url
        assert not TOPIC_WORDS.search(page.title()), page.title()
        if page.locator(".routing-step--outcome").count():
            reached[tuple(path)] = _h1(page)
            return
        here, heading = page.url, _h1(page)
        answers = page.eval_on_selector_all("a[data-answer]", "els => els.map(e => e.dataset.answer)")
        assert answers[-1] == routing.NOT_SURE_ID
        for answer in answers:
            _answer(page, answer)
            walk(path + [answer])
            page.go_back(wait_until="domcontentloaded")
            assert page.url == here and _h1(page) == heading, "Back must return to the question"

    _start(page, site_url)
    walk([])
    assert len(reached) == routing.stats(TREE)["paths"]
    for answers, expected in CASES:
        assert reached[tuple(answers)] == TREE.nodes[expected].title["nl"], answers
    for path, title in reached.items():  # routes without a case still end where the data says
        assert title == TREE.nodes[routing.replay(TREE, list(path))[0]].title["nl"], path
    assert outside == []
    assert page.context.cookies() == []


def test_english_route_and_language_switch_to_the_twin(page_factory, site_url):
    page = page_factory(javascript=False)
    _start(page, site_url, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _h1(page) == TREE.nodes[TREE.start].question["en"]
    for answer in ["nee", "misstand", "melden"]:
        _answer(page, answer)
    assert _h1(page) == TREE.nodes["misstand-melden"].title["en"]
    english = urlsplit(page.url).path
    page.hover(".md-header__option .md-select")  # the language list opens on hover or focus
    with page.expect_navigation():
        page.click('a.md-select__link[hreflang="nl"]')
    assert page.locator("html").get_attribute("lang") == "nl"
    assert urlsplit(page.url).path == english.replace("/en/", "/", 1)
    assert _h1(page) == TREE.nodes["misstand-melden"].title["nl"]


def test_keyboard_only_full_path(page_factory, site_url):
    page = page_factory(javascript=True)
    page.goto(site_url + "waar-kan-ik-terecht/")

    def tab_to(selector, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("a.routing-start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for answer in ["nee", "ongewenst-gedrag", "buitenstaander", "aangifte"]:
        # The script focuses the question, so the answers are the next stops.
        assert page.evaluate("document.activeElement.tagName") == "H1"
        tab_to(f'a[data-answer="{answer}"]', limit=12)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert _h1(page) == TREE.nodes["aangifte"].title["nl"]


def test_back_button_previous_question_and_start_again(page_factory, site_url):
    page = page_factory(javascript=False)
    _start(page, site_url)
    first = page.url
    _answer(page, "nee")
    second = page.url
    _answer(page, "werkdruk")
    third = page.url
    _answer(page, "luisteren")  # a shared outcome: also reachable from the behaviour questions
    assert _h1(page) == TREE.nodes["luisteren"].title["nl"]

    page.go_back()
    assert page.url == third and _h1(page) == TREE.nodes["werkdruk-wens"].question["nl"]
    page.go_forward()
    with page.expect_navigation():
        page.click("text=Vorige vraag")
    assert page.url == third, "Vorige vraag must go to the question this path came from"
    with page.expect_navigation():
        page.click("text=Vorige vraag")
    assert page.url == second
    with page.expect_navigation():
        page.click("text=Opnieuw beginnen")
    assert page.url == first and _h1(page) == TREE.nodes[TREE.start].question["nl"]
    assert page.locator("text=Opnieuw beginnen").count() == 0  # pointless on the first question
    with page.expect_navigation():
        page.click(".routing-step__back")
    assert urlsplit(page.url).path.endswith("/waar-kan-ik-terecht/")


def test_shared_question_has_a_back_link_per_path(page_factory, site_url):
    page = page_factory(javascript=False)
    seen = {}
    for who in ["leidinggevende", "collega"]:
        _start(page, site_url)
        for answer in ["nee", "ongewenst-gedrag", who, "advies"]:
            _answer(page, answer)
        seen[who] = page.url
        with page.expect_navigation():
            page.click("text=Vorige vraag")
        with page.expect_navigation():
            page.click("text=Vorige vraag")
        assert _h1(page) == TREE.nodes["wie"].question["nl"]
    assert seen["leidinggevende"] != seen["collega"]


def test_javascript_focuses_the_question_announces_it_and_stores_nothing(page_factory, site_url):
    page = page_factory(javascript=True)
    outside = _watch_requests(page, site_url)
    _start(page, site_url)
    _answer(page, "nee")
    assert page.evaluate("document.activeElement.tagName") == "H1"
    assert page.evaluate("window.scrollY") == 0
    page.wait_for_function("document.querySelector('[data-routing-status]').textContent.length > 0")
    status = page.locator("[data-routing-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "Vraag 2: " + TREE.nodes["onderwerp"].question["nl"]
    for answer in ["thuis"]:
        _answer(page, answer)
    assert page.locator("[data-routing-print]").is_visible()  # print button only with JavaScript
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.context.cookies() == []
    assert outside == []


def test_print_shows_only_the_contact_card_on_one_page(page_factory, site_url):
    page = page_factory(javascript=False)
    _start(page, site_url)
    for answer in ["nee", "conflict"]:
        _answer(page, answer)
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-footer", ".routing-step__back", ".routing-step__actions"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".vp-contact").first.is_visible()
    for step in STEPS:  # every outcome of the example organisation fits on one A4 sheet
        if step.canonical and not step.node.is_question:
            page.goto(f"{site_url}waar-kan-ik-terecht/{step.slug}/", wait_until="domcontentloaded")
            pdf = page.pdf(format="A4")
            assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, step.node.id


def test_steps_fit_a_320_px_screen_with_big_tap_targets(page_factory, site_url):
    page = page_factory(javascript=False, viewport={"width": 320, "height": 640})
    widest = max((s for s in STEPS if s.canonical and not s.node.is_question),
                 key=lambda s: len(s.node.contacts) + len(s.node.helplines))
    for step in (STEPS[0], STEPS[1], widest):
        page.goto(f"{site_url}waar-kan-ik-terecht/{step.slug}/", wait_until="domcontentloaded")
        # Only this component's own boxes: Material's hidden language list overflows on every page.
        overflow = page.evaluate("""() => [...document.querySelectorAll('[data-routing-step] *')]
            .filter(e => e.getBoundingClientRect().right > 320).map(e => e.outerHTML.slice(0, 80))""")
        assert overflow == [], (step.node.id, overflow)
    page.goto(f"{site_url}waar-kan-ik-terecht/{STEPS[0].slug}/", wait_until="domcontentloaded")
    for box in page.eval_on_selector_all(
            ".routing-step__answer", "els => els.map(e => [e.offsetWidth, e.offsetHeight])"):
        assert box[0] >= 250 and box[1] >= 44  # WCAG 2.5.8 asks 24 px; thumbs need more


def test_search_finds_outcomes(page_factory, site_url):
    page = page_factory(javascript=True)
    page.goto(site_url + "waar-kan-ik-terecht/")
    page.fill("input.md-search__input", "klachtencommissie")  # the header search box on a wide screen
    result = page.locator(".md-search-result__link").first
    result.wait_for()
    hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
    canonical = next(s for s in STEPS if s.node.id == "klacht" and s.canonical)
    assert any(f"waar-kan-ik-terecht/{canonical.slug}/" in h for h in hrefs), hrefs


# -- static checks on the built site (no browser needed, but they belong to the same component)

def _step_pages(site):
    return sorted(p for p in site.rglob("stap-*/index.html"))


def test_step_pages_are_neutral_complete_and_out_of_the_nav(site):
    pages = _step_pages(site)
    assert len(pages) == 2 * len(STEPS)
    for path in pages:
        rel = path.parent.relative_to(site).as_posix() + "/"
        assert STEP_PATH.match(rel), rel
        html = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert not TOPIC_WORDS.search(title), (rel, title)
        lang = "en" if rel.startswith("en/") else "nl"
        assert f'<html lang="{lang}"' in html
        for href in re.findall(r'href="([^"]*)"', html):
            assert "?" not in href or href.startswith(("https://", "mailto:")), (rel, href)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "stap-" not in home, "step pages must not appear in the navigation"


def test_outcomes_are_in_the_search_index_and_questions_are_not(site):
    for lang, prefix in [("nl", ""), ("en", "en/")]:
        index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = {d["location"].split("#")[0] for d in index["docs"]}
        for step in STEPS:
            url = f"waar-kan-ik-terecht/{step.slug}/"  # each language's index is relative to its own root
            indexed = step.canonical and not step.node.is_question
            assert (url in locations) == indexed, (lang, step.node.id, step.canonical)


def test_overview_lists_every_route(site):
    html = (site / "waar-kan-ik-terecht" / "overzicht" / "index.html").read_text(encoding="utf-8")
    overview = html[html.index('class="routing-overview"'):]
    for step in STEPS:
        assert f"../stap-{step.slug[5:]}/" in overview, step.node.id
    assert overview.count("<li>") == len(STEPS)


def test_component_budget_is_3kb_gzip():
    data = b"".join((COMPONENT / f"routing-step.{ext}").read_bytes() for ext in ("css", "js"))
    assert len(gzip.compress(data, 9)) <= 3 * 1024
    script = (COMPONENT / "routing-step.js").read_text(encoding="utf-8")
    for forbidden in ("fetch(", "XMLHttpRequest", "localStorage", "sessionStorage", "document.cookie",
                      "sendBeacon", "history.pushState", "location.search"):
        assert forbidden not in script
