"""axe-core on every built page, both languages, JavaScript on: 0 violations for WCAG 2.0/2.1/2.2 A+AA
and best practices. Also with the search dialog open and results shown, and at phone width.
Material's own issues are fixed in overrides/ (see overrides/partials/search.html and
docs/assets/stylesheets/a11y.css), never by switching rules off here."""

from __future__ import annotations

import pytest

from quality import axe_source, describe, page_urls, run_axe
from support import wake

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# A word that is on several pages of each language, so the search shows a list of results.
QUERIES = {"": "vertrouwenspersoon", "en/": "confidential"}


@pytest.fixture(scope="module")
def axe():
    return axe_source()


def _audit(page, axe, url) -> str | None:
    response = page.goto(url)
    assert response is not None and response.status < 400, f"{url}: HTTP {response and response.status}"
    wake(page)  # audit the page as Material's JavaScript leaves it (it starts on the first interaction)
    violations = run_axe(page, axe)
    return f"{url}\n{describe(violations)}" if violations else None


def test_axe_every_page_desktop(browser, site, site_url, axe):
    context = browser.new_context(viewport=DESKTOP)
    # Over 100 pages: an init script (no network either) is about twice as fast as inserting the
    # 560 KB axe source into every page with add_script_tag.
    context.add_init_script(script=axe)
    page = context.new_page()
    failures = [f for url in page_urls(site) if (f := _audit(page, axe, site_url + url))]
    context.close()
    assert not failures, "axe violations:\n" + "\n".join(failures)


def test_axe_page_types_at_phone_width(browser, site, site_url, axe):
    """The phone layout differs (drawer navigation, full-screen search): check one page of each type."""
    urls = [u for u in page_urls(site) if u in ("", "en/", "404.html", "en/404.html", "contact/", "en/contact/")]
    assert len(urls) >= 4, urls
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    failures = [f for url in urls if (f := _audit(page, axe, site_url + url))]
    context.close()
    assert not failures, "axe violations:\n" + "\n".join(failures)


def _open_search(page, query: str):
    # Material opens the dialog when the header's search field gets focus (on phones: the search icon).
    toggle = page.locator("label.md-header__button[for='__search']")
    if toggle.is_visible():
        toggle.click()
    else:
        page.locator(".md-search__input").click()
    page.locator(".md-search__input").type(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["", "en/"], ids=["nl", "en"])
def test_axe_with_search_results_open(browser, site_url, axe, lang, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + lang)
    _open_search(page, QUERIES[lang])
    assert page.locator("[data-md-toggle=search]").is_checked(), "the search dialog did not open"
    page.locator(".md-search-result__link").first.hover()  # the tinted hover/focus state too
    violations = run_axe(page, axe)
    context.close()
    assert not violations, f"axe violations with search open on /{lang}:\n{describe(violations)}"


@pytest.mark.parametrize("lang", ["", "en/"], ids=["nl", "en"])
def test_axe_on_routing_steps_after_answering(browser, site_url, axe, lang):
    """Walk the tree page with JavaScript on (its script moves focus and fills a live region) and
    check each step reached by answering, down to the outcome, with "Jouw antwoorden" opened."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + lang + "waar-kan-ik-terecht/")
    failures, audited, outcome = [], 0, False
    for _ in range(8):  # the first answer of each question, until an outcome
        step = page.locator(".routing-step:visible")
        if audited:
            page.wait_for_function("() => document.querySelector('[data-routing-status]').textContent !== ''")
        if step.locator("details").count():
            step.locator("details summary").click()
        violations = run_axe(page, axe)
        audited += 1
        if violations:
            failures.append(f"{page.url}\n{describe(violations)}")
        answers = step.locator("a.routing-step__answer")
        if not answers.count():
            outcome = True
            break
        page.evaluate("document.querySelector('[data-routing-status]').textContent = ''")
        answers.first.click()
    context.close()
    assert audited >= 2 and outcome, f"walked {audited} steps without reaching an outcome"
    assert not failures, "axe violations on routing steps:\n" + "\n".join(failures)
