"""The core guide pages keep the promises of the content rules (issue 3): every page has a meta
description and a review date, every cited source is defined and dated, legal pages show an
"as of" date that matches their review date, and the law page says up front that a VP is not
mandatory. Heading parity and readability are checked by the editor check (vpgids)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

DOCS = Path(__file__).resolve().parent.parent / "docs"

CORE = ["index", "wat-doet-een-vertrouwenspersoon", "wat-doet-een-vertrouwenspersoon-niet",
        "vertrouwelijkheid", "intern-of-extern", "wat-zegt-de-wet", "voor-werkgevers", "over-deze-site"]
# Pages whose subject is the law: they must say how current they are, in the reader's language.
LEGAL = ["vertrouwelijkheid", "wat-zegt-de-wet", "voor-werkgevers"]
MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
AS_OF = {"nl": "Stand van zaken: {}", "en": "As of {}"}

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:", re.M)
FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\](?!:)")

PAGES = [(slug, lang) for slug in CORE for lang in ("nl", "en")]


def _path(slug: str, lang: str) -> Path:
    return DOCS / (f"{slug}.md" if lang == "nl" else f"{slug}.en.md")


def _split(slug: str, lang: str) -> tuple[dict, str]:
    text = _path(slug, lang).read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    assert match, f"{_path(slug, lang).name}: no front matter"
    return yaml.safe_load(match.group(1)), text[match.end():]


def _long_date(date: dt.date, lang: str) -> str:
    return f"{date.day} {MONTHS[lang][date.month - 1]} {date.year}"


@pytest.mark.parametrize("slug,lang", PAGES)
def test_front_matter_has_description_and_review_date(slug, lang):
    meta, _ = _split(slug, lang)
    description = meta.get("description")
    assert isinstance(description, str) and 40 <= len(description) <= 220, \
        f"{_path(slug, lang).name}: description must be one sentence of 40-220 characters"
    assert "\n" not in description.strip()
    assert isinstance(meta.get("reviewed"), dt.date), f"{_path(slug, lang).name}: reviewed: YYYY-MM-DD"


@pytest.mark.parametrize("slug,lang", PAGES)
def test_every_citation_is_defined_used_and_listed_with_a_date(slug, lang):
    meta, body = _split(slug, lang)
    defined = FOOTNOTE_DEF.findall(body)
    used = set(FOOTNOTE_REF.findall(FOOTNOTE_DEF.sub("", body)))
    name = _path(slug, lang).name
    assert len(defined) == len(set(defined)), f"{name}: a footnote is defined twice"
    assert used <= set(defined), f"{name}: cited but not defined: {sorted(used - set(defined))}"
    assert set(defined) <= used, f"{name}: defined but never cited: {sorted(set(defined) - used)}"
    if defined:
        sources = meta.get("sources")
        assert isinstance(sources, list) and sources, f"{name}: a page with citations lists its sources"
        for source in sources:
            assert {"title", "publisher", "date"} <= set(source), f"{name}: {source} needs title, publisher, date"
            assert all(str(source[key]).strip() for key in ("title", "publisher", "date")), f"{name}: {source}"


def test_twins_cite_the_same_sources():
    # The English page is a translation, not a different argument: same footnotes, same count of sources.
    for slug in CORE:
        nl_meta, nl_body = _split(slug, "nl")
        en_meta, en_body = _split(slug, "en")
        assert FOOTNOTE_DEF.findall(nl_body) == FOOTNOTE_DEF.findall(en_body), slug
        assert len(nl_meta.get("sources", [])) == len(en_meta.get("sources", [])), slug


@pytest.mark.parametrize("slug,lang", [(s, lang) for s in LEGAL for lang in ("nl", "en")])
def test_legal_pages_show_an_as_of_date_that_matches_the_review(slug, lang):
    meta, body = _split(slug, lang)
    line = AS_OF[lang].format(_long_date(meta["reviewed"], lang))
    head = body.split("\n## ", 1)[0]
    assert line in head, f"{_path(slug, lang).name}: put '{line}' above the first section"


@pytest.mark.parametrize("lang,phrase", [("nl", "niet verplicht volgens de wet"),
                                          ("en", "not required by law")])
def test_law_page_says_first_that_a_vp_is_not_mandatory(site, lang, phrase):
    # Principle 5: it must be impossible to read the law page as "a VP is mandatory". The sentence may
    # come from the facts file (<!-- fact: ... -->), so this reads the built page, before its first section.
    html = (site / ("en/" if lang == "en" else "") / "wat-zegt-de-wet" / "index.html").read_text(encoding="utf-8")
    article = html.split('class="md-content__inner', 1)[1]
    head = re.sub(r"<[^>]+>", "", article.split("<h2", 1)[0])
    assert phrase in head, f"wat-zegt-de-wet: say '{phrase}' before the first section"


def test_built_pages_have_no_unresolved_footnotes(site):
    for slug in CORE:
        for prefix in ("", "en/"):
            page = site / prefix / ("" if slug == "index" else slug) / "index.html"
            html = page.read_text(encoding="utf-8")
            assert "[^" not in html, f"{page}: a footnote reference was not resolved"
            assert 'class="footnote"' in html or slug in ("over-deze-site",), f"{page}: sources not rendered"
