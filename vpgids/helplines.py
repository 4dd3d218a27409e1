"""Outside helplines: load and validate docs/_data/helplines.yml, render them as HTML cards.

One renderer for every place a helpline appears (the Hulplijnen page, the routing tree's outcomes),
so a number, its `tel:` link and its sources can never drift apart between pages.

A card shows where its facts come from and how old that source is ("Bron: upday/ANP, oktober 2025").
It says "Gecontroleerd op" only when the entry has `verified: {by:, on:}`: someone really checked the
number, hours and cost against the live source on that day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import entries as entry_checks, facts as fact_checks, yamlfile
from .problems import Problem, ValidationError, display_path
from .wrapping import breakable

LANGS = ("nl", "en")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "_data" / "helplines.yml"

REQUIRED = ("id", "name", "purpose", "sources")
TEXT_FIELDS = ("name", "purpose", "hours", "cost", "note")  # {nl, en} each
ALLOWED = ("id", "name", "purpose", "phone", "url", "email", "hours", "cost", "note", "urgent",
           "sources", "verified")

# Dutch numbers as printed in the phone book: short emergency/service numbers (112, 113) or
# an area/service prefix, one hyphen, then digits in groups ("088-133 10 00", "0800-0113").
PHONE_RE = re.compile(r"^(1\d{2}|0\d{1,3}-\d+( \d+)*)$")
EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
HTML_RE = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z]+;|&#\d+;")
SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
NOT_A_SOURCE = entry_checks.Words("this source is not a publisher with a date",
                                  "write it as '- {publisher: ..., date: YYYY-MM-DD}'")
NOT_A_HELPLINE = entry_checks.Words("this item is not a helpline with keys",
                                   "write 'id:', 'name:', 'purpose:' ... under the '-'")

LABELS = {
    "nl": {"phone": "Bellen", "or": "of", "website": "Website", "email": "E-mail", "hours": "Bereikbaar",
           "cost": "Kosten", "verified": "Gecontroleerd op", "source": "Bron", "list": "Hulplijnen",
           "by": "door"},
    "en": {"phone": "Call", "or": "or", "website": "Website", "email": "Email", "hours": "Available",
           "cost": "Cost", "verified": "Checked on", "source": "Source", "list": "Helplines", "by": "by"},
}
MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


@dataclass(frozen=True)
class Helpline:
    id: str
    name: dict
    purpose: dict
    sources: tuple  # of facts.Source: publisher and the date printed on the source
    phones: tuple = ()
    url: str = ""
    email: str = ""
    hours: dict = field(default_factory=dict)
    cost: dict = field(default_factory=dict)
    note: dict = field(default_factory=dict)
    urgent: bool = False
    verified: fact_checks.Verified | None = None
    line: int = 0

    @property
    def newest(self) -> dt.date | None:
        return fact_checks.newest_date(self.sources)

    def text(self, name: str, lang: str) -> str:
        return getattr(self, name).get(lang, "")


def tel_href(number: str) -> str:
    """`tel:` wants digits only; the visible text keeps the familiar grouping."""
    return "tel:" + re.sub(r"\D", "", number)


OR_WORD = {"nl": "of", "en": "or"}
# `<!-- helpline-phone: id -->` in running text (a page, a routing outcome): that helpline's numbers.
PHONE_MARKER = re.compile(r"<!--\s*helpline-phone:\s*([^\s>]*)\s*-->")


def phone_ids(helplines: dict | None) -> set | None:
    """The ids a phone marker may name: helplines with a number (None when the file is not loaded)."""
    return None if helplines is None else {hid for hid, helpline in helplines.items() if helpline.phones}


def phone_text(helpline: Helpline, lang: str) -> str:
    """A helpline's numbers as plain text ('113 of 0800-0113'), for a heading that cannot hold links."""
    if not helpline.phones:
        raise ValueError(f"the helpline '{helpline.id}' has no phone number")
    return f" {OR_WORD[lang]} ".join(helpline.phones)


def phone_links_markdown(helpline: Helpline, lang: str) -> str:
    """Inline Markdown links to a helpline's numbers ('[113](tel:113) of [0800-0113](tel:08000113)'),
    so pages that name a number in running text take it from the data, like the cards do."""
    if not helpline.phones:
        raise ValueError(f"the helpline '{helpline.id}' has no phone number")
    links = [f"[{number}]({tel_href(number)})" for number in helpline.phones]
    return f" {OR_WORD[lang]} ".join(links)


def format_date(date: dt.date, lang: str) -> str:
    return f"{date.day} {MONTHS[lang][date.month - 1]} {date.year}"


def _check_url(url, where, problems, shown):
    if not isinstance(url, str) or not url.strip():
        problems.append(Problem(shown, where, "the url is empty or not text",
                                "write the full address, starting with https://"))
        return
    match = SCHEME_RE.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme in ("javascript", "data", "vbscript"):
        problems.append(Problem(shown, where, f"the url uses '{scheme}:', which can run code in the reader's browser",
                                "use the web address of the service, starting with https://"))
    elif scheme != "https" or not re.match(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$", url):
        problems.append(Problem(shown, where, f"the url '{url}' is not a secure web address",
                                "use a full address that starts with https://, such as https://www.113.nl"))


def _check_text_map(entry, key, report):
    def no_html(text, line, lang):
        found = HTML_RE.search(text)
        if found:  # inside a `nl: |` block: the line it is on, not the block's first line
            report(yamlfile.line_at(text, found.start(), line), f"'{key}' {lang} contains HTML", "write plain text; the site adds the layout and links itself")

    return entry_checks.text_map(entry[key], entry.lines[key], entry_checks.ENTRY_TEXTS, report, no_html, key=key)


def validate(data, shown: str) -> tuple[dict, list[Problem]]:
    """Check the parsed file; return the helplines and every problem found."""
    problems: list[Problem] = []
    helplines: dict[str, Helpline] = {}
    if not isinstance(data, list):
        problems.append(Problem(shown, yamlfile.line_of(data), "the file must be a list of helplines",
                                "start each helpline with '- id: ...' (see the example at the top of the file)"))
        return helplines, problems
    report = entry_checks.collect(shown, problems)
    ids = entry_checks.Ids(report, entry_checks.ENTRY_IDS, noun="helpline", example="veilig-thuis")
    for _, at, entry in entry_checks.mappings(data, report, NOT_A_HELPLINE):
        before = len(problems)
        entry_checks.check_keys(entry, at, ALLOWED, REQUIRED, "helpline", report)
        hid = entry_checks.entry_id(entry, ids)

        texts = {key: _check_text_map(entry, key, report) for key in TEXT_FIELDS if key in entry}

        phones = entry.get("phone", [])
        if isinstance(phones, (str, int)):
            phones = [phones]
        if not isinstance(phones, list):
            problems.append(Problem(shown, entry.lines["phone"], "the phone number is not text or a list",
                                    "write it in quotes, such as phone: \"0800-0113\""))
            phones = []
        for number in phones:
            number_line = getattr(number, "line", 0) or entry.lines["phone"]
            if not isinstance(number, str) or not PHONE_RE.match(number):
                problems.append(Problem(shown, number_line, f"the phone number '{number}' has an unusual format",
                                        "write it in quotes as in the phone book: \"112\", \"0800-0113\" or "
                                        "\"088-133 10 00\" (digits, one hyphen after the area code, spaces)"))

        if "url" in entry:
            _check_url(entry["url"], entry.lines["url"], problems, shown)
        email = entry.get("email", "")
        if "email" in entry and (not isinstance(email, str) or not EMAIL_RE.match(email)):
            problems.append(Problem(shown, entry.lines["email"], f"the e-mail address '{email}' is not valid",
                                    "write only the address, such as contact@example.nl"))

        urgent = entry.get("urgent", False)
        if not isinstance(urgent, bool):
            problems.append(Problem(shown, entry.lines["urgent"], "'urgent' must be true or false",
                                    "write 'urgent: true' (emergency help, shown first) or leave the line out"))
        # Each source: its publisher and the date printed on it ('undated' when it has none).
        sources = []
        if "sources" in entry:
            items = entry["sources"]
            if not isinstance(items, list) or not items:
                problems.append(Problem(shown, entry.lines["sources"], "'sources' must be a list of sources",
                                        "write each as '- {publisher: ..., date: YYYY-MM-DD}' under 'sources:'"))
                items = []
            for _, source_at, item in entry_checks.mappings(items, report, NOT_A_SOURCE):
                source = fact_checks.parse_source(item, source_at, report, allow_undated=True, need_id=False)
                if source:
                    sources.append(source)
        checked = fact_checks.verified(entry, report) if "verified" in entry else None
        if not entry.get("phone") and not entry.get("url") and not texts.get("note"):
            problems.append(Problem(shown, at, "the helpline has no phone number, no url and no note",
                                    "add a phone number or url, or a note that says how to reach it"))

        if len(problems) == before and hid not in helplines:
            helplines[hid] = Helpline(
                id=hid, name=texts["name"], purpose=texts["purpose"], sources=tuple(sources), verified=checked,
                phones=tuple(str(p) for p in phones), url=str(entry.get("url", "")),
                email=str(email), hours=texts.get("hours", {}), cost=texts.get("cost", {}),
                note=texts.get("note", {}), urgent=urgent, line=at,
            )
    return helplines, problems


def load(path: Path | str | None = None) -> dict[str, Helpline]:
    """Load and validate the helplines file; raise ValidationError with every problem at once."""
    path = Path(path) if path else DEFAULT_PATH
    shown = display_path(path)
    data = yamlfile.load(path)
    helplines, problems = validate(data, shown)
    if problems:
        raise ValidationError(problems)
    return helplines


def _domain(url: str) -> str:
    return re.sub(r"^https://(www\.)?", "", url).rstrip("/")


def _name_html(helpline: Helpline, lang: str) -> str:
    """The escaped name; a Dutch name kept inside another language's name gets lang="nl" (WCAG 3.1.2),
    so screen readers pronounce "Huis voor Klokkenluiders" as Dutch on an English page."""
    name = escape(helpline.text("name", lang))
    core = escape(re.sub(r"\s*\(.*\)$", "", helpline.text("name", "nl")))
    if lang != "nl" and core and core in name:
        name = name.replace(core, f'<span lang="nl">{core}</span>', 1)
    return name


def render_helpline(helpline: Helpline, lang: str, heading_level: int = 3) -> str:
    """One escaped HTML card. Material styles `.grid > .card`; wrap cards with render_directory."""
    t = LABELS[lang]
    h = f"h{heading_level}"
    rows = []
    if helpline.phones:
        links = f" {t['or']} ".join(f'<a href="{tel_href(n)}">{escape(n)}</a>' for n in helpline.phones)
        rows.append((t["phone"], links))
    if helpline.url:
        rows.append((t["website"], f'<a href="{escape(helpline.url)}">{breakable(_domain(helpline.url))}</a>'))
    if helpline.email:
        rows.append((t["email"], f'<a href="mailto:{escape(helpline.email)}">{breakable(helpline.email)}</a>'))
    if helpline.hours:
        rows.append((t["hours"], escape(helpline.text("hours", lang))))
    if helpline.cost:
        rows.append((t["cost"], escape(helpline.text("cost", lang))))
    rows.append((t["source"], source_html(helpline, lang)))
    if helpline.verified:  # only a real check of the live source earns these words
        on = helpline.verified.on
        rows.append((t["verified"], f'<time datetime="{on.isoformat()}">{format_date(on, lang)}</time> '
                                    f'{t["by"]} {escape(helpline.verified.by)}'))
    details = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    note = f"<p>{escape(helpline.text('note', lang))}</p>" if helpline.note else ""
    urgent = " vp-helpline--urgent" if helpline.urgent else ""
    return (f'<section class="card vp-helpline{urgent}" id="hulplijn-{escape(helpline.id)}">'
            f"<{h}>{_name_html(helpline, lang)}</{h}>"
            f"<p>{escape(helpline.text('purpose', lang))}</p>{note}<dl>{details}</dl></section>")


def source_html(helpline: Helpline, lang: str) -> str:
    """'upday/ANP, oktober 2025; 113.nl, zonder datum': each source with the date printed on it."""
    parts = []
    for source in helpline.sources:
        when = (f'<time datetime="{source.date.iso()}">{escape(source.date.format(lang))}</time>'
                if source.date else escape(fact_checks.WORDS[lang]["undated"]))
        parts.append(f"{escape(source.publisher[lang])}, {when}")
    return "; ".join(parts)


def stale(helplines: dict, shown: str, today: dt.date) -> list[Problem]:
    """Numbers, hours and costs change: a warning when a helpline's newest source is over a year old
    and nobody checked it since."""
    return [Problem(shown, h.line, f"the helpline '{h.id}' rests on sources "
                    + (f"{fact_checks.age_words(h.sources)}, more than 12 months ago" if h.newest else
                       "without a date, so nobody knows how old they are"),
                    "check its number, hours and cost at the live source; add the newer source with its date, "
                    "or verified: {by: ..., on: YYYY-MM-DD} if nothing changed", "warning")
            for h in helplines.values() if fact_checks.is_stale(h.newest, h.verified, today)]


def unverified(helplines: dict, shown: str) -> list[Problem]:
    """For the release check: every helpline nobody checked against its live source."""
    return [Problem(shown, h.line, f"the helpline '{h.id}' has not been checked against its live source",
                    "call or visit the service's own website, check number, hours and cost, then add "
                    "verified: {by: your name, on: YYYY-MM-DD}")
            for h in helplines.values() if not h.verified]


def future_dates(helplines: dict, shown: str, today: dt.date) -> list[Problem]:
    """A source dated after the build was typed wrong. (`verified:` days: vpgids.content_gate.)"""
    return [Problem(shown, source.line, f"a source of the helpline '{h.id}' is dated {source.date.iso()}, after today",
                    "write the date printed on the source")
            for h in helplines.values() for source in h.sources if source.date and source.date.earliest > today]


def select(helplines: dict[str, Helpline], which: str = "all") -> list[Helpline]:
    """'all' (urgent ones first, then file order), 'urgent' or 'other'."""
    items = list(helplines.values())
    if which == "urgent":
        return [h for h in items if h.urgent]
    if which == "other":
        return [h for h in items if not h.urgent]
    return [h for h in items if h.urgent] + [h for h in items if not h.urgent]


def render_directory(helplines, lang: str, heading_level: int = 3) -> str:
    """Cards in a Material grid. Accepts the dict from load() or a list of Helpline (a selection)."""
    items = select(helplines) if isinstance(helplines, dict) else list(helplines)
    cards = "\n".join(render_helpline(h, lang, heading_level) for h in items)
    return f'<div class="grid vp-helplines">\n{cards}\n</div>'
