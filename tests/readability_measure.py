"""Plain-language scores for built pages: Flesch-Douma (Dutch, textstat) and Flesch reading ease
(English, syllables from pyphen, because textstat's English mode downloads a dictionary at run time).

We score what a reader sees: the article text of the built HTML, cards and generated glossary included.
Each block (heading, list item, table cell, term) counts as its own sentence, so a heading without a full
stop does not glue itself onto the next sentence. Footnotes (source lists) and permalink signs are left out.

Run as a script to print the scores of built pages: python tests/readability_measure.py SITE_DIR [slug ...]
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from vpgids import readability

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "summary", "blockquote",
          "div", "section", "details", "tr"}
SKIP_CLASSES = {"footnote", "headerlink", "md-source-file", "md-content__button"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


class _ArticleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # >0 while inside the article
        self.skip = 0           # >0 while inside a skipped element
        self.stack: list[tuple[str, bool, bool]] = []
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            if not re.search(r"[.!?:]$", text):
                text += "."
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        in_article = tag == "article" and "md-content__inner" in classes
        skipped = bool(classes & SKIP_CLASSES) or tag in ("script", "style", "svg")
        self.stack.append((tag, in_article, skipped))
        self.depth += in_article
        self.skip += skipped
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            name, in_article, skipped = self.stack.pop()
            self.depth -= in_article
            self.skip -= skipped
            if name in BLOCKS:
                self._flush()
            if name == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.current.append(data)


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    parser._flush()
    return "\n".join(parser.blocks)


# One formula for the whole project: the editors' check's (vpgids.readability). This file only
# extracts what a reader sees in the built page (cards and generated glossary included).
flesch_douma = readability.dutch_score
flesch_english = readability.english_score


def score_page(site: Path, slug: str, lang: str) -> float:
    path = site / ("en" if lang == "en" else "") / slug / "index.html"
    text = article_text(path.read_text(encoding="utf-8"))
    return flesch_douma(text) if lang == "nl" else flesch_english(text)


if __name__ == "__main__":
    site = Path(sys.argv[1])
    slugs = sys.argv[2:] or sorted(p.parent.name for p in site.glob("*/index.html") if p.parent.name != "en")
    for slug in slugs:
        print(f"{slug:40} nl {score_page(site, slug, 'nl'):6.1f}   en {score_page(site, slug, 'en'):6.1f}")
