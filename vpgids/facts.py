"""Facts: load and validate docs/_data/facts.yml; render one fact, with its source and the source's date.

A legal or organisational fact (a bill's status, a threshold, a date a law took effect) is written
once, in the data file, and pages, the glossary and the routing tree embed it by id. So updating the
status of bill 35592 is a one-line change, and every place says the same.

What a reader sees next to a fact is where it comes from and how old that is ("volgens de LVV,
augustus 2025"), never today's date. "Gecontroleerd op" appears only when the fact has
`verified: {by:, on:}`, that is, when someone really checked the live source on that day.

The source parts (a source's publisher and date, a `verified:` record) are shared with the helplines,
whose numbers and hours are facts of the same kind.

Other renderers (the routing tree's outcomes) call `render_fact(fact_id, locale)`: escaped inline HTML
with the same text and sources. hooks/facts.py validates the file once per build (on_pre_build) and
shares it; outside a build the default file is loaded. An unknown id raises KeyError naming it, so a
validator can turn it into a file:line message (check ids against `load().facts`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import entries as entry_checks, yamlfile
from .mdtext import front_matter_span, prose_lines
from .problems import Problem, ValidationError, display_path

LANGS = ("nl", "en")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "_data" / "facts.yml"
CONFIDENCE = ("high", "medium", "low")

SOURCE_KEYS = ("id", "title", "publisher", "date", "url")
SOURCE_REQUIRED = ("id", "title", "publisher", "date")
FACT_KEYS = ("id", "text", "sources", "confidence", "stand_van", "volatile", "verified")
FACT_REQUIRED = ("id", "text", "sources", "confidence", "stand_van")
VERIFIED_KEYS = ("by", "on")

# `<!-- fact: id -->` in a page, a glossary definition or a routing outcome becomes the fact's text and source.
MARKER = re.compile(r"<!--\s*fact:\s*([^\s>]*)\s*-->")
HTML_RE = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z]+;|&#\d+;")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
UNDATED = "undated"

MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
WORDS = {
    "nl": {"according": "volgens", "undated": "zonder datum", "verified": "gecontroleerd op {on} door {by}",
           "and": "; "},
    "en": {"according": "according to", "undated": "undated", "verified": "checked on {on} by {by}",
           "and": "; "},
}
DATE_FIX = "write the date of the source as YYYY-MM-DD, YYYY-MM or YYYY, such as 2025-08-28"


# --------------------------------------------------------------------------- dates and sources


@dataclass(frozen=True)
class SourceDate:
    """The date printed on a source, as exact as the source is: a day, a month or only a year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date can mean: "2025" may be December 2025 (the benefit of the doubt)."""
        if self.day:
            return self.earliest
        month = self.month or 12
        after = dt.date(self.year + (month == 12), month % 12 + 1, 1)
        return after - dt.timedelta(days=1)

    def iso(self) -> str:
        return "-".join(str(part).zfill(2) for part in (self.year, self.month, self.day) if part)

    def format(self, lang: str) -> str:
        """Month and year at most ("augustus 2025"): what a reader needs to judge how old it is."""
        return f"{MONTHS[lang][self.month - 1]} {self.year}" if self.month else str(self.year)


def format_day(date: dt.date, lang: str) -> str:
    return f"{date.day} {MONTHS[lang][date.month - 1]} {date.year}"


def parse_date(value) -> SourceDate | None:
    """A YAML date (2025-08-28), 'YYYY-MM' or a year; None if it is none of these."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return SourceDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2999:
        return SourceDate(value)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
        if match and 1800 <= int(match.group(1)) <= 2999 and (not match.group(2) or 1 <= int(match.group(2)) <= 12):
            return SourceDate(int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    return None


@dataclass(frozen=True)
class Source:
    publisher: dict            # {nl, en}: "de LVV" / "the LVV"
    date: SourceDate | None    # None: the source has no date (allowed for helplines only)
    title: dict = field(default_factory=dict)
    url: str = ""
    id: str = ""
    line: int = 0

    def cite(self, lang: str) -> str:
        when = self.date.format(lang) if self.date else WORDS[lang]["undated"]
        return f"{self.publisher[lang]}, {when}"


@dataclass(frozen=True)
class Verified:
    by: str
    on: dt.date
    line: int = 0


def _plain(text: str) -> bool:
    return not HTML_RE.search(text)


def text_or_map(entry, key, report) -> dict:
    """A text the same in both languages ("PuntUit"), or {nl, en} when it has words ("de LVV")."""
    value = entry[key]
    line = entry.lines[key]
    if isinstance(value, dict):
        def no_html(text, at, lang):
            if not _plain(text):
                report(at, f"'{key}' {lang} contains HTML", "write plain text; the site adds the layout itself")
        texts = entry_checks.text_map(value, line, entry_checks.ENTRY_TEXTS, report, no_html, key=key)
        return {lang: " ".join(text.split()) for lang, text in texts.items()}
    if not isinstance(value, (str, int)) or not str(value).strip():
        report(line, f"'{key}' is empty", f"write the {key} as text, or as 'nl:' and 'en:' lines")
        return {}
    if not _plain(str(value)):
        report(line, f"'{key}' contains HTML", "write plain text; the site adds the layout itself")
        return {}
    return {lang: " ".join(str(value).split()) for lang in LANGS}


def source_date(entry, report, *, allow_undated: bool) -> tuple[bool, SourceDate | None]:
    """(ok, date) for an entry's `date:`; `date: undated` only where allowed."""
    value, line = entry["date"], entry.lines["date"]
    if allow_undated and value == UNDATED:
        return True, None
    parsed = parse_date(value)
    if parsed is None:
        fix = DATE_FIX + (", or 'undated' if the source has no date" if allow_undated else
                          "; a fact needs a dated source (the date printed on the page or document)")
        report(line, f"the date '{value}' of this source is not a date", fix)
        return False, None
    return True, parsed


def verified(entry, report) -> Verified | None:
    """`verified: {by: name, on: YYYY-MM-DD}`: someone checked the live source on that day."""
    value, line = entry["verified"], entry.lines["verified"]
    if not isinstance(value, dict):
        report(line, "'verified' must have 'by:' and 'on:'",
               "write verified: {by: your name or team, on: YYYY-MM-DD}, or leave it out if nobody checked")
        return None
    before = [0]

    def counting(at, message, fix):
        before[0] += 1
        report(at, message, fix)

    if True in value and "on" not in value:  # YAML 1.1 reads a bare `on:` key as the boolean true
        value.lines["on"] = value.lines.pop(True)
        value["on"] = value.pop(True)
    entry_checks.unknown_keys(value, VERIFIED_KEYS, counting)
    by, on = value.get("by"), value.get("on")
    if not isinstance(by, str) or not by.strip():
        counting(value.lines.get("by", line), "'verified' does not say who checked the source",
                 "add by: with the name of the person or team that checked the live source")
    if isinstance(on, dt.datetime):
        on = on.date()
    if not isinstance(on, dt.date):
        counting(value.lines.get("on", line), f"'verified' has no day on which the source was checked: '{on}'",
                 "add on: YYYY-MM-DD, the day someone checked the live source")
    return None if before[0] else Verified(by=" ".join(by.split()), on=on, line=line)


def parse_source(item, at, report, *, allow_undated: bool, need_id: bool, ids=None) -> Source | None:
    before = [0]

    def counting(line, message, fix):
        before[0] += 1
        report(line, message, fix)

    required = SOURCE_REQUIRED if need_id else ("publisher", "date")
    entry_checks.check_keys(item, at, SOURCE_KEYS if need_id else SOURCE_KEYS[1:], required, "source", counting)
    sid = entry_checks.entry_id(item, ids) if need_id and ids is not None else ""
    publisher = text_or_map(item, "publisher", counting) if "publisher" in item else {}
    title = text_or_map(item, "title", counting) if "title" in item else {}
    ok, date = source_date(item, counting, allow_undated=allow_undated) if "date" in item else (False, None)
    url = item.get("url", "")
    if "url" in item and (not isinstance(url, str) or not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$", url)):
        counting(item.lines["url"], f"the url '{url}' is not a secure web address",
                 "use a full address that starts with https://")
    if before[0] or not ok:
        return None
    return Source(publisher=publisher, date=date, title=title, url=str(url), id=sid, line=at)


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Fact:
    id: str
    text: dict
    sources: tuple
    confidence: str
    stand_van: SourceDate
    volatile: bool = False
    verified: Verified | None = None
    line: int = 0

    @property
    def newest(self) -> dt.date | None:
        return newest_date(self.sources)


def newest_date(sources) -> dt.date | None:
    """The last day the newest dated source can mean (None: no source has a date)."""
    dated = [s.date.latest for s in sources if s.date]
    return max(dated) if dated else None


def age_words(sources) -> str:
    """'from 2025-08' as the newest source is dated, or 'without a date' when none is."""
    dated = [s.date for s in sources if s.date]
    return f"from {max(dated, key=lambda d: d.latest).iso()}" if dated else "without a date"


@dataclass(frozen=True)
class Facts:
    facts: dict
    sources: dict
    path: Path | None = None

    def __contains__(self, fact_id) -> bool:
        return fact_id in self.facts

    def __getitem__(self, fact_id) -> Fact:
        return self.facts[fact_id]


NOT_A_SOURCE = entry_checks.Words("this item is not a source with keys",
                                  "write 'id:', 'title:', 'publisher:' and 'date:' under the '-'")
NOT_A_FACT = entry_checks.Words("this item is not a fact with keys",
                                "write 'id:', 'text:', 'sources:', 'confidence:' and 'stand_van:' under the '-'")


def validate(data, shown: str) -> tuple[Facts, list[Problem]]:
    problems: list[Problem] = []
    report = entry_checks.collect(shown, problems)
    facts: dict[str, Fact] = {}
    sources: dict[str, Source] = {}
    if not isinstance(data, dict) or not isinstance(data.get("facts"), list) \
            or not isinstance(data.get("sources"), list):
        report(yamlfile.line_of(data), "the file must have a list 'sources:' and a list 'facts:'",
               "start with 'sources:' (each '- id: ...'), then 'facts:' (see the top of the file)")
        return Facts(facts, sources), problems
    entry_checks.unknown_keys(data, ("sources", "facts"), report)

    source_ids = entry_checks.Ids(report, entry_checks.ENTRY_IDS, noun="source", example="lvv-2025-08")
    for _, at, item in entry_checks.mappings(data["sources"], report, NOT_A_SOURCE):
        source = parse_source(item, at, report, allow_undated=False, need_id=True, ids=source_ids)
        if source and source.id not in sources:
            sources[source.id] = source

    fact_ids = entry_checks.Ids(report, entry_checks.ENTRY_IDS, noun="fact", example="wetsvoorstel-status")
    for _, at, entry in entry_checks.mappings(data["facts"], report, NOT_A_FACT):
        before = len(problems)
        entry_checks.check_keys(entry, at, FACT_KEYS, FACT_REQUIRED, "fact", report)
        fid = entry_checks.entry_id(entry, fact_ids)
        text = {}
        if "text" in entry:
            def no_html(value, line, lang):
                if not _plain(value):
                    report(line, f"'text' {lang} contains HTML", "write plain text; the site adds the layout itself")
            text = entry_checks.text_map(entry["text"], entry.lines["text"], entry_checks.ENTRY_TEXTS, report,
                                         no_html, key="text")
            text = {lang: " ".join(value.split()) for lang, value in text.items()}
        cited = []
        refs = entry.get("sources")
        if "sources" in entry:
            if isinstance(refs, str):
                refs = [refs]
            if not isinstance(refs, list) or not refs:
                report(entry.lines["sources"], "'sources' must list at least one source id",
                       "write sources: [id, ...] with ids from the 'sources:' list at the top")
                refs = []
            for ref in refs:
                if ref in sources:
                    cited.append(sources[ref])
                elif ref not in source_ids.first_line:  # a source with its own problem is reported there
                    known = ", ".join(sources) or "(none yet)"
                    report(getattr(ref, "line", 0) or entry.lines["sources"],
                           f"the source '{ref}' does not exist",
                           f"add it to the 'sources:' list, or use one of: {known}")
        confidence = entry.get("confidence")
        if "confidence" in entry and confidence not in CONFIDENCE:
            report(entry.lines["confidence"], f"the confidence '{confidence}' is not high, medium or low",
                   "use the label the fact sheet (legal-facts.md) gives this fact")
        stand = parse_date(entry.get("stand_van")) if "stand_van" in entry else None
        if "stand_van" in entry and stand is None:
            report(entry.lines["stand_van"], f"'stand_van' is not a date: '{entry['stand_van']}'",
                   "write the date the statement describes as YYYY-MM-DD or YYYY-MM, such as 2025-08-28")
        volatile = entry.get("volatile", False)
        if not isinstance(volatile, bool):
            report(entry.lines["volatile"], "'volatile' must be true or false",
                   "write volatile: true for a fact that can change any day (a bill's status, hours, numbers)")
        checked = verified(entry, report) if "verified" in entry else None
        if len(problems) == before and fid not in facts:
            facts[fid] = Fact(id=fid, text=text, sources=tuple(cited), confidence=confidence, stand_van=stand,
                              volatile=volatile, verified=checked, line=at)
    return Facts(facts, sources), problems


def load(path: Path | str | None = None) -> Facts:
    """Load and validate the facts file; raise ValidationError with every problem at once."""
    path = Path(path) if path else DEFAULT_PATH
    found, problems = validate(yamlfile.load(path), display_path(path))
    if problems:
        raise ValidationError(problems)
    return Facts(found.facts, found.sources, path)


# --------------------------------------------------------------------------- rendering


def _with_source(text: str, cites: list[str], lang: str, extra: str = "") -> str:
    said = WORDS[lang]["and"].join(cites)
    note = f"{WORDS[lang]['according']} {said}" + (f"; {extra}" if extra else "")
    return f"{text} ({note[:1].upper()}{note[1:]}.)"


def _verified_words(checked: Verified | None, lang: str) -> str:
    if not checked:
        return ""
    return WORDS[lang]["verified"].format(on=format_day(checked.on, lang), by=checked.by)


def render_markdown(fact: Fact, lang: str) -> str:
    """The fact as running text for a Markdown page: 'Text. (Volgens de LVV, augustus 2025.)'"""
    def md(text):
        return MD_SPECIAL.sub(r"\\\1", text)
    return _with_source(md(fact.text[lang]), [md(s.cite(lang)) for s in fact.sources], lang,
                        md(_verified_words(fact.verified, lang)))


def render_html(fact: Fact, lang: str) -> str:
    """The fact as escaped inline HTML, with the source dates in <time> (for the routing tree)."""
    cites = []
    for source in fact.sources:
        when = (f'<time datetime="{source.date.iso()}">{escape(source.date.format(lang))}</time>'
                if source.date else escape(WORDS[lang]["undated"]))
        cites.append(f"{escape(source.publisher[lang])}, {when}")
    extra = escape(_verified_words(fact.verified, lang))
    said = WORDS[lang]["and"].join(cites)
    lead = WORDS[lang]["according"]
    note = f"{lead[:1].upper()}{lead[1:]} {said}" + (f"; {extra}" if extra else "")
    # Only class, no data-* attribute: the content gate allows the attributes a page may render, and this
    # HTML lands in pages (the routing tree's outcomes).
    return (f'<span class="vp-fact">{escape(fact.text[lang])} '
            f'<span class="vp-fact__source">({note}.)</span></span>')


_loaded: dict = {}


def render_fact(fact_id: str, locale: str, facts: Facts | None = None) -> str:
    """One fact as HTML by id, in 'nl' or 'en'; for callers outside the page hook (the routing tree).
    Raises KeyError naming the id when the fact does not exist, so a caller can report it."""
    if facts is None:
        facts = _loaded.get("facts") or load()
        _loaded["facts"] = facts
    if locale not in LANGS:
        raise ValueError(f"unknown locale '{locale}': use one of {', '.join(LANGS)}")
    if fact_id not in facts:
        raise KeyError(f"the fact '{fact_id}' does not exist in docs/_data/facts.yml")
    return render_html(facts[fact_id], locale)


# --------------------------------------------------------------------------- checks over the site


def markers(text: str) -> list[tuple[str, int]]:
    """(fact id, line) for every fact marker in a page."""
    return [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in MARKER.finditer(text)]


def unknown_ids(text: str, shown: str, facts: Facts) -> list[Problem]:
    out = []
    for fid, line in markers(text):
        if fid not in facts:
            out.append(Problem(shown, line, f"the fact '{fid}' in this marker does not exist",
                               "use an id from docs/_data/facts.yml: " + ", ".join(facts.facts)))
    return out


def future_dates(facts: Facts, shown: str, today: dt.date) -> list[Problem]:
    """A source cannot be dated after the build. (A `verified:` day after today is the content gate's:
    vpgids.content_gate.data_future_dates checks every dated key of every data file.)"""
    return [Problem(shown, source.line, f"the source '{source.id}' is dated {source.date.iso()}, after today",
                    "write the date printed on the source")
            for source in facts.sources.values() if source.date and source.date.earliest > today]


def _months_ago(today: dt.date, months: int) -> dt.date:
    from .freshness import months_ago
    return months_ago(today, months)


def is_stale(newest: dt.date | None, checked: Verified | None, today: dt.date) -> bool:
    """No source and no check within the last 12 months."""
    limit = _months_ago(today, 12)
    recent = [d for d in (newest, checked.on if checked else None) if d]
    return not recent or max(recent) < limit


def stale(facts: Facts, shown: str, today: dt.date) -> list[Problem]:
    """Warnings for volatile facts (a bill's status, hours, numbers) whose newest source is over a year old."""
    out = []
    for fact in facts.facts.values():
        if fact.volatile and is_stale(fact.newest, fact.verified, today):
            out.append(Problem(shown, fact.line,
                               f"the fact '{fact.id}' can change (volatile: true) and its newest source is "
                               f"{age_words(fact.sources)}, more than 12 months ago",
                               "check the live source; add the newer source with its date, or verified: "
                               "{by: ..., on: ...} if it still says the same", "warning"))
    return out


def unverified(facts: Facts, shown: str) -> list[Problem]:
    """For the release check: every fact nobody checked against its live source."""
    return [Problem(shown, fact.line, f"the fact '{fact.id}' has not been checked against its live source",
                    "check it (" + "; ".join(s.cite("en") for s in fact.sources) + "), then add "
                    "verified: {by: your name, on: YYYY-MM-DD}")
            for fact in facts.facts.values() if not fact.verified]


# Claims that belong in a data file, not in a page's own words. The rule holds for any text: a phone
# number, a number of workers (a threshold), or a sentence about a bill or a chamber with a status word.
PHONE_RE = re.compile(r"(?<![\d/.-])0\d{2,3}[- ]\d{2,}(?:[ -]\d{2,})*(?![\d/])"
                      r"|\b(?:bel|bellen|belt|call|dial|nummer|number|telefoon|phone)\b(?:\s+\w+){0,2}?\s+1\d{2}\b",
                      re.I)
THRESHOLD_RE = re.compile(r"\b(?:(?:ten minste|minstens|meer dan|minder dan|at least|more than|fewer than)\s+)?"
                          r"\d+\s+(?:of meer\s+|or more\s+|tot en met\s+\d+\s+|to\s+\d+\s+)?"
                          r"(?:werknemers|medewerkers|mensen|personen|workers|employees|people|staff)\b", re.I)
# A legal deadline ("binnen 7 dagen een bevestiging"): the law's number of days, weeks or months.
DEADLINE_RE = re.compile(r"\b(?:binnen|uiterlijk|within|no later than)\s+\d+\s+"
                         r"(?:dagen|dag|weken|week|maanden|maand|jaar|days?|weeks?|months?|years?)\b", re.I)
BILL_RE = re.compile(r"\b(?:wetsvoorstel\w*|initiatiefwetsvoorstel\w*|35592|Eerste Kamer|Tweede Kamer|"
                     r"bill|Senate|House of Representatives)\b", re.I)
STATUS_RE = re.compile(r"\b(?:aangenomen|gestemd|stemming|verworpen|ingetrokken|agenda|in werking|nog geen wet|"
                       r"passed|voted|vote|adopted|rejected|withdrawn|in force|not law)\b", re.I)
SENTENCE_RE = re.compile(r"[^.!?]+[.!?]*")
MONTH_NAMES = "|".join(MONTHS["nl"] + MONTHS["en"])
CHECKED_RE = re.compile(r"\b(?:gecontroleerd|nagekeken|gecheckt|checked|verified)\b(?:\s+\w+){0,2}?\s+"
                        rf"(?:\d{{1,2}}\s+)?(?:{MONTH_NAMES})\s+\d{{4}}|\b(?:gecontroleerd|checked|verified)\s+"
                        r"(?:op|on)\s+\d{4}-\d{2}-\d{2}", re.I)


def _paragraphs(text: str):
    """(text, [(offset, line number)]) per paragraph of prose, outside front matter and footnotes
    (a footnote is a citation: it names sources and their numbers, it does not state the claim)."""
    raw = text.split("\n")
    span = front_matter_span(raw)
    current, spans, in_note = [], [], False
    for line in prose_lines(text):
        original = raw[line.number - 1] if line.number - 1 < len(raw) else ""
        if line.number <= span:
            continue
        starts_note = bool(re.match(r"^\[\^[^\]]+\]:", original))
        in_note = starts_note or (in_note and (original[:1].isspace() or not original.strip()))
        if in_note or not line.text.strip():
            if current:
                yield " ".join(current), spans
            current, spans = [], []
            continue
        spans.append((sum(len(c) + 1 for c in current), line.number))
        current.append(" ".join(re.sub(r"[*_~]+", "", line.text).split()))  # **112** is still a number
    if current:
        yield " ".join(current), spans


def _line_at(spans, offset: int) -> int:
    line = spans[0][1]
    for start, number in spans:
        if start <= offset:
            line = number
    return line


# (pattern, message with {found} and {where}, fix) for the claims a text may not state in its own words.
CLAIM_RULES = (
    (PHONE_RE, "the phone number in '{found}' is typed into the {where}",
     "use <!-- helpline-phone: ID --> with an id from docs/_data/helplines.yml, so the number changes with the data"),
    (THRESHOLD_RE, "the number '{found}' is a legal threshold typed into the {where}",
     "put the fact in docs/_data/facts.yml with its source, and use <!-- fact: ID -->"),
    (DEADLINE_RE, "'{found}' is a deadline typed into the {where}",
     "put the fact in docs/_data/facts.yml with its source, and use <!-- fact: ID -->"),
    (CHECKED_RE, "'{found}' says when something was checked, in the {where}'s own words",
     "only a data entry with verified: {{by:, on:}} may say it was checked; write what the source says and the "
     "date of the source instead"),
)


def stray_claims(text: str, shown: str, where: str = "page", first_line: int = 1) -> list[Problem]:
    """Phone numbers, thresholds, deadlines and bill statuses written into a page (or another text:
    `where` names it, `first_line` is the file line of the text's first line) instead of taken from
    the data."""
    out = []
    for paragraph, spans in _paragraphs(text):
        spans = [(start, number + first_line - 1) for start, number in spans]
        for pattern, message, fix in CLAIM_RULES:
            for match in pattern.finditer(paragraph):
                out.append(Problem(shown, _line_at(spans, match.start()),
                                   message.format(found=match.group(0).strip(), where=where), fix.format()))
        for match in SENTENCE_RE.finditer(paragraph):
            sentence = match.group(0)
            if BILL_RE.search(sentence) and STATUS_RE.search(sentence):
                out.append(Problem(shown, _line_at(spans, match.start() + len(sentence) - len(sentence.lstrip())),
                                   f"this sentence states the status of a bill in the {where}'s own words",
                                   "put the status in docs/_data/facts.yml with its source and date, and use "
                                   "<!-- fact: ID -->"))
    return sorted(out, key=lambda p: p.line)


ROUTING_TEXTS = ("title", "text", "next_steps")


def routing_claims(path: Path, shown: str) -> list[Problem]:
    """The page rules over the routing tree's outcomes (docs/_data/routing.yml): every title, text and
    next_steps paragraph, in both languages, with the file line of the claim. A file that does not
    parse is left to the routing check, which names its problems."""
    try:
        data = yamlfile.load(path)
    except ValidationError:
        return []
    nodes = data.get("nodes") if isinstance(data, dict) else None
    out = []
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict) or "title" not in node:  # questions describe the reader, not the law
            continue
        for key in ROUTING_TEXTS:
            value = node.get(key)
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict):
                    continue
                for lang in LANGS:
                    text = item.get(lang)
                    if isinstance(text, str):
                        first = yamlfile.line_at(text, 0, item.lines.get(lang, 0))
                        out += stray_claims(text, shown, where="routing text", first_line=first)
    return sorted(out, key=lambda p: p.line)


# --------------------------------------------------------------------------- the editor check


def check(root: Path, today: dt.date, pages: list[Path] | None = None) -> list[Problem]:
    """Everything about facts the editor check reports: the file itself, unknown ids in pages and in
    the glossary, source dates after today, stale volatile facts, and claims typed into pages and
    into the routing tree's outcomes (its unknown fact ids are the routing check's)."""
    root = Path(root)
    path = root / "docs" / "_data" / "facts.yml"
    shown = display_path(path, root)
    problems: list[Problem] = []
    facts = None
    if path.exists():
        try:
            facts = load(path)
        except ValidationError as exc:
            problems.extend(exc.problems)
    if pages is None:
        pages = sorted((root / "docs").rglob("*.md"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page_shown = display_path(page, root)
        problems.extend(stray_claims(text, page_shown))
        if facts is not None:
            problems.extend(unknown_ids(text, page_shown, facts))
        elif markers(text) and not path.exists():
            problems.append(Problem(page_shown, markers(text)[0][1], "this page uses a fact, but there is no "
                                    "docs/_data/facts.yml", "add the facts file, or remove the marker"))
    routing = root / "docs" / "_data" / "routing.yml"
    if routing.exists():
        problems.extend(routing_claims(routing, display_path(routing, root)))
    if facts is not None:
        problems.extend(future_dates(facts, shown, today))
        problems.extend(stale(facts, shown, today))
    return problems
