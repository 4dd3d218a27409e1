"""The prose a reader sees in a Markdown page, line by line, for spelling and readability checks.

Everything that is not prose (front matter keys, code, HTML, link targets, markers) is blanked
out with spaces rather than removed, so line numbers and columns still match the file an
editor has open and every message can say `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .problems import Problem

# --- Front matter -------------------------------------------------------------------------

# Front matter values that readers see (meta description, title); the rest are settings.
PROSE_KEYS = ("title", "description")


def front_matter_span(lines: list[str]) -> int:
    """Number of lines the front matter block takes (0 if the page has none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0  # not closed: MkDocs treats it as text too


class _NoSuchDate(yaml.constructor.ConstructorError):
    pass


def _timestamp(loader, node):
    """A date, but 2026-02-30 is a message with a line, not a ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _NoSuchDate(None, None, f"'{node.value}' is not a date that exists", node.start_mark) from None


class _Loader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader: the words of its error messages are the ones editors see."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (ten times faster: every page is read once per language in each build);
    any error is read again by _Loader, so the message is worded as before."""


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def front_matter(text: str, shown: str) -> tuple[dict, list[Problem]]:
    """Parse the front matter; a YAML mistake becomes a Problem with the file's own line number.

    MkDocs silently shows broken front matter as page text, so the editor check must say so."""
    lines = text.split("\n")
    span = front_matter_span(lines)
    if not span:
        return {}, []
    block = "\n".join(lines[1:span - 1])
    try:
        try:
            data = yaml.load(block, _FastLoader) or {}
        except yaml.YAMLError:
            data = yaml.load(block, _Loader) or {}  # raises again, in the pure-Python parser's words
    except _NoSuchDate as exc:
        return {}, [Problem(shown, exc.problem_mark.line + 2, f"the page settings between the --- lines cannot be "
                            f"read: {exc.problem}", "write a real date as YYYY-MM-DD, for example 2026-02-28")]
    except yaml.MarkedYAMLError as exc:
        what = (exc.problem or "the YAML cannot be read").strip()
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark:
            # An unclosed quote is found at the end; the line where it was opened is the one to fix.
            mark, what = exc.context_mark, "a text starts with a quote (\" or ') that is never closed"
        elif "flow" in (exc.context or "") and exc.context_mark:
            # `title: [unclosed`: YAML reads [ or { as the start of a list; the fix is on that line.
            mark, what = exc.context_mark, "a text starts with [ or {, which YAML reads as a list that is never closed"
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening ---
        return {}, [Problem(shown, line, f"the page settings between the --- lines cannot be read: {what}",
                            "write each setting as `name: value` on its own line, without tabs; "
                            "put text containing a colon between double quotes")]
    if not isinstance(data, dict):
        return {}, [Problem(shown, 2, "the page settings between the --- lines are not a list of `name: value` lines",
                            "write each setting as `name: value` on its own line")]
    return data, []


def front_matter_lines(text: str) -> dict[str, int]:
    """Line number of each top-level front matter key, for messages about a setting."""
    lines = text.split("\n")
    span = front_matter_span(lines)
    found = {}
    for i in range(1, max(span - 1, 1)):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[i])
        if match:
            found.setdefault(match.group(1), i + 1)
    return found


# --- Blanking non-prose -------------------------------------------------------------------

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$)")
SETEXT_OR_RULE = re.compile(r"^ {0,3}(=+|-+|\*+|_+|(- *){3,}|(\* *){3,})\s*$")
ADMONITION = re.compile(r'^(\s*)(!!!|\?\?\?\+?)\s*[\w-]*(\s+[\w-]+)*\s*(?="|$)')
LIST_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(\s+)")
BLOCKQUOTE = re.compile(r"^(\s*>)+")
FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
ABBR_DEF = re.compile(r"^\*\[([^\]]+)\]:")
LINK_DEF = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*\S+.*$")

INLINE_MASKS = [
    re.compile(r"(`+)(?:(?!\1).)+?\1"),                      # inline code
    re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"),  # (url "title") after link text
    re.compile(r"\]\[[^\]]*\]"),                            # reference link label
    re.compile(r"\[\^[^\]]+\]"),                            # footnote reference
    re.compile(r"<https?://[^>]*>|<[\w.+-]+@[\w.-]+>"),     # autolinks
    re.compile(r"</?[A-Za-z][^>]*>"),                       # HTML tags
    re.compile(r"\bhttps?://\S+|\bwww\.\S+|\b[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # bare URLs and e-mail
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|gov|edu|info|io|uk|de|int)\b(?:/\S*)?"),  # 113.nl
    re.compile(r"\{\s*(?:[:#.]|[\w-]+=)[^}]*\}"),             # attr_list { #id .class } {lang=nl}
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}"),                   # template syntax
    re.compile(r":[a-z0-9_+-]+(?:-[a-z0-9_+]+)+:"),          # emoji/icon shortcodes :material-phone:
    re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);"),           # HTML entities
]


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_match(match: re.Match) -> str:
    return _blank(match.group(0))


@dataclass
class Line:
    number: int   # 1-based line number in the file
    text: str     # the prose on that line, non-prose blanked with spaces
    kind: str     # "text", "heading", "item" (list item), "title" (admonition title), "blank"


def prose_lines(text: str, *, for_reading: bool = False) -> list[Line]:
    """Every line of the page with only reader-visible prose left.

    for_reading=True also drops what is not read as running text: tables, footnotes and
    abbreviation definitions (they would distort a readability score).
    """
    lines = text.split("\n")
    out = [Line(i + 1, line, "text") for i, line in enumerate(lines)]

    # Front matter: keep only values readers see (description), blank keys and settings.
    span = front_matter_span(lines)
    keep_value = False
    for i in range(span):
        line = lines[i]
        match = re.match(r"^([A-Za-z_][\w-]*)(\s*:\s*)(.*)$", line)
        if 0 < i < span - 1 and match and not for_reading:
            keep_value = match.group(1) in PROSE_KEYS
            if keep_value:
                value = match.group(3)
                prefix = len(match.group(1)) + len(match.group(2))
                value = re.sub(r"^[\"'>|]+|[\"']+$", lambda m: _blank(m.group(0)), value)
                out[i] = Line(i + 1, " " * prefix + value, "text")
                continue
        elif 0 < i < span - 1 and line[:1].isspace() and keep_value and not for_reading:
            continue  # continuation of a kept value
        else:
            keep_value = False
        out[i] = Line(i + 1, "", "blank")

    # Fenced code blocks (also inside admonitions, where they are indented).
    fence = None
    for i in range(span, len(lines)):
        match = FENCE.match(lines[i])
        if fence is None and match:
            fence = match.group(2)
            out[i] = Line(i + 1, "", "blank")
        elif fence is not None:
            out[i] = Line(i + 1, "", "blank")
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                    and not lines[i][match.end():].strip():
                fence = None

    # HTML comments may span lines: blank them in the joined text, keeping newlines.
    joined = "\n".join(line.text for line in out)
    joined = re.sub(r"<!--.*?(-->|$)", _blank_match, joined, flags=re.S)
    for line, blanked in zip(out, joined.split("\n")):
        line.text = blanked

    # Tables: a row with pipes followed by a separator row, and the rows after it.
    in_table = False
    for i in range(span, len(out)):
        line = out[i].text
        starts = "|" in line and i + 1 < len(out) and SEPARATOR_ROW.match(out[i + 1].text)
        if starts or (in_table and "|" in line):
            in_table = True
            if for_reading or SEPARATOR_ROW.match(line):
                out[i].text = ""
            else:
                out[i].text = line.replace("|", " ")
        else:
            in_table = False

    in_note = False
    for i in range(span, len(out)):
        item = out[i]
        line = item.text
        if not line.strip():
            item.kind = "blank"
            continue  # a blank line does not end a footnote: its next paragraph is indented
        continues_note = in_note and line[:1].isspace()
        in_note = continues_note or bool(FOOTNOTE_DEF.match(line))
        if for_reading and (in_note or ABBR_DEF.match(line)):
            item.text, item.kind = "", "blank"
            continue
        if LINK_DEF.match(line) or SETEXT_OR_RULE.match(line):
            item.text, item.kind = "", "blank"
            continue
        if continues_note:
            pass  # footnote text: prose, still needs the inline masks below
        elif FOOTNOTE_DEF.match(line):
            line = FOOTNOTE_DEF.sub(_blank_match, line)
        elif ABBR_DEF.match(line):
            line = ABBR_DEF.sub(_blank_match, line)
        elif HEADING.match(line):
            item.kind = "heading"
            line = HEADING.sub(_blank_match, line)
            line = re.sub(r"\s#+\s*$", _blank_match, line)
        elif ADMONITION.match(line):
            item.kind = "title"
            line = ADMONITION.sub(_blank_match, line).replace('"', " ")
        else:
            line = BLOCKQUOTE.sub(_blank_match, line)
            marker = LIST_MARKER.match(line)
            if marker:
                item.kind = "item"
                line = LIST_MARKER.sub(_blank_match, line)
                line = re.sub(r"^(\s*)\[[ xX]\]", _blank_match, line)  # task list box
        for pattern in INLINE_MASKS:
            line = pattern.sub(_blank_match, line)
        # Link and image brackets: keep the text between them.
        line = re.sub(r"!?\[|\]", " ", line)
        item.text = line
        if not line.strip():
            item.kind = "blank"
    # A heading underlined with === or --- (setext): the line above is the heading.
    for i in range(span + 1, len(lines)):
        if re.match(r"^ {0,3}(=+|-+)\s*$", lines[i]) and out[i - 1].kind == "text" \
                and (i - 2 < span or out[i - 2].kind == "blank"):
            out[i - 1].kind = "heading"
    return out


# --- Sentences for readability ------------------------------------------------------------

@dataclass
class Block:
    line: int   # where the block starts, for messages
    text: str   # one heading, list item or paragraph, ending in a full stop


def blocks(text: str) -> list[Block]:
    """Headings, list items, admonition titles and paragraphs as separate blocks.

    Headings and list items rarely end in a full stop; without one they would be counted as
    part of the next sentence and make every page look harder than it is."""
    found: list[Block] = []
    current: Block | None = None
    for line in prose_lines(text, for_reading=True):
        words = " ".join(re.sub(r"[*_~]+", "", line.text).split())  # emphasis markers
        words = re.sub(r"\s+(?=[.,!?;:])", "", words)  # "ons ." after a blanked link target
        if line.kind == "blank" or not words:
            current = None
            continue
        if line.kind in ("heading", "title", "item") or current is None:
            current = Block(line.number, words)
            found.append(current)
            if line.kind in ("heading", "title"):
                current = None  # a heading never continues on the next line
        else:
            current.text += " " + words
    for block in found:
        if not re.search(r"[.!?]['\")\]]*$", block.text):
            block.text += "."
    return found
