"""NL/EN structural parity: a page and its translation have the same headings, level by level,
in the same order, with the same explicit anchor ids, and the same boxes (admonitions such as
`!!! note` and collapsible `??? question` blocks, which the FAQ uses for its questions).

Like FastAPI's translation check (scripts/doc_parsing_utils.py#check_translation), it compares
structure, not words. Equal structure keeps the table of contents, the "same page in the other
language" links and `page#section` links working in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .mdtext import prose_lines
from .problems import Problem, display_path

ATTR_LIST = re.compile(r"\s*\{([^}]*)\}\s*$")


@dataclass(frozen=True)
class Heading:
    level: int          # 1-6 for a heading, 0 for a box
    text: str
    anchor: str | None  # an explicit { #id }, if the heading has one
    line: int
    box: str | None = None  # "??? question", "!!! note": the kind of box

    @property
    def key(self):
        return (self.level, self.anchor, self.box)

    def show(self) -> str:
        if self.box:
            return f'{self.box} "{self.text}"' if self.text else self.box
        return f'{"#" * self.level} {self.text}'

    def describe(self) -> str:
        if self.box:
            return f"box {self.show()}"
        return f"level {self.level} ({'#' * self.level}) heading \"{self.show()}\""

    def markup(self) -> str:
        return f'{self.box} "…" box' if self.box else f"{'#' * self.level} heading"


BOX = re.compile(r'^\s*(!!!|\?\?\?)\+?\s*([\w-]+)?(?:\s+[\w-]+)*\s*(?:"(.*)")?\s*$')


def headings(text: str, *, boxes: bool = False) -> list[Heading]:
    """Headings outside code, comments and front matter, with level and explicit anchor id;
    with boxes=True also admonition and details boxes, in page order."""
    raw = text.split("\n")
    found = []
    for line in prose_lines(text):
        source = raw[line.number - 1]
        if line.kind == "title" and boxes:
            match = BOX.match(source)
            if match:
                marker = match.group(1) + (f" {match.group(2)}" if match.group(2) else "")
                found.append(Heading(0, (match.group(3) or "").strip(), None, line.number, marker))
            continue
        if line.kind != "heading":
            continue
        match = re.match(r"^ {0,3}(#{1,6})\s*(.*?)(\s+#+)?\s*$", source)
        if match:
            level, title = len(match.group(1)), match.group(2)
        else:  # setext: underlined with === (level 1) or --- (level 2)
            underline = raw[line.number].strip() if line.number < len(raw) else "="
            level, title = (1 if underline.startswith("=") else 2), source.strip()
        anchor = None
        attrs = ATTR_LIST.search(title)
        if attrs:
            title = title[:attrs.start()]
            ids = re.findall(r"(?:^|\s)#([\w-]+)", attrs.group(1))
            anchor = ids[0] if ids else None
        found.append(Heading(level, re.sub(r"\s+#+$", "", title).strip(), anchor, line.number))
    return found


def compare(nl_text: str, en_text: str, nl_shown: str, en_shown: str) -> list[Problem]:
    """The first structural difference between a Dutch page and its English twin, reported
    on the English page (translations follow the Dutch original). Later differences are
    often consequences of the first, so one message per page pair keeps the output readable."""
    nl, en = headings(nl_text, boxes=True), headings(en_text, boxes=True)
    a_keys, b_keys = [h.key for h in nl], [h.key for h in en]
    first = next((i for i, (a, b) in enumerate(zip(a_keys, b_keys)) if a != b), min(len(nl), len(en)))
    if first == len(nl) == len(en):
        return []
    # One heading or box left out or added here, with the rest lining up again? Then say that,
    # rather than calling every following one different.
    missing = first < len(nl) and a_keys[first + 1:] == b_keys[first:]
    extra = first < len(en) and a_keys[first:] == b_keys[first + 1:]
    if first < len(nl) and first < len(en) and not missing and not extra:
        a, b = nl[first], en[first]
        if a.box or b.box:
            return [Problem(
                en_shown, b.line,
                f"the English page has the {b.describe()} here, but the Dutch page has the {a.describe()} "
                f"({nl_shown}:{a.line})",
                "give both pages the same headings and boxes (!!! and ??? blocks) in the same order")]
        if a.level != b.level:
            return [Problem(
                en_shown, b.line,
                f'the heading "{b.show()}" is level {b.level} ({"#" * b.level}), but the matching Dutch heading '
                f'"{a.show()}" ({nl_shown}:{a.line}) is level {a.level} ({"#" * a.level})',
                "give both headings the same number of # signs, so both pages have the same structure")]
        return [_anchor_problem(a, b, nl_shown, en_shown)]
    if (missing or extra) and first > 0:
        same = a_keys if missing else b_keys
        if same[first - 1] == same[first]:
            return [_one_more_in_a_row(nl, en, first, missing, nl_shown, en_shown)]
    if first >= len(nl) or extra:
        b = en[first]
        return [Problem(
            en_shown, b.line,
            f"the {b.describe()} has no match at this place in the Dutch page {nl_shown}",
            f"add the same {'box' if b.box else 'heading'} to the Dutch page, or remove it here; both pages "
            "need the same headings and boxes in the same order")]
    a = nl[first]
    if first < len(en):
        line, where = en[first].line, "just above this line"
    elif en:
        line, where = en[-1].line, "below the part that starts on this line"
    else:
        line, where = 1, "to this page"
    return [Problem(
        en_shown, line,
        f"the Dutch {a.describe()} ({nl_shown}:{a.line}) has no match in the English page",
        f"add its translation as a {a.markup()} {where}, or remove it from the Dutch page")]


def _one_more_in_a_row(nl, en, first, missing, nl_shown, en_shown) -> Problem:
    """One page has one more of several identical items in a row (FAQ questions, same-level
    headings). Which one lacks a translation cannot be known without reading both languages,
    so name the whole run in both pages."""
    longer, shorter = (nl, en) if missing else (en, nl)
    start = first
    while start > 0 and longer[start - 1].key == longer[first].key:
        start -= 1
    item = longer[first]
    what = f"{item.box} boxes" if item.box else f"level {item.level} ({'#' * item.level}) headings"
    count = first - start + 1
    long_lines = f"lines {longer[start].line}–{longer[first].line}"
    short_lines = (f"lines {shorter[start].line}–{shorter[first - 1].line}" if first - 1 > start
                   else f"line {shorter[start].line}")
    if missing:
        return Problem(
            en_shown, shorter[first - 1].line,
            f"the Dutch page has {count} {what} in a row ({nl_shown} {long_lines}), this page only "
            f"{count - 1} ({short_lines}): one is not translated",
            "find the Dutch one without an English translation and add its translation at the same place")
    return Problem(
        en_shown, longer[first].line,
        f"this page has {count} {what} in a row ({long_lines}), the Dutch page {nl_shown} only "
        f"{count - 1} ({short_lines}): one has no Dutch original",
        "find the English one without a Dutch original and add it to the Dutch page, or remove it here")


def _anchor_problem(a: Heading, b: Heading, nl_shown: str, en_shown: str) -> Problem:
    if a.anchor and b.anchor:
        what = (f'the heading "{b.show()}" has the anchor id "{b.anchor}", but the matching Dutch heading '
                f'"{a.show()}" ({nl_shown}:{a.line}) has "{a.anchor}"')
        fix = f"use the same {{ #{a.anchor} }} in both languages, so links to this section work in both"
    elif a.anchor:
        what = (f'the heading "{b.show()}" has no anchor id, but the matching Dutch heading "{a.show()}" '
                f'({nl_shown}:{a.line}) has "{a.anchor}"')
        fix = f"add {{ #{a.anchor} }} at the end of this heading, so links to this section work in both languages"
    else:
        what = (f'the heading "{b.show()}" has the anchor id "{b.anchor}", but the matching Dutch heading '
                f'"{a.show()}" ({nl_shown}:{a.line}) has none')
        fix = f"add {{ #{b.anchor} }} to the Dutch heading as well, or remove it here"
    return Problem(en_shown, b.line, what, fix)


# --- Pages and their twins ------------------------------------------------------------------

def pages(docs_dir: Path) -> list[Path]:
    """Markdown pages an editor writes (data files in _data/ are not pages)."""
    return sorted(p for p in Path(docs_dir).rglob("*.md")
                  if not any(part.startswith("_") or part.startswith(".")
                             for part in p.relative_to(docs_dir).parts))


def twin(path: Path) -> Path:
    """docs/x.md <-> docs/x.en.md (mkdocs-static-i18n suffix structure)."""
    name = path.name
    if name.endswith(".en.md"):
        return path.with_name(name[: -len(".en.md")] + ".md")
    return path.with_name(name[: -len(".md")] + ".en.md")


def is_english(path: Path) -> bool:
    return path.name.endswith(".en.md")


def pairs(docs_dir: Path) -> list[tuple[Path, Path]]:
    """(Dutch page, English page) for every page that exists in both languages."""
    return [(p, twin(p)) for p in pages(docs_dir) if not is_english(p) and twin(p).exists()]


def check(page_pairs: list[tuple[Path, Path]], root: Path | None = None) -> list[Problem]:
    """Heading parity for every (Dutch, English) page pair, e.g. pairs(docs_dir)."""
    problems = []
    for nl, en in page_pairs:
        problems += compare(nl.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"),
                            display_path(nl, root), display_path(en, root))
    return problems
