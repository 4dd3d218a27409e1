"""Glossary: load and validate docs/_data/glossary.yml; render the glossary page and the abbreviation
definitions that give abbreviations (VP, PSA, Wbk ...) a tooltip on every page.

Both come from one file, so the glossary and the tooltips never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import entries as entry_checks, yamlfile
from .problems import Problem, ValidationError, display_path

LANGS = ("nl", "en")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "_data" / "glossary.yml"
REQUIRED = ("id", "term", "definition")
ALLOWED = ("id", "term", "definition", "abbreviation", "see", "fact")

ABBR_RE = re.compile(r"^[A-Za-z][A-Za-z0-9&]*$")
HTML_RE = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z]+;|&#\d+;")
SEE_RE = re.compile(r"^[a-z0-9/-]+\.md(#[a-z0-9-]+)?$")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
# A value that is not text is reported as a missing text here (helplines say "is not text").
TEXTS = replace(entry_checks.ENTRY_TEXTS, not_text=None)
NOT_A_TERM = entry_checks.Words("this item is not a term with keys",
                                "write 'id:', 'term:' and 'definition:' under the '-'")
MORE = {"nl": "Meer over {term}", "en": "More about {term}"}


@dataclass(frozen=True)
class Entry:
    id: str
    term: dict
    definition: dict
    abbreviation: str = ""
    see: str = ""
    fact: str = ""   # a fact from facts.yml shown after the definition, with its source and date
    line: int = 0

    def tooltip(self, lang: str) -> str:
        """The abbreviation's expansion; in English the Dutch name is kept too, as readers meet it in real life."""
        text = self.term[lang]
        if lang != "nl" and self.term["nl"].casefold() != text.casefold():
            text += f" ({self.term['nl']})"
        return text


def _text_map(entry, key, report):
    def no_html(text, line, lang):
        if HTML_RE.search(text):
            report(line, f"'{key}' {lang} contains HTML", "write plain text; the site adds the layout itself")

    texts = entry_checks.text_map(entry[key], entry.lines[key], TEXTS, report, no_html, key=key)
    return {lang: " ".join(text.split()) for lang, text in texts.items()}  # a term or definition is one line


def validate(data, shown: str, docs_dir: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    problems: list[Problem] = []
    entries: list[Entry] = []
    if not isinstance(data, list):
        problems.append(Problem(shown, yamlfile.line_of(data), "the file must be a list of terms",
                                "start each term with '- id: ...' (see the example at the top of the file)"))
        return entries, problems
    report = entry_checks.collect(shown, problems)
    ids = entry_checks.Ids(report, entry_checks.ENTRY_IDS, noun="term", example="vertrouwenspersoon")
    first_abbr: dict[str, int] = {}
    for _, at, entry in entry_checks.mappings(data, report, NOT_A_TERM):
        before = len(problems)
        entry_checks.check_keys(entry, at, ALLOWED, REQUIRED, "term", report)
        tid = entry_checks.entry_id(entry, ids)
        texts = {key: _text_map(entry, key, report) for key in ("term", "definition") if key in entry}
        abbr = entry.get("abbreviation", "")
        if "abbreviation" in entry:
            if not isinstance(abbr, str) or not ABBR_RE.match(abbr):
                problems.append(Problem(shown, entry.lines["abbreviation"],
                                        f"the abbreviation '{abbr}' is not a single word",
                                        "write letters (and digits or '&') without spaces or dots, such as RI&E"))
            elif abbr in first_abbr:
                problems.append(Problem(shown, entry.lines["abbreviation"], f"the abbreviation '{abbr}' is used twice",
                                        f"an abbreviation can explain only one term (first on line {first_abbr[abbr]})"))
            else:
                first_abbr[abbr] = entry.lines["abbreviation"]
        see = entry.get("see", "")
        if "see" in entry:
            if not isinstance(see, str) or not SEE_RE.match(see):
                problems.append(Problem(shown, entry.lines["see"], f"'see' must be a page such as 'privacy.md', not '{see}'",
                                        "write the Dutch page's file name, optionally with #anchor"))
            elif docs_dir and not (docs_dir / see.split("#")[0]).is_file():
                problems.append(Problem(shown, entry.lines["see"], f"the page '{see.split('#')[0]}' does not exist",
                                        "check the file name in the docs folder"))
        fact = entry.get("fact", "")
        if "fact" in entry and (not isinstance(fact, str) or not entry_checks.ID_RE.match(fact)):
            problems.append(Problem(shown, entry.lines["fact"], f"'fact' must be the id of a fact, not '{fact}'",
                                    "write the id from docs/_data/facts.yml, such as fact: wetsvoorstel-eerste-kamer"))
        if len(problems) == before:
            entries.append(Entry(id=tid, term=texts["term"], definition=texts["definition"],
                                 abbreviation=str(abbr), see=str(see), fact=str(fact), line=at))
    return entries, problems


def load(path: Path | str | None = None, docs_dir: Path | None = None) -> list[Entry]:
    path = Path(path) if path else DEFAULT_PATH
    if docs_dir is None and path == DEFAULT_PATH:
        docs_dir = DEFAULT_PATH.parent.parent
    entries, problems = validate(yamlfile.load(path), display_path(path), docs_dir)
    problems += _unknown_facts(entries, path)
    if problems:
        raise ValidationError(problems)
    return entries


def _unknown_facts(entries: list[Entry], path: Path) -> list[Problem]:
    """A `fact:` must name a fact in facts.yml beside this file (a broken facts file reports itself)."""
    used = [e for e in entries if e.fact]
    facts_path = path.with_name("facts.yml")
    if not used or not facts_path.exists():
        return [Problem(display_path(path), e.line, f"the fact '{e.fact}' does not exist",
                        "add docs/_data/facts.yml with this fact, or remove 'fact:'") for e in used]
    from . import facts

    try:
        known = facts.load(facts_path).facts
    except ValidationError:
        return []
    data = yamlfile.load(path)
    return [Problem(display_path(path), data[i].lines.get("fact", e.line) if i < len(data) else e.line,
                    f"the fact '{e.fact}' does not exist", "use an id from facts.yml: " + ", ".join(known))
            for i, e in ((next(j for j, item in enumerate(data) if isinstance(item, dict) and item.get("id") == e.id), e)
                         for e in used) if e.fact not in known]


def _md(text: str) -> str:
    """Data is plain text: escape what Markdown would turn into formatting or links."""
    return MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(entries: list[Entry], lang: str, page_src: str = "begrippenlijst.md") -> str:
    """A Markdown definition list, sorted per language; each term has the same (Dutch) id in both languages."""
    depth = page_src.count("/")
    prefix = "../" * depth
    out = []
    for entry in sorted(entries, key=lambda e: e.term[lang].casefold()):
        term = "**" + _md(entry.term[lang]) + (f" ({entry.abbreviation})" if entry.abbreviation else "") + "**"
        out.append(f"{term} {{ #{entry.id} }}")
        text = _md(entry.definition[lang])
        if entry.fact:  # hooks/facts.py replaces the marker with the fact's text and source
            text += f" <!-- fact: {entry.fact} -->"
        if entry.see:
            text += f" [{_md(MORE[lang].format(term=entry.term[lang]))}]({prefix}{entry.see})"
        out.append(f":   {text}")
        out.append("")
    return "\n".join(out)


def abbreviations(entries: list[Entry], lang: str) -> dict[str, str]:
    """{"VP": "vertrouwenspersoon"}: the abbr extension's `glossary` setting for a page in `lang`."""
    return {e.abbreviation: e.tooltip(lang) for e in entries if e.abbreviation}
