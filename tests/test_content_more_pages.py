"""The content-more pages: complete in both languages, same heading structure, sourced, plain language."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
import yaml

from readability_measure import article_text, flesch_douma, flesch_english
from support import ROOT

PAGES = ["hulplijnen", "ongewenst-gedrag", "integriteit-en-misstanden", "veelgestelde-vragen", "begrippenlijst",
         "toegankelijkheid", "privacy"]
LEGAL = {"hulplijnen", "ongewenst-gedrag", "integriteit-en-misstanden", "veelgestelde-vragen"}
SOURCED = LEGAL | {"begrippenlijst"}  # the glossary's text is data: sources in front matter, no footnotes
MIN_SCORE = 60


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path.name}: no front matter"
    return yaml.safe_load(match.group(1)), text[match.end():]


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self.inside = [], 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.inside = 1
        elif self.inside and re.fullmatch(r"h[1-6]", tag):
            self.found.append((tag, dict(attrs).get("id") if tag != "h1" else None))


def headings(html):
    parser = _Headings()
    parser.feed(html)
    return parser.found


def built(site, slug, lang):
    return (site / ("en" if lang == "en" else "") / slug / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", PAGES)
def test_front_matter_and_no_placeholder(slug):
    for name in (f"{slug}.md", f"{slug}.en.md"):
        meta, body = front_matter(ROOT / "docs" / name)
        assert len(meta.get("description", "")) >= 50, f"{name}: description missing or too short"
        # Any real date up to today: editors bump it (./check says when it is old).
        assert isinstance(meta.get("reviewed"), dt.date) and meta["reviewed"] <= dt.date.today(), f"{name}: reviewed"
        assert "wordt nog geschreven" not in body and "being written" not in body, f"{name}: still a placeholder"
        assert "style=" not in body, f"{name}: inline style"
        if slug in SOURCED:
            sources = meta.get("sources")
            assert sources and all({"title", "publisher", "date"} <= set(s) for s in sources), f"{name}: sources"
        if slug in LEGAL:
            assert re.search(r"^\[\^[\w-]+\]: ", body, re.M), f"{name}: no footnote with a source"
            assert all(re.search(r"(Stand|As of):? \d", note) for note in re.findall(r"^\[\^[\w-]+\]: .*$", body, re.M)), \
                f"{name}: every footnote needs an 'as of' date"


@pytest.mark.parametrize("slug", PAGES)
def test_same_heading_structure(site, slug):
    nl, en = headings(built(site, slug, "nl")), headings(built(site, slug, "en"))
    assert nl == en


@pytest.mark.parametrize("slug", PAGES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_plain_language(site, slug, lang):
    text = article_text(built(site, slug, lang))
    score = flesch_douma(text) if lang == "nl" else flesch_english(text)
    assert score >= MIN_SCORE, f"{slug} ({lang}) reads at {score:.1f}, below {MIN_SCORE}: use shorter sentences and words"


def test_readability_measure_can_fail():
    hard = ("Overeenkomstig de toepasselijke wettelijke bepalingen dient de werkgever, teneinde psychosociale "
            "arbeidsbelasting te voorkomen dan wel te beperken, een samenhangend beleid te formuleren.")
    assert flesch_douma(hard) < MIN_SCORE
    assert flesch_english("Notwithstanding the aforementioned considerations, organisational responsibilities "
                          "regarding psychosocial occupational hazards necessitate comprehensive documentation.") < MIN_SCORE


# The accessibility statement may only name a test the project really has. Each claim (a bold item
# under "Hoe testen we de site?") needs test code that contains its marker.
STATEMENT_TESTS = {
    "axe-core": ("axe",),
    "Nu Html Checker": ("vnu",),
    "Toetsenbord": ('press("Tab")', "press('Tab')"),
    "Klein scherm": ('"width": 320', "width=320", "'width': 320"),
    "Zonder JavaScript": ("javascript=False", '"javascript", [True, False]'),
    "Grootte van knoppen en links": ("MIN_TARGET = 24",),
}
STATEMENT_TESTS.update({"Keyboard": STATEMENT_TESTS["Toetsenbord"], "Small screen": STATEMENT_TESTS["Klein scherm"],
                        "Without JavaScript": STATEMENT_TESTS["Zonder JavaScript"],
                        "Size of buttons and links": STATEMENT_TESTS["Grootte van knoppen en links"]})


@pytest.mark.parametrize("name", ["toegankelijkheid.md", "toegankelijkheid.en.md"])
def test_accessibility_statement_names_only_real_tests(name):
    from support import ROOT as root
    body = front_matter(root / "docs" / name)[1]
    section = body.split("{#testen}")[1].split("\n## ")[0]
    claimed = re.findall(r"^- \*\*(.+?)\.\*\*", section, re.M)
    assert claimed, "the statement lists no tests"
    code = "\n".join(p.read_text(encoding="utf-8") for p in (root / "tests").glob("test_*.py")
                     if p.name != "test_content_more_pages.py")
    for claim in claimed:
        markers = STATEMENT_TESTS.get(claim)
        assert markers, f"{name} names '{claim}': add it to STATEMENT_TESTS with a marker"
        assert any(m in code for m in markers), f"{name} claims '{claim}' but no test does it"
