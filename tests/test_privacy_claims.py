"""The privacy page (docs/privacy.md) promises: no cookies, nothing in browser storage, no request to
another host, and search terms never in the URL. Check those promises in a real browser, while
reading, searching and walking the routing tree."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


@pytest.mark.browser
def test_privacy_page_promises_hold(site_url, page_factory):
    page = page_factory(javascript=True)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(site_url + "ongewenst-gedrag/")
    page.locator("input.md-search__input").click()
    page.keyboard.type("pesten ")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert "pesten" not in page.url
    page.goto(site_url + "waar-kan-ik-terecht/")
    page.locator(".routing-step:visible a.routing-step__answer").first.click()
    page.goto(site_url + "en/privacy/")
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("sessionStorage.length") == 0
    assert page.context.cookies() == []
    assert hosts == {urlsplit(site_url).netloc}
