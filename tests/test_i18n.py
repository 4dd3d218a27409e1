"""Both languages are complete and correctly labelled, and the build refuses one-language pages."""

from __future__ import annotations

import posixpath
import re

import pytest

from support import build, copy_project, html_pages, language_of, page_url

LANG_ATTR = re.compile(r'<html lang="([a-z-]+)"')
SWITCH = re.compile(r'<a href="([^"]*)" hreflang="([a-z-]+)" class="md-select__link">')


def test_both_languages_have_the_same_pages(site):
    pages = [page_url(site, p) for p in html_pages(site)]
    dutch = {u for u in pages if not u.startswith("en/")}
    english = {u[3:] for u in pages if u.startswith("en/")}
    assert dutch == english
    assert len(dutch) >= 18


def test_every_page_declares_its_language(site):
    wrong = []
    for page in html_pages(site):
        found = LANG_ATTR.search(page.read_text(encoding="utf-8"))
        if not found or found.group(1) != language_of(site, page):
            wrong.append((page_url(site, page), found and found.group(1)))
    assert not wrong


def test_language_switch_points_at_the_twin(site):
    checked = 0
    for page in html_pages(site):
        url = page_url(site, page)
        if url.endswith("404.html"):
            continue
        links = dict((lang, href) for href, lang in SWITCH.findall(page.read_text(encoding="utf-8")))
        assert set(links) == {"nl", "en"}, url
        twin = url[3:] if url.startswith("en/") else "en/" + url
        for lang, href in links.items():
            assert not href.startswith(("/", "http")), f"{url}: absolute language link {href} breaks under a sub-path"
            target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + url + "x"), href)).lstrip("/")
            expected = (twin if lang != language_of(site, page) else url).rstrip("/")
            assert target == expected or (target in (".", "") and expected == ""), (url, lang, href)
            checked += 1
    assert checked >= 70


def test_each_language_has_its_own_404(site):
    dutch, english = (site / "404.html").read_text(), (site / "en" / "404.html").read_text()
    assert '<html lang="nl"' in dutch and '<html lang="en"' in english
    # 404 pages are served at any URL, so their links are absolute from site_url's path.
    for html in (dutch, english):
        links = dict((lang, href) for href, lang in SWITCH.findall(html))
        assert links == {"nl": "/vertrouwenspersoon/", "en": "/vertrouwenspersoon/en/"}


def test_search_index_per_language(site):
    import json

    dutch = json.loads((site / "search" / "search_index.json").read_text())
    english = json.loads((site / "en" / "search" / "search_index.json").read_text())
    assert dutch["config"]["lang"] == ["nl"] and english["config"]["lang"] == ["en"]
    assert dutch["docs"] and english["docs"]
    assert not any(d["location"].startswith("en/") for d in dutch["docs"] + english["docs"])
    en_page = (site / "en" / "contact" / "index.html").read_text()
    assert '"base": "../../en/"' in en_page


def test_no_alternate_links_that_make_material_probe_sitemaps(site):
    for page in html_pages(site):
        assert 'rel="alternate" href' not in page.read_text(encoding="utf-8"), page


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def _build_fails(project, tmp_path, *needles):
    proc = build(tmp_path / "out", cwd=project, config=project / "mkdocs.yml", check=False)
    assert proc.returncode != 0, "the build should have failed"
    for needle in needles:
        assert needle in proc.stdout, proc.stdout
    return proc.stdout


def test_build_fails_on_a_page_in_one_language_only(project, tmp_path):
    (project / "docs" / "privacy.en.md").unlink()
    _build_fails(project, tmp_path, "docs/privacy.md:1: this page has no 'en' translation — add docs/privacy.en.md")


def test_build_fails_on_an_english_page_without_dutch_original(project, tmp_path):
    (project / "docs" / "extra.en.md").write_text("# Extra\n")
    _build_fails(project, tmp_path, "docs/extra.en.md:1: there is no Dutch page extra.md")


def test_build_fails_on_an_untranslated_menu_title(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Contact: contact.md", "  - Contactgegevens: contact.md"))
    _build_fails(project, tmp_path, "the menu title 'Contactgegevens' has no translation")


@pytest.mark.parametrize("page", ["privacy.md", "privacy.en.md"])
def test_build_fails_on_a_broken_link_in_either_language(project, tmp_path, page):
    path = project / "docs" / page
    path.write_text(path.read_text() + "\n[kapot](bestaat-niet.md)\n")
    _build_fails(project, tmp_path, page, "bestaat-niet.md")


@pytest.mark.parametrize("page", ["privacy.md", "privacy.en.md"])
def test_build_fails_on_a_broken_anchor_in_either_language(project, tmp_path, page):
    path = project / "docs" / page
    path.write_text(path.read_text() + "\n[kapot](contact.md#geen-anker)\n")
    _build_fails(project, tmp_path, page, "geen-anker")
