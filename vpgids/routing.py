"""The contact-routing tree "Waar kan ik terecht?": load, validate, unfold and render.

The data (docs/_data/routing.yml) is a deliberately small language: a node is either a question
(text, optional hint, answers that each point to a next node) or an outcome (title, Markdown text,
organisation contact ROLES, helpline ids, "what happens next"). The only logic is a condition on a
paragraph: `if:` roles the organisation must have, `unless:` roles it must not have, so that no
sentence names a role the organisation does not have. No expressions, no variables (GOV.UK's
Smartdown lesson, anchors.md §1.1). Everything else lives here, with tests.

Legal facts and phone numbers are never typed into the tree: an outcome embeds them by id, as pages
do. `<!-- fact: id -->` (text, next_steps) becomes the fact from facts.yml with its source and date
(vpgids.facts.render_fact); `<!-- helpline-phone: id -->` (also in a title) the helpline's numbers.
The validator reports an unknown id with its line, and counts an embedded fact's words as the
paragraph's own for the role check.

Outcomes name contact roles, not contact ids: the routing data belongs to the project and must
upgrade cleanly, the contacts belong to the organisation. Roles, contacts and helpline ids are
passed in (dependency injection), so this module does not depend on how they are loaded.

The whole tree for a language is ONE page (waar-kan-ik-terecht/): every step is a section with a
neutral fragment id (#s1, #s2, ... in document order). Answers are links to fragments, so after
the page has loaded, answering makes no request and the server log only shows that the page was
opened. CSS `:target` shows the current step. Nodes may be shared (two answers pointing to one
node); for "Vorige vraag" and "Jouw antwoorden" to be right without JavaScript, the tree is
unfolded: every path to a node is its own step, with exactly one parent.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import markdown as markdown_lib

from . import entries, facts as facts_module, helplines as helplines_module, yamlfile
from .problems import Problem, ValidationError, display_path

LANGS = ("nl", "en")
ROOT = Path(__file__).resolve().parent.parent
DATA_PATH = ROOT / "docs" / "_data" / "routing.yml"
CASES_PATH = ROOT / "docs" / "_data" / "routing-cases.yml"
SECTION = "waar-kan-ik-terecht"  # the folder of the tree page and the overview
NOT_SURE_ID = "weet-niet"         # id of the answer added to every question automatically
VP_ROLES = ("internal-vp", "external-vp", "integrity-vp")  # "no wrong door" fallback, in this order

# Anything that a browser could read as markup: a tag, a comment, or a character reference.
HTML_RE = re.compile(r"<\s*[A-Za-z/!?]|&[A-Za-z]+;|&#x?[0-9A-Fa-f]+;")
AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")                 # [text](url) and ![alt](url)
REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)", re.M)  # [ref]: url
SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
ATTR_RE = re.compile(r"\{\s*[:#.]|\{\s*[A-Za-z][\w-]*\s*=")  # attr_list: could add onclick=...
SAFE_SCHEMES = ("https", "mailto", "tel")
PAGE_LINK_RE = re.compile(r'href="([^":#?]+)\.md(#[^"]*)?"')  # a link to a page of this site, after Markdown
# Data embedded by id, as in pages: a fact (its text, source and the source's date) in an outcome's
# text or next_steps, and a helpline's phone number there or in an outcome's title.
FACT_MARKER = facts_module.MARKER
PHONE_MARKER = helplines_module.PHONE_MARKER
FACT_TOKEN = "\u27e6fact:{}\u27e7"  # stands in for a fact while Markdown runs, then becomes its HTML
FACT_TOKEN_RE = re.compile("\u27e6fact:([^\u27e7]*)\u27e7")

TOP_KEYS = ("start", "not_sure", "reviewed", "nodes")
QUESTION_KEYS = ("id", "question", "hint", "answers", "not_sure")
OUTCOME_KEYS = ("id", "title", "text", "contacts", "helplines", "next_steps", "read_more", "outside_first",
                "continue", "open_to")
ANSWER_KEYS = ("id", "text", "next")
PARAGRAPH_KEYS = ("nl", "en", "if", "unless")
CONTINUE_KEYS = ("to", "text")
CASE_KEYS = ("answers", "outcome", "situation")
PLAIN = "plain"
MARKDOWN = "markdown"

# Words that name an organisation role. A title, text or next_steps paragraph that uses one must
# be shown only when the organisation has that role (`if:`), so a reader never reads about a
# contact that is not there. Questions and answers describe the reader's situation ("someone
# from HR") and are not checked.
ROLE_WORDS = {
    "internal-vp": r"interne vertrouwenspersoon|internal confidential adviser",
    "external-vp": r"externe vertrouwenspersoon|external confidential adviser",
    "integrity-vp": r"vertrouwenspersoon integriteit|confidential integrity adviser",
    "complaints-committee": r"klachtencommissie|complaints committee",
    "reporting-procedure": r"meldprocedure|meldpunt|reporting procedure|reporting point",
    "occupational-physician": r"bedrijfsarts|occupational physician",
    "hr": r"\bHR\b|personeelszaken|human resources",
    "works-council": r"ondernemingsraad|works council",
}
ROLE_WORDS_RE = {role: re.compile(words, re.I if role != "hr" else 0) for role, words in ROLE_WORDS.items()}

LABELS = {
    "nl": {
        "tree": "Waar kan ik terecht?", "question_n": "Vraag {n}", "result": "Uitkomst",
        "not_sure": "Ik weet het niet", "previous": "Vorige vraag",
        "restart": "Opnieuw beginnen", "overview": "Alle routes bekijken", "print": "Print deze uitkomst",
        "answers": "Kies een antwoord", "or": "of",
        "in_org": "In je organisatie", "from_outside": "Door je organisatie ingeschakeld, van buiten",
        "outside": "Hulp buiten je organisatie", "urgent": "Nu direct hulp",
        "next_steps": "Wat gebeurt er hierna?", "read_more": "Lees meer",
        "given": "Jouw antwoorden", "change": "Wijzig", "change_what": "je antwoord op: {q}",
        "open_to_title": "Wie kan bij de vertrouwenspersoon terecht?",
        "open_to": "Bij {org} kun je bij de vertrouwenspersoon terecht als je hoort bij: {groups}.",
        "open_to_else": "Hoor je daar niet bij? Neem toch contact op en vraag waar je wel terechtkunt. "
                        "De hulplijnen buiten je organisatie kun je altijd bellen.",
        "and": "en",
    },
    "en": {
        "tree": "Who can I turn to?", "question_n": "Question {n}", "result": "Result",
        "not_sure": "I'm not sure", "previous": "Previous question",
        "restart": "Start again", "overview": "See all routes", "print": "Print this result",
        "answers": "Choose an answer", "or": "or",
        "in_org": "In your organisation", "from_outside": "Engaged by your organisation, from outside",
        "outside": "Help outside your organisation", "urgent": "Help right now",
        "next_steps": "What happens next?", "read_more": "Read more",
        "given": "Your answers", "change": "Change", "change_what": "your answer to: {q}",
        "open_to_title": "Who can see the confidential adviser?",
        "open_to": "At {org} you can see the confidential adviser if you are one of: {groups}.",
        "open_to_else": "Not one of these? Get in touch anyway and ask where you can go. "
                        "You can always call the helplines outside your organisation.",
        "and": "and",
    },
}


# ----------------------------------------------------------------------------------------------
# Model

@dataclass
class Answer:
    id: str
    text: dict
    next: str
    line: int = 0


@dataclass
class Paragraph:
    """A {nl, en} Markdown text, shown only if the organisation has every role in `when` and none
    in `unless`."""
    text: dict
    when: tuple = ()
    unless: tuple = ()
    line: int = 0

    def shown(self, roles) -> bool:
        return all(r in roles for r in self.when) and not any(r in roles for r in self.unless)


@dataclass
class Node:
    id: str
    kind: str  # "question" or "outcome"
    line: int = 0
    question: dict = field(default_factory=dict)
    hint: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)
    not_sure: str = ""  # this question's own "I'm not sure" outcome ('' = the tree's)
    title: dict = field(default_factory=dict)
    text: list = field(default_factory=list)        # [Paragraph]
    next_steps: list = field(default_factory=list)  # [Paragraph]
    contacts: list = field(default_factory=list)   # roles, in the order the outcome lists them
    helplines: list = field(default_factory=list)  # helpline ids
    read_more: str = ""
    outside_first: bool = False
    continue_to: str = ""  # a question to go on with ("Geen acuut gevaar? Ga verder")
    continue_text: dict = field(default_factory=dict)
    open_to: bool = False  # show who may use the confidential adviser (organisation setting)

    @property
    def is_question(self) -> bool:
        return self.kind == "question"


@dataclass
class Tree:
    start: str
    not_sure: str
    nodes: dict  # id -> Node, in file order
    file: str = ""
    reviewed: str = ""  # ISO date the content was last reviewed

    def answers(self, node: Node) -> list[Answer]:
        """The node's own answers plus the "I'm not sure" answer every question gets."""
        if not node.is_question:
            return []
        return node.answers + [Answer(NOT_SURE_ID, dict(LABELS_NOT_SURE), node.not_sure or self.not_sure, 0)]

    @property
    def outcomes(self) -> list[Node]:
        return [n for n in self.nodes.values() if not n.is_question]

    @property
    def questions(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_question]


LABELS_NOT_SURE = {lang: LABELS[lang]["not_sure"] for lang in LANGS}


# ----------------------------------------------------------------------------------------------
# Validation

# This file's words for the shared checks (vpgids/entries.py).
TEXT_WORDS = entries.TextWords(
    not_a_map=entries.Words("'{key}' of {what} must have a Dutch and an English text",
                            "write two lines under '{key}:', one starting with 'nl: ' and one with 'en: '"),
    unknown_language=entries.Words("'{key}' of {what} has an unknown language '{lang}'",
                                   "use only 'nl' (Dutch) and 'en' (English)"),
    missing=entries.Words("'{key}' of {what} has no {language} ({lang}) text",
                          "add a line '{lang}: ...' under '{key}:' (missing translation)"),
    not_text=entries.Words("'{key}' ({lang}) of {what} is not text", "put the text in quotes"),
)
UNKNOWN_TOP_KEY = entries.Words("unknown key '{key}' at the top of the file",
                                "use only: {allowed} (check the spelling and the indentation)")
UNKNOWN_NODE_KEY = entries.Words("unknown key '{key}' in {what}, which is {kind}",
                                 "use only: {allowed} (check the spelling)")
UNKNOWN_ANSWER_KEY = entries.Words("unknown key '{key}' in an answer of question '{nid}'",
                                   "an answer has only: {allowed}")
UNKNOWN_PARAGRAPH_KEY = entries.Words("unknown key '{key}' in a paragraph of '{key0}' of {what}",
                                      "a paragraph has only: {allowed}")
UNKNOWN_CONTINUE_KEY = entries.Words("unknown key '{key}' in 'continue' of {what}", "use only: {allowed}")
NOT_A_NODE = entries.Words("this item is not a node with keys", "write 'id:' and then the question or outcome keys")
NOT_AN_ANSWER = entries.Words("answer {n} of question '{nid}' has no keys", "write 'id:', 'text:' and 'next:'")
NOT_A_PARAGRAPH = entries.Words("paragraph {n} of '{key0}' of {what} has no keys",
                                "write it as 'nl: ...' and 'en: ...', optionally with 'if:' or 'unless:'")
ANSWER_IDS = entries.IdWords(
    bad=entries.Words("the answer id '{id}' is not a simple name", "use lowercase letters, digits and hyphens"),
    twice=entries.Words("the answer id '{id}' is used twice in question '{nid}'",
                        "give every answer of a question its own id (first on line {first})"),
)


def _field(obj, name, default=None):
    """Contacts may be dicts or objects, depending on who loaded them."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _ids(facts) -> list[str]:
    """The ids of the facts data: vpgids.facts.Facts or a plain {id: fact}."""
    return list(getattr(facts, "facts", facts))


class _Checker:
    def __init__(self, shown: str, roles=None, docs_dir: Path | None = None, facts=None, phone_ids=None):
        self.shown = shown
        self.roles = roles
        self.docs_dir = docs_dir
        self.facts = facts          # id -> fact (vpgids.facts); None: not checked (its file reports itself)
        self.phone_ids = phone_ids  # ids of helplines with a phone number; None: not checked
        self.problems: list[Problem] = []

    def add(self, line, message, fix):
        self.problems.append(Problem(self.shown, line or 1, message, fix))

    def text_map(self, owner: dict, key: str, what: str, kind: str = PLAIN, required: bool = True,
                 phones: bool = False) -> dict:
        """A {nl, en} text. Checks both languages, HTML, and (for Markdown) link safety. phones: the
        plain text may hold <!-- helpline-phone: id --> (an outcome's title)."""
        if key not in owner:
            if required:
                self.add(owner.line, f"{what} has no '{key}'",
                         f"add '{key}:' with a line 'nl: ...' and a line 'en: ...' under it")
            return {}

        def safe(text, line, lang):
            self.safe_text(text, line, f"'{key}' ({lang}) of {what}", kind, phones=phones)

        return entries.text_map(owner[key], owner.lines[key], TEXT_WORDS, self.add, safe, key=key, what=what)

    def paragraphs(self, owner: dict, key: str, what: str) -> list[Paragraph]:
        """A Markdown text: one {nl, en} map, or a list of them, each with optional `if:`/`unless:`."""
        if key not in owner:
            self.add(owner.line, f"{what} has no '{key}'",
                     f"add '{key}:' with a line 'nl: ...' and a line 'en: ...' under it")
            return []
        value = owner[key]
        if not isinstance(value, list):
            text = self.text_map(owner, key, what, MARKDOWN)
            paragraph = Paragraph(text, line=owner.lines[key])
            self.role_words(paragraph, f"'{key}' of {what}")
            return [paragraph]
        out = []
        for index, line, item in entries.mappings(value, self.add, NOT_A_PARAGRAPH, key0=key, what=what):
            entries.unknown_keys(item, PARAGRAPH_KEYS, self.add, UNKNOWN_PARAGRAPH_KEY, key0=key, what=what)
            where = f"paragraph {index + 1} of '{key}' of {what}"
            texts = {}
            for lang in LANGS:
                text = item.get(lang)
                if isinstance(text, str) and text.strip():
                    self.safe_text(text, item.lines[lang], f"'{lang}' of {where}", MARKDOWN)
                    texts[lang] = text.strip()
                else:
                    self.add(item.lines.get(lang, line), f"{where} has no {entries.LANGUAGE[lang]} ({lang}) text",
                             f"add a line '{lang}: ...' (missing translation)")
            paragraph = Paragraph(texts, self.role_list(item, "if", where), self.role_list(item, "unless", where),
                                  line)
            self.role_words(paragraph, where)
            out.append(paragraph)
        if not out:
            self.add(owner.lines[key], f"'{key}' of {what} is empty", "write at least one paragraph")
        return out

    def role_list(self, item: dict, key: str, where: str) -> tuple:
        if key not in item:
            return ()
        value = item[key]
        names = value if isinstance(value, list) else [value]
        out = []
        for name in names:
            name = str(name)
            if self.roles is not None and name not in self.roles:
                self.add(item.lines[key], f"'{key}: {name}' in {where} is not a contact role",
                         "use one of: " + ", ".join(sorted(self.roles)))
            out.append(name)
        return tuple(out)

    def role_words(self, paragraph: Paragraph, where: str, what_key: str = "if"):
        """A sentence that names a role is shown only where that role exists; an embedded fact's
        text counts as the paragraph's own."""
        for lang, text in paragraph.text.items():
            text = FACT_MARKER.sub(lambda m: self.fact_text(m.group(1), lang), text)
            for role, pattern in ROLE_WORDS_RE.items():
                found = pattern.search(text)
                if found and role not in paragraph.when:
                    self.add(paragraph.line, f"{where} names '{found.group(0)}' ({lang}), but is shown "
                                             f"to organisations without the role '{role}'",
                             f"put the sentence in a paragraph of its own with 'if: {role}', "
                             "or write it without naming that role")

    def markers(self, text: str, line: int, where: str, kind: str, phones: bool) -> str:
        """Check the data markers the text may hold; return the text without them (they are not HTML)."""
        allowed = [PHONE_MARKER] if phones or kind == MARKDOWN else []
        allowed += [FACT_MARKER] if kind == MARKDOWN else []
        original = text  # a YAML block keeps its first line, so a marker is reported on its own line
        for pattern in allowed:
            for match in pattern.finditer(original):
                at = yamlfile.line_at(original, match.start(), line)
                wanted = match.group(1)
                if pattern is FACT_MARKER and self.facts is not None and wanted not in self.facts:
                    self.add(at, f"the fact '{wanted}' in {where} does not exist",
                             "use an id from docs/_data/facts.yml: " + ", ".join(sorted(_ids(self.facts))))
                elif pattern is PHONE_MARKER and self.phone_ids is not None and wanted not in self.phone_ids:
                    self.add(at, f"the helpline '{wanted}' in {where} does not exist or has no phone number",
                             "use an id with a phone number from docs/_data/helplines.yml: "
                             + ", ".join(sorted(self.phone_ids)))
            text = pattern.sub("", text)
        return text

    def fact_text(self, fact_id: str, lang: str) -> str:
        if self.facts is None or fact_id not in self.facts:
            return ""
        return _field(self.facts[fact_id], "text", {}).get(lang, "")

    def safe_text(self, text: str, line: int, where: str, kind: str, phones: bool = False):
        text = self.markers(text, line, where, kind, phones)
        for match in AUTOLINK_RE.finditer(text):
            if kind == MARKDOWN:
                self.url(match.group(1), line, where)
        stripped = AUTOLINK_RE.sub("", text) if kind == MARKDOWN else text
        found = HTML_RE.search(stripped)
        if found:
            snippet = stripped[found.start():found.start() + 12].split("\n")[0]
            fix = ("write plain text: the site escapes it and adds the layout itself" if kind == PLAIN else
                   "use Markdown instead: **bold**, [link text](https://...), a list with '- '")
            self.add(line, f"{where} contains HTML ('{snippet}')", fix)
        if kind == MARKDOWN:
            if ATTR_RE.search(text):
                self.add(line, f"{where} contains an attribute block in curly braces",
                         "remove the '{...}': layout attributes are not allowed in routing texts")
            for match in list(LINK_RE.finditer(text)) + list(REFDEF_RE.finditer(text)):
                self.url(match.group(1), line, where)
        else:
            # Plain text is escaped, so a link would show as text; a scheme here is almost always a mistake.
            for word in re.findall(r"(?i)\b(?:javascript|data|vbscript):", text):
                self.add(line, f"{where} contains '{word}', which is not allowed",
                         "remove it; plain-text fields cannot hold links")

    def url(self, url: str, line: int, where: str):
        match = SCHEME_RE.match(url)
        scheme = match.group(1).lower() if match else ""
        if scheme in ("javascript", "data", "vbscript"):
            self.add(line, f"{where} links to a '{scheme}:' address, which can run code in the reader's browser",
                     "link to a page of this site or to an https:// address")
        elif scheme and scheme not in SAFE_SCHEMES:
            self.add(line, f"{where} links to '{url}', which is not https, mailto, tel or a page of this site",
                     "use an https:// address, mailto:, tel:, or a relative link such as ../hulplijnen.md")
        elif not scheme and url.startswith("//"):
            self.add(line, f"{where} links to '{url}', an address without https:",
                     "write the full address, starting with https://")
        elif not scheme and self.docs_dir is not None and url.split("#")[0].endswith(".md"):
            target = (Path(self.docs_dir) / SECTION / url.split("#")[0]).resolve()
            if not target.is_file():
                self.add(line, f"{where} links to '{url}', which is not a page of this site",
                         "write the link as from docs/waar-kan-ik-terecht/, such as ../hulplijnen.md")


def validate(data, shown: str, *, roles, helpline_ids, contacts=None, docs_dir: Path | None = None,
             facts=None, phone_ids=None) -> tuple[Tree | None, list[Problem]]:
    """Check the parsed routing file. Returns the tree (None if unusable) and every problem found.

    roles: every contact role the project knows (an unknown role is an error; an organisation
    may still lack a known role). helpline_ids: ids in the helplines data. contacts: the
    organisation's contacts (objects or dicts with `id` and `role`), or None to skip the
    per-organisation check. docs_dir: to check that linked pages exist. facts: the facts data (id ->
    fact with a {nl, en} text), for <!-- fact: id -->; phone_ids: ids of helplines with a phone number,
    for <!-- helpline-phone: id -->. roles, helpline_ids, facts or phone_ids None skips that check
    (used only while a source is missing or reports its own errors).
    """
    c = _Checker(shown, roles, docs_dir, facts, phone_ids)
    if not isinstance(data, dict) or "nodes" not in data:
        c.add(yamlfile.line_of(data), "the routing file must have 'start:', 'not_sure:' and 'nodes:'",
              "start from the example at the top of docs/_data/routing.yml")
        return None, c.problems
    entries.unknown_keys(data, TOP_KEYS, c.add, UNKNOWN_TOP_KEY)
    raw_nodes = data["nodes"]
    if not isinstance(raw_nodes, list):
        c.add(data.lines["nodes"], "'nodes' must be a list of questions and outcomes",
              "start every node with '- id: ...'")
        return None, c.problems

    nodes: dict[str, Node] = {}
    first_line: dict[str, int] = {}
    refs: list[tuple[int, str, str, str]] = []  # (line, node id, key, target) for not_sure and continue
    for _, at, raw in entries.mappings(raw_nodes, c.add, NOT_A_NODE):
        nid = raw.get("id")
        if nid is None:
            c.add(at, "this node has no 'id'", "add 'id: a-short-name' (lowercase letters, digits and hyphens)")
            continue
        nid = str(nid)
        id_line = raw.lines["id"]
        # Not entries.Ids: a node id is the graph's key even when it is malformed, so a repeat is
        # reported (and the node left out) either way.
        if not entries.ID_RE.match(nid):
            c.add(id_line, f"the node id '{nid}' is not a simple name",
                  "use lowercase letters, digits and hyphens, such as 'wat-wil-je'")
        if nid in first_line:
            c.add(id_line, f"the node id '{nid}' is used twice (first on line {first_line[nid]})",
                  "give every node its own id")
            continue
        first_line[nid] = id_line
        what = f"node '{nid}'"
        is_question, is_outcome = "answers" in raw, "title" in raw
        if is_question == is_outcome:
            c.add(at, f"the node '{nid}' is neither clearly a question nor an outcome",
                  "a question has 'question:' and 'answers:'; an outcome has 'title:' and no 'answers:'")
            continue
        entries.unknown_keys(raw, QUESTION_KEYS if is_question else OUTCOME_KEYS, c.add, UNKNOWN_NODE_KEY,
                             what=what, kind="a question" if is_question else "an outcome")
        if is_question:
            node = Node(nid, "question", at)
            node.question = c.text_map(raw, "question", what)
            node.hint = c.text_map(raw, "hint", what, required=False)
            node.answers = _answers(c, raw, nid)
            if "not_sure" in raw:
                node.not_sure = str(raw["not_sure"])
                refs.append((raw.lines["not_sure"], nid, "not_sure", node.not_sure))
        else:
            node = _outcome(c, raw, nid, at, roles, helpline_ids, refs)
        nodes[nid] = node

    start = _top_ref(c, data, "start", nodes, "the first question")
    not_sure = _top_ref(c, data, "not_sure", nodes, "the outcome for 'I'm not sure'")
    if start and start in nodes and not nodes[start].is_question:
        c.add(data.lines["start"], f"the start node '{start}' is an outcome, not a question",
              "let 'start:' name the first question")
    if not_sure and not_sure in nodes and nodes[not_sure].is_question:
        c.add(data.lines["not_sure"], f"'not_sure' names '{not_sure}', which is a question",
              "let 'not_sure:' name an outcome, such as the one that sends people to the confidential adviser")
    for line, nid, key, target in refs:
        wanted = "an outcome" if key == "not_sure" else "a question"
        if target not in nodes:
            c.add(line, f"'{key}' of node '{nid}' names '{target}', which does not exist",
                  f"use the id of {wanted}")
        elif nodes[target].is_question != (key == "continue"):
            c.add(line, f"'{key}' of node '{nid}' names '{target}', which is not {wanted}",
                  f"use the id of {wanted}")

    for node in nodes.values():
        for answer in node.answers:
            if answer.next and answer.next not in nodes:
                c.add(answer.line, f"the answer '{answer.id}' of '{node.id}' points to '{answer.next}', "
                                   "which does not exist",
                      "check the spelling after 'next:' or add a node with that id")

    reviewed = data.get("reviewed")
    if not isinstance(reviewed, dt.date):
        c.add(data.lines.get("reviewed", data.line), "the file has no valid 'reviewed:' date",
              "write the date the texts were last checked as 'reviewed: YYYY-MM-DD' at the top")
        reviewed = None
    if start in nodes and (not_sure in nodes or not not_sure):
        tree = Tree(start, not_sure, nodes, shown, reviewed.isoformat() if reviewed else "")
        _check_graph(c, tree, data)
    else:
        tree = None

    if tree and contacts is not None:
        for node in tree.outcomes:
            if not node.helplines and not contacts_for(node, contacts):
                c.add(node.line, f"the outcome '{node.id}' has no contact in this organisation and no helpline",
                      "add a confidential adviser to the organisation file, or a helpline to this outcome")
    return (tree if not c.problems else None), c.problems


def _outcome(c: _Checker, raw: dict, nid: str, at: int, roles, helpline_ids, refs) -> Node:
    what = f"node '{nid}'"
    node = Node(nid, "outcome", at)
    node.title = c.text_map(raw, "title", what, phones=True)
    if node.title:
        c.role_words(Paragraph(node.title, line=raw.lines["title"]), f"the title of {what}")
    node.text = c.paragraphs(raw, "text", what)
    node.next_steps = c.paragraphs(raw, "next_steps", what)
    node.contacts = _names(c, raw, "contacts", what)
    node.helplines = _names(c, raw, "helplines", what)
    for key in ("outside_first", "open_to"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            c.add(raw.lines[key], f"'{key}' of {what} must be true or false",
                  f"write '{key}: true' or leave the line out")
        setattr(node, key, value is True)
    if "read_more" in raw:
        node.read_more = str(raw["read_more"])
        _check_read_more(c, node.read_more, raw.lines["read_more"], what, c.docs_dir)
    if "continue" in raw:
        value = raw["continue"]
        if not isinstance(value, dict) or "to" not in value:
            c.add(raw.lines["continue"], f"'continue' of {what} needs 'to:' and 'text:'",
                  "write 'to: <id of a question>' and a 'text:' with 'nl:' and 'en:' under 'continue:'")
        else:
            entries.unknown_keys(value, CONTINUE_KEYS, c.add, UNKNOWN_CONTINUE_KEY, what=what)
            node.continue_to = str(value["to"])
            node.continue_text = c.text_map(value, "text", f"'continue' of {what}")
            refs.append((value.lines["to"], nid, "continue", node.continue_to))
    if not node.contacts and not node.helplines:
        c.add(at, f"the outcome '{nid}' names no contact and no helpline",
              "add at least one role under 'contacts:' or one helpline under 'helplines:'")
    for role, line in zip(node.contacts, _lines(raw, "contacts")):
        if roles is not None and role not in roles:
            c.add(line, f"the contact role '{role}' in {what} does not exist",
                  "use one of: " + ", ".join(sorted(roles)))
    for hid, line in zip(node.helplines, _lines(raw, "helplines")):
        if helpline_ids is not None and hid not in helpline_ids:
            c.add(line, f"the helpline '{hid}' in {what} does not exist",
                  "use an id from docs/_data/helplines.yml: " + ", ".join(sorted(helpline_ids)))
    return node


def _answers(c: _Checker, raw: dict, nid: str) -> list[Answer]:
    answers = raw["answers"]
    at = raw.lines["answers"]
    if not isinstance(answers, list):
        c.add(at, f"'answers' of question '{nid}' must be a list", "start every answer with '- id: ...'")
        return []
    out = []
    ids = entries.Ids(c.add, ANSWER_IDS, nid=nid)
    for index, line, item in entries.mappings(answers, c.add, NOT_AN_ANSWER, nid=nid):
        entries.unknown_keys(item, ANSWER_KEYS, c.add, UNKNOWN_ANSWER_KEY, nid=nid)
        aid = str(item.get("id", ""))
        if not aid:
            c.add(line, f"answer {index + 1} of question '{nid}' has no 'id'",
                  "add 'id: a-short-name'; the test cases use it")
        elif aid == NOT_SURE_ID:  # a well-formed id, so checking it first changes no message
            c.add(item.lines["id"], f"the answer id '{NOT_SURE_ID}' is reserved",
                  "remove this answer: every question gets 'Ik weet het niet' automatically")
        else:
            ids.check(aid, item.lines["id"])
        text = c.text_map(item, "text", f"answer '{aid}' of '{nid}'")
        if "next" not in item:
            c.add(line, f"the answer '{aid}' of '{nid}' does not say where it leads",
                  "add 'next: <id of the next question or outcome>'")
            nxt = ""
        else:
            nxt = str(item["next"])
        out.append(Answer(aid, text, nxt, item.lines.get("next", line)))
    if len(answers) < 2:
        c.add(at, f"the question '{nid}' has fewer than two answers",
              "add at least two answers ('Ik weet het niet' is added automatically and does not count)")
    return out


def _names(c: _Checker, raw: dict, key: str, what: str) -> list[str]:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        c.add(raw.lines[key], f"'{key}' of {what} must be a list", f"write each item on its own line starting with '- '")
        return []
    return [str(v) for v in value]


def _lines(raw: dict, key: str) -> list[int]:
    value = raw.get(key)
    return list(getattr(value, "lines", [])) if isinstance(value, list) else []


def _top_ref(c: _Checker, data: dict, key: str, nodes: dict, what: str) -> str:
    if key not in data:
        c.add(data.line, f"the file has no '{key}:'", f"add '{key}: <id of {what}>' at the top")
        return ""
    ref = str(data[key])
    if ref not in nodes:
        c.add(data.lines[key], f"'{key}' names '{ref}', which does not exist",
              "use the id of one of the nodes below")
    return ref


def _check_read_more(c: _Checker, page: str, line: int, what: str, docs_dir: Path | None):
    if SCHEME_RE.match(page) or page.startswith("/") or ".." in page or not page.endswith(".md"):
        c.add(line, f"'read_more' of {what} must be a page of this site, such as 'ongewenst-gedrag.md'",
              "write the file name of a Dutch page in docs/, without a folder or address")
    elif docs_dir is not None and not (Path(docs_dir) / page).is_file():
        c.add(line, f"'read_more' of {what} names '{page}', which does not exist in docs/",
              "check the file name")


def _check_graph(c: _Checker, tree: Tree, data: dict):
    """Reachability and cycles, with the line of the answer that closes a loop."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(nid: str):
        state[nid] = 1
        node = tree.nodes[nid]
        for answer in tree.answers(node):
            target = answer.next
            if target not in tree.nodes:
                continue
            if state.get(target) == 1:
                c.add(answer.line or node.line,
                      f"the answer '{answer.id}' of '{nid}' leads back to '{target}', which makes a loop",
                      "point it to a node further down the tree; a question may not lead back to an earlier one")
            elif target not in state:
                visit(target)
        state[nid] = 2

    visit(tree.start)
    for node in tree.nodes.values():
        if node.id not in state:
            c.add(node.line, f"the node '{node.id}' cannot be reached from the start",
                  f"let an answer point to it with 'next: {node.id}', or remove it")


# ----------------------------------------------------------------------------------------------
# Contacts

def contacts_for(node: Node, contacts) -> list:
    """The organisation's contacts for an outcome: its roles in its order; if the organisation
    has none of them, its confidential advisers ("no wrong door"), so no outcome is empty."""
    picked, seen = [], set()
    for roles in (node.contacts, VP_ROLES):
        for role in roles:
            for contact in contacts or []:
                key = _field(contact, "id") or id(contact)
                if _field(contact, "role") == role and key not in seen:
                    picked.append(contact)
                    seen.add(key)
        if picked:
            break
    return picked


def is_external(contact) -> bool:
    """Engaged by the organisation from outside it (the organisation file decides; dicts: `external`)."""
    value = _field(contact, "is_external")
    if value is None:
        value = _field(contact, "external")
    return bool(value) if value is not None else _field(contact, "role") == "external-vp"


# ----------------------------------------------------------------------------------------------
# Unfolding into steps (one section per path)

@dataclass
class Step:
    node: Node
    parent: "Step | None"
    via: Answer | None
    fragment: str
    canonical: bool
    number: int  # for questions: the how-many-th question on this path (1-based); for outcomes: questions asked
    children: list = field(default_factory=list)  # [(Answer, Step)]

    @property
    def answers_path(self) -> list[str]:
        out, step = [], self
        while step.parent is not None:
            out.append(step.via.id)
            step = step.parent
        return out[::-1]

    @property
    def given(self) -> list[tuple["Step", Answer]]:
        """(question step, answer) for every answer on the way here, first question first."""
        out, step = [], self
        while step.parent is not None:
            out.append((step.parent, step.via))
            step = step.parent
        return out[::-1]


def unfold(tree: Tree) -> list[Step]:
    """Every path from the start, as steps in pre-order, with fragments s1, s2, ... in that order:
    neutral (nothing maps a fragment to a topic except the page itself) and stable for a given
    routing.yml. Per node, the step on the shortest path (first on a tie) is canonical: the one
    "continue" links go to."""
    steps: list[Step] = []

    def walk(node: Node, parent: Step | None, via: Answer | None, asked: int):
        number = asked + 1 if node.is_question else asked
        step = Step(node, parent, via, f"s{len(steps) + 1}", False, number)
        steps.append(step)
        for answer in tree.answers(node):
            step.children.append((answer, walk(tree.nodes[answer.next], step, answer, number)))
        return step

    walk(tree.nodes[tree.start], None, None, 0)
    best: dict[str, Step] = {}
    for step in steps:
        if step.node.id not in best or len(step.answers_path) < len(best[step.node.id].answers_path):
            best[step.node.id] = step
    for step in steps:
        step.canonical = best[step.node.id] is step
    return steps


def canonical_steps(steps: list[Step]) -> dict[str, Step]:
    return {s.node.id: s for s in steps if s.canonical}


def replay(tree: Tree, answers: list[str]) -> tuple[str | None, str]:
    """Follow answer ids from the start. Returns (node id reached, error or '')."""
    node = tree.nodes[tree.start]
    for index, aid in enumerate(answers):
        if not node.is_question:
            return None, f"the path ends at outcome '{node.id}' after {index} answers"
        options = {a.id: a for a in tree.answers(node)}
        if aid not in options:
            return None, f"question '{node.id}' has no answer '{aid}' (it has: {', '.join(options)})"
        node = tree.nodes[options[aid].next]
    return node.id, ""


def check_cases(tree: Tree, cases, shown: str) -> list[Problem]:
    """Every case must end on its expected outcome, and every outcome needs a case."""
    c = _Checker(shown)
    if not isinstance(cases, list):
        c.add(yamlfile.line_of(cases), "the cases file must be a list", "start every case with '- answers: [...]'")
        return c.problems
    covered = set()
    for index, case in enumerate(cases):
        line = cases.lines[index]
        if not isinstance(case, dict) or not isinstance(case.get("answers"), list) or "outcome" not in case:
            c.add(line, "a case needs 'answers: [...]' and 'outcome: ...'", "see the first case in the file")
            continue
        entries.unknown_keys(case, CASE_KEYS, c.add)
        reached, error = replay(tree, [str(a) for a in case["answers"]])
        expected = str(case["outcome"])
        if error:
            c.add(line, f"the case cannot be followed: {error}", "fix the answer ids in this case")
        elif reached != expected:
            c.add(case.lines["outcome"], f"the case ends at '{reached}', not at '{expected}'",
                  "fix the case, or the tree if the case is right")
        elif tree.nodes[reached].is_question:
            c.add(line, f"the case stops at the question '{reached}'", "add answers until an outcome is reached")
        else:
            covered.add(reached)
    for node in tree.outcomes:
        if node.id not in covered:
            c.add(1, f"no case reaches the outcome '{node.id}'", "add a case with the answers that lead to it")
    return c.problems


# ----------------------------------------------------------------------------------------------
# Loading

def load(path: Path | str = DATA_PATH, *, roles, helpline_ids, contacts=None, docs_dir=None, facts=None,
         phone_ids=None) -> Tree:
    """Load and validate; raise ValidationError with every problem at once."""
    data = yamlfile.load(path)
    tree, problems = validate(data, display_path(path), roles=roles, helpline_ids=helpline_ids,
                              contacts=contacts, docs_dir=docs_dir, facts=facts, phone_ids=phone_ids)
    if problems:
        raise ValidationError(problems)
    return tree


def load_cases(path: Path | str = CASES_PATH):
    return yamlfile.load(path)


# ----------------------------------------------------------------------------------------------
# Rendering: the whole tree as one block of escaped HTML (hooks/routing.py puts it in the page)

_MD = markdown_lib.Markdown(extensions=[])


@functools.lru_cache(maxsize=4096)  # an outcome's paragraphs repeat on every route that reaches it
def markdown_html(text: str) -> str:
    """Routing Markdown (validated: no HTML, safe links) to HTML; links to pages of this site,
    written as from docs/waar-kan-ik-terecht/, become the built addresses."""
    html = _MD.reset().convert(text)

    def page(match):
        path, anchor = match.group(1), match.group(2) or ""
        path = path[: -len("index")] if path.endswith("index") else path + "/"
        return f'href="{path}{anchor}"'

    return PAGE_LINK_RE.sub(page, html)


@dataclass
class Context:
    """What an organisation's build puts into the tree: its contacts and roles, its name and who
    may use its adviser, the helplines, and the renderers of contact and helpline cards (the
    organisation's and helplines' own, so a card looks the same everywhere)."""
    contacts: list
    helplines: dict
    render_contacts: object  # (contacts, lang) -> HTML
    render_helplines: object  # (helplines, lang) -> HTML
    org_name: dict = field(default_factory=dict)
    open_to: list = field(default_factory=list)  # [{nl, en}] group names, in order
    read_more: object = None  # (page, lang) -> (href, title)
    overview_href: str = "overzicht/"
    facts: object = None  # vpgids.facts.Facts for <!-- fact: id -->; None: docs/_data/facts.yml

    @property
    def roles(self) -> set:
        return {_field(c, "role") for c in self.contacts}


def _join(words: list[str], lang: str) -> str:
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {LABELS[lang]['and']} " + words[-1]


def step_label(step: Step, lang: str) -> str:
    t = LABELS[lang]
    return t["question_n"].format(n=step.number) if step.node.is_question else t["result"]


_default_helplines: dict = {}


def _helplines(helplines) -> dict:
    """The helplines given, or (outside a build) the project's own file, loaded once."""
    if helplines is not None:
        return helplines
    if "lines" not in _default_helplines:
        _default_helplines["lines"] = helplines_module.load()
    return _default_helplines["lines"]


def title_text(node: Node, lang: str, helplines=None) -> str:
    """An outcome's title as plain text, with <!-- helpline-phone: id --> as the numbers ("Bel nu 112")."""
    title = node.title[lang]
    if "<!--" not in title:
        return title
    lines = _helplines(helplines)
    return PHONE_MARKER.sub(lambda m: helplines_module.phone_text(lines[m.group(1)], lang), title)


def step_heading(step: Step, lang: str, helplines=None) -> str:
    node = step.node
    return node.question[lang] if node.is_question else title_text(node, lang, helplines)


def text_html(text: str, lang: str, ctx: Context) -> str:
    """Routing Markdown with its data markers: a phone marker becomes the helpline's tel: links (as
    Markdown, before conversion), a fact marker the fact's escaped HTML with its source (after)."""
    if "<!--" in text:
        text = PHONE_MARKER.sub(lambda m: helplines_module.phone_links_markdown(ctx.helplines[m.group(1)], lang),
                                text)
        text = FACT_MARKER.sub(lambda m: FACT_TOKEN.format(m.group(1)), text)
    html = markdown_html(text)
    if "\u27e6" in html:
        html = FACT_TOKEN_RE.sub(lambda m: facts_module.render_fact(m.group(1), lang, ctx.facts), html)
    return html


def _paragraphs(items: list[Paragraph], lang: str, ctx: Context) -> str:
    roles = ctx.roles
    return "\n".join(text_html(p.text[lang], lang, ctx) for p in items if p.shown(roles))


def _question_html(step: Step, lang: str) -> list[str]:
    t, node = LABELS[lang], step.node
    parts = []
    if node.hint:
        parts.append(f'<p class="routing-step__hint">{escape(node.hint[lang])}</p>')
    links = [f'<li><a class="routing-step__answer" href="#{child.fragment}" data-answer="{escape(a.id)}">'
             f'{escape(a.text[lang])}</a></li>' for a, child in step.children]
    parts.append(f'<ul class="routing-step__answers" aria-label="{escape(t["answers"])}">{"".join(links[:-1])}</ul>')
    parts.append(f'<p class="routing-step__or">{escape(t["or"])}</p>')
    parts.append(f'<ul class="routing-step__answers routing-step__answers--not-sure">{links[-1]}</ul>')
    return parts


def _outcome_html(step: Step, lang: str, ctx: Context, canonical: dict, bodies: dict) -> list[str]:
    """Text, then urgent help, the organisation's contacts (inside, then engaged from outside),
    other outside help, what happens next, and the reader's answers with a change link each.
    The part before the answers is the same on every route to an outcome: rendered once (bodies)."""
    if step.node.id not in bodies:
        bodies[step.node.id] = _outcome_body(step.node, lang, ctx, canonical)
    return [*bodies[step.node.id], _given_html(step, lang)]


def _outcome_body(node: Node, lang: str, ctx: Context, canonical: dict) -> list[str]:
    t = LABELS[lang]
    parts = [_paragraphs(node.text, lang, ctx)]
    picked = contacts_for(node, ctx.contacts)
    chosen = [ctx.helplines[h] for h in node.helplines if h in ctx.helplines]
    urgent = [h for h in chosen if _field(h, "urgent", False)]
    other = [h for h in chosen if not _field(h, "urgent", False)]

    def section(title, html):
        return f'<h3>{escape(title)}</h3>\n{html}'

    if urgent:
        parts.append(section(t["urgent"], ctx.render_helplines(urgent, lang)))
    if node.continue_to:
        target = canonical[node.continue_to]
        parts.append(f'<p class="routing-step__continue"><a class="md-button" href="#{target.fragment}">'
                     f'{escape(node.continue_text[lang])}</a></p>')
    org = []
    inside = [c for c in picked if not is_external(c)]
    outside = [c for c in picked if is_external(c)]
    if inside:
        org.append(section(t["in_org"], ctx.render_contacts(inside, lang)))
    if outside:
        org.append(section(t["from_outside"], ctx.render_contacts(outside, lang)))
    help_outside = [section(t["outside"], ctx.render_helplines(other, lang))] if other else []
    parts += (help_outside + org) if node.outside_first else (org + help_outside)
    parts.append(section(t["next_steps"], _paragraphs(node.next_steps, lang, ctx)))
    if node.open_to and ctx.open_to:
        groups = _join([g[lang] for g in ctx.open_to], lang)
        parts.append(section(t["open_to_title"],
                             f'<p>{escape(t["open_to"].format(org=ctx.org_name.get(lang, ""), groups=groups))}</p>'
                             f'<p>{escape(t["open_to_else"])}</p>'))
    if node.read_more and ctx.read_more:
        href, title = ctx.read_more(node.read_more, lang)
        parts.append(f'<p>{escape(t["read_more"])}: <a href="{escape(href)}">{escape(title)}</a></p>')
    return parts


def _given_html(step: Step, lang: str) -> str:
    t = LABELS[lang]
    rows = []
    for question, answer in step.given:
        q = question.node.question[lang]
        rows.append(f'<dt>{escape(q)}</dt><dd>{escape(answer.text[lang])}</dd>'
                    f'<dd><a href="#{question.fragment}">{escape(t["change"])}'
                    f'<span class="routing-step__vh"> {escape(t["change_what"].format(q=q))}</span></a></dd>')
    return (f'<details class="routing-step__given"><summary>{escape(t["given"])}</summary>'
            f'<dl>{"".join(rows)}</dl></details>')


def render_tree(steps: list[Step], lang: str, ctx: Context) -> str:
    """Every step as a <section id="sN">; the first question is shown when no step is targeted."""
    t = LABELS[lang]
    canonical = canonical_steps(steps)
    bodies: dict[str, list[str]] = {}
    out = ['<div class="routing" data-routing>']
    for step in steps:
        node = step.node
        kind = "question" if node.is_question else "outcome"
        first = " routing-step--first" if step.parent is None else ""
        label = step_label(step, lang)
        parts = [f'<section class="routing-step routing-step--{kind}{first}" id="{step.fragment}" '
                 f'data-label="{escape(label)}">']
        if step.parent is not None:
            parts.append(f'<p class="routing-step__back"><a href="#{step.parent.fragment}">'
                         f'{escape(t["previous"])}</a></p>')
        parts.append(f'<h2 class="routing-step__title"><span class="routing-step__label">{escape(label)}'
                     f'<span class="routing-step__vh">:</span></span> {escape(step_heading(step, lang, ctx.helplines))}</h2>')
        parts += _question_html(step, lang) if node.is_question else _outcome_html(step, lang, ctx, canonical, bodies)
        actions = []
        if step.parent is not None:
            actions.append(f'<li><a href="#{steps[0].fragment}" data-routing-restart>{escape(t["restart"])}</a></li>')
        actions.append(f'<li><a href="{escape(ctx.overview_href)}">{escape(t["overview"])}</a></li>')
        if not node.is_question:
            actions.append(f'<li hidden data-routing-print><button type="button" class="md-button">'
                           f'{escape(t["print"])}</button></li>')
        parts.append(f'<ul class="routing-step__actions">{"".join(actions)}</ul>')
        parts.append("</section>")
        out.append("\n".join(parts))
    out.append('<p class="routing__status" role="status" aria-live="polite" data-routing-status></p>')
    out.append("</div>")
    return "\n".join(out)


def overview_html(steps: list[Step], lang: str, href, helplines=None) -> str:
    """Every route as nested lists: question -> answer -> next question or outcome. `href(step)`
    returns the link from the overview page to that step of the tree page."""

    def item(step: Step) -> str:
        node = step.node
        if not node.is_question:
            return f'<a href="{escape(href(step))}">{escape(title_text(node, lang, helplines))}</a>'
        parts = [f'<a href="{escape(href(step))}">{escape(node.question[lang])}</a>', "<ul>"]
        for answer, child in step.children:
            parts.append(f"<li>{escape(answer.text[lang])} → {item(child)}</li>")
        parts.append("</ul>")
        return "".join(parts)

    return f'<div class="routing-overview">\n<ul><li>{item(steps[0])}</li></ul>\n</div>'


def stats(tree: Tree) -> dict:
    """Numbers for reports: nodes, routes (paths to an outcome), deepest path in questions."""
    steps = unfold(tree)
    leaves = [s for s in steps if not s.node.is_question]
    return {"nodes": len(tree.nodes), "questions": len(tree.questions), "outcomes": len(tree.outcomes),
            "steps": len(steps), "paths": len(leaves), "max_depth": max(s.number for s in leaves)}
