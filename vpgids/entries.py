"""Checks shared by the data files (helplines, glossary, organisation, routing tree): a list of
mappings, unknown keys, ids, and texts given in Dutch and English.

Each check is written once here; each file passes its own words, because editors (and the
tests) know every file's messages as they are. A check reports through `report(line, message,
fix)`, so a validator can collect problems however it likes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .problems import Problem

Report = Callable[[int, str, str], None]  # (line, message, fix)

LANGS = ("nl", "en")
LANGUAGE = {"nl": "Dutch", "en": "English"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Words:
    """A message and its fix, with {placeholders} the check fills in."""

    message: str
    fix: str

    def format(self, **names) -> tuple[str, str]:
        return self.message.format(**names), self.fix.format(**names)


def collect(shown: str, problems: list[Problem]) -> Report:
    """A report function for validators that keep a plain list of problems."""
    return lambda line, message, fix: problems.append(Problem(shown, line, message, fix))


def mappings(items, report: Report, not_a_mapping: Words, **names) -> Iterator[tuple[int, int, dict]]:
    """(index, line, item) for every item of a YAML list that is a mapping; any other item is
    reported at its line ({n} is its 1-based position) and skipped."""
    for index, item in enumerate(items):
        line = items.lines[index]
        if isinstance(item, dict):
            yield index, line, item
        else:
            report(line, *not_a_mapping.format(n=index + 1, **names))


UNKNOWN_KEY = Words("unknown key '{key}'", "use only: {allowed} (check the spelling)")


def unknown_keys(mapping, allowed, report: Report, words: Words = UNKNOWN_KEY, **names) -> None:
    """Each key not in `allowed`, at its own line ({allowed} lists them in the order given)."""
    for key in mapping:
        if key not in allowed:
            report(mapping.lines[key], *words.format(key=key, allowed=", ".join(allowed), **names))


@dataclass(frozen=True)
class IdWords:
    bad: Words    # {id}: not a simple name
    twice: Words  # {id}, {first}: the line where it was first used


class Ids:
    """The ids of one list: each a simple name, none used twice. A repeat names the line of the
    first use, so only well-formed ids are remembered."""

    def __init__(self, report: Report, words: IdWords, pattern: re.Pattern = ID_RE, **names):
        self.report, self.words, self.pattern, self.names = report, words, pattern, names
        self.first_line: dict[str, int] = {}

    def check(self, value: str, line: int) -> bool:
        if not self.pattern.match(value):
            self.report(line, *self.words.bad.format(id=value, **self.names))
        elif value in self.first_line:
            self.report(line, *self.words.twice.format(id=value, first=self.first_line[value], **self.names))
        else:
            self.first_line[value] = line
            return True
        return False


@dataclass(frozen=True)
class TextWords:
    """How a file words the problems of a {nl, en} text. Besides the caller's own placeholders
    (such as {key}), {lang} is the language code and {language} its English name."""

    not_a_map: Words
    unknown_language: Words
    missing: Words  # also an empty text
    not_text: Words | None = None  # None: a value that is not text counts as missing


def text_map(value, at: int, words: TextWords, report: Report,
             check: Callable[[str, int, str], None] | None = None, **names) -> dict[str, str]:
    """The stripped texts of a {nl, en} mapping found at line `at`; both languages must be there.
    `check(text, line, lang)` applies the file's own rules (HTML, links) to each text found."""
    if not isinstance(value, dict):
        report(at, *words.not_a_map.format(**names))
        return {}
    for lang in value:
        if lang not in LANGS:
            report(value.lines[lang], *words.unknown_language.format(lang=lang, **names))
    out = {}
    for lang in LANGS:
        text = value.get(lang)
        said = {"lang": lang, "language": LANGUAGE[lang], **names}
        if isinstance(text, str) and text.strip():
            if check:
                check(text, value.lines[lang], lang)
            out[lang] = text.strip()
        elif text is None or isinstance(text, str) or words.not_text is None:
            report(value.lines.get(lang, at), *words.missing.format(**said))
        else:
            report(value.lines[lang], *words.not_text.format(**said))
    return out


# The words of the files that are a plain list of entries with an id (helplines, glossary).
ENTRY_IDS = IdWords(
    bad=Words("the id '{id}' is not a simple name", "use lowercase letters, digits and hyphens, such as '{example}'"),
    twice=Words("the id '{id}' is used twice", "give each {noun} its own id (first used on line {first})"),
)
ENTRY_TEXTS = TextWords(
    not_a_map=Words("'{key}' must have a Dutch and an English text",
                    "write it as two lines under '{key}:', one starting 'nl: ' and one 'en: '"),
    unknown_language=Words("'{key}' has an unknown language '{lang}'", "use only 'nl' (Dutch) and 'en' (English)"),
    missing=Words("'{key}' has no {language} ({lang}) text", "add a line '{lang}: ...' under '{key}:'"),
    not_text=Words("'{key}' {lang} is not text", "put the text in quotes"),
)


def check_keys(entry, at: int, allowed, required, noun: str, report: Report) -> None:
    unknown_keys(entry, allowed, report)
    for key in required:
        if key not in entry:
            report(at, f"the {noun} has no '{key}'", f"add '{key}:'")


def entry_id(entry, ids: Ids) -> str:
    """The entry's id as text ('' when it has none, which check_keys reports)."""
    if "id" not in entry:
        return ""
    value = str(entry["id"])
    ids.check(value, entry.lines["id"])
    return value
