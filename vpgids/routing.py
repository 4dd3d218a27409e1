"""The contact-routing tree "Waar kan ik terecht?": load, validate, unfold and render.

The data (docs/_data/routing.yml) is a deliberately small language: a node is either a question
(text, optional hint, answers that each point to a next node) or an outcome (title, Markdown text,
organisation contact ROLES, helpline ids, "what happens next"). No expressions, no variables
(GOV.UK's Smartdown lesson, anchors.md §1.1). Everything else lives here, with tests.

Outcomes name contact roles, not contact ids: the routing data belongs to the project and must
upgrade cleanly, the contacts belong to the organisation. Roles, contacts and helpline ids are
passed in (dependency injection), so this module does not depend on how they are loaded.

Nodes may be shared (two answers pointing to one node). For "Vorige vraag" to work without
JavaScript, the tree is unfolded: every path to a node gets its own step page, so every step has
exactly one parent. The first path (in file order) is canonical: it gets the short URL and is
the one in the search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from . import entries, yamlfile
from .problems import Problem, ValidationError, display_path

LANGS = ("nl", "en")
ROOT = Path(__file__).resolve().parent.parent
DATA_PATH = ROOT / "docs" / "_data" / "routing.yml"
CASES_PATH = ROOT / "docs" / "_data" / "routing-cases.yml"
SECTION = "waar-kan-ik-terecht"  # the folder of the start page, the overview and the step pages
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

TOP_KEYS = ("start", "not_sure", "reviewed", "nodes")
QUESTION_KEYS = ("id", "question", "hint", "answers")
OUTCOME_KEYS = ("id", "title", "text", "contacts", "helplines", "next_steps", "read_more", "outside_first")
ANSWER_KEYS = ("id", "text", "next")
PLAIN = "plain"
MARKDOWN = "markdown"

LABELS = {
    "nl": {
        "tree": "Waar kan ik terecht?", "question_n": "Vraag {n}", "result": "Uitkomst",
        "not_sure": "Ik weet het niet", "previous": "Vorige vraag", "back_to_start": "Terug naar de uitleg",
        "restart": "Opnieuw beginnen", "overview": "Alle routes bekijken", "print": "Print deze pagina",
        "answers": "Kies een antwoord", "actions": "Verder",
        "in_org": "In je organisatie", "outside": "Hulp buiten je organisatie",
        "urgent": "Nu direct hulp", "next_steps": "Wat gebeurt er hierna?", "read_more": "Lees meer",
        "question_description": "Een vraag uit de wegwijzer Waar kan ik terecht?",
        "result_description": "Een uitkomst van de wegwijzer Waar kan ik terecht?",
        "start": "Start", "or": "of",
    },
    "en": {
        "tree": "Who can I turn to?", "question_n": "Question {n}", "result": "Result",
        "not_sure": "I'm not sure", "previous": "Previous question", "back_to_start": "Back to the introduction",
        "restart": "Start again", "overview": "See all routes", "print": "Print this page",
        "answers": "Choose an answer", "actions": "More",
        "in_org": "In your organisation", "outside": "Help outside your organisation",
        "urgent": "Help right now", "next_steps": "What happens next?", "read_more": "Read more",
        "question_description": "A question from the guide Who can I turn to?",
        "result_description": "A result of the guide Who can I turn to?",
        "start": "Start", "or": "or",
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
class Node:
    id: str
    kind: str  # "question" or "outcome"
    line: int = 0
    question: dict = field(default_factory=dict)
    hint: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)
    title: dict = field(default_factory=dict)
    text: dict = field(default_factory=dict)
    next_steps: dict = field(default_factory=dict)
    contacts: list = field(default_factory=list)   # roles, in the order the outcome lists them
    helplines: list = field(default_factory=list)  # helpline ids
    read_more: str = ""
    outside_first: bool = False

    @property
    def is_question(self) -> bool:
        return self.kind == "question"


@dataclass
class Tree:
    start: str
    not_sure: str
    nodes: dict  # id -> Node, in file order
    file: str = ""
    reviewed: str = ""  # ISO date the content was last reviewed; shown as the step pages' `reviewed`

    def answers(self, node: Node) -> list[Answer]:
        """The node's own answers plus the "I'm not sure" answer every question gets."""
        if not node.is_question:
            return []
        return node.answers + [Answer(NOT_SURE_ID, dict(LABELS_NOT_SURE), self.not_sure, 0)]

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
NOT_A_NODE = entries.Words("this item is not a node with keys", "write 'id:' and then the question or outcome keys")
NOT_AN_ANSWER = entries.Words("answer {n} of question '{nid}' has no keys", "write 'id:', 'text:' and 'next:'")
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


class _Checker:
    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []

    def add(self, line, message, fix):
        self.problems.append(Problem(self.shown, line or 1, message, fix))

    def text_map(self, owner: dict, key: str, what: str, kind: str = PLAIN, required: bool = True) -> dict:
        """A {nl, en} text. Checks both languages, HTML, and (for Markdown) link safety."""
        if key not in owner:
            if required:
                self.add(owner.line, f"{what} has no '{key}'",
                         f"add '{key}:' with a line 'nl: ...' and a line 'en: ...' under it")
            return {}

        def safe(text, line, lang):
            self.safe_text(text, line, f"'{key}' ({lang}) of {what}", kind)

        return entries.text_map(owner[key], owner.lines[key], TEXT_WORDS, self.add, safe, key=key, what=what)

    def safe_text(self, text: str, line: int, where: str, kind: str):
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


def validate(data, shown: str, *, roles, helpline_ids, contacts=None, docs_dir: Path | None = None
             ) -> tuple[Tree | None, list[Problem]]:
    """Check the parsed routing file. Returns the tree (None if unusable) and every problem found.

    roles: every contact role the project knows (an unknown role is an error; an organisation
    may still lack a known role). helpline_ids: ids in the helplines data. contacts: the
    organisation's contacts (objects or dicts with `id` and `role`), or None to skip the
    per-organisation check. docs_dir: to check that `read_more` pages exist. roles or helpline_ids
    None skips that check (used only while a source is missing or reports its own errors).
    """
    c = _Checker(shown)
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
        else:
            node = Node(nid, "outcome", at)
            node.title = c.text_map(raw, "title", what)
            node.text = c.text_map(raw, "text", what, MARKDOWN)
            node.next_steps = c.text_map(raw, "next_steps", what, MARKDOWN)
            node.contacts = _names(c, raw, "contacts", what)
            node.helplines = _names(c, raw, "helplines", what)
            outside_first = raw.get("outside_first", False)
            if not isinstance(outside_first, bool):
                c.add(raw.lines["outside_first"], f"'outside_first' of {what} must be true or false",
                      "write 'outside_first: true' or leave the line out")
            node.outside_first = outside_first is True
            if "read_more" in raw:
                node.read_more = str(raw["read_more"])
                _check_read_more(c, node.read_more, raw.lines["read_more"], what, docs_dir)
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
        nodes[nid] = node

    start = _top_ref(c, data, "start", nodes, "the first question")
    not_sure = _top_ref(c, data, "not_sure", nodes, "the outcome for 'I'm not sure'")
    if start and start in nodes and not nodes[start].is_question:
        c.add(data.lines["start"], f"the start node '{start}' is an outcome, not a question",
              "let 'start:' name the first question")
    if not_sure and not_sure in nodes and nodes[not_sure].is_question:
        c.add(data.lines["not_sure"], f"'not_sure' names '{not_sure}', which is a question",
              "let 'not_sure:' name an outcome, such as the one that sends people to the confidential adviser")

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
    if tree and not c.problems:  # unfolding needs a sound graph (no loops, no dangling answers)
        _check_slugs(c, tree)
    return (tree if not c.problems else None), c.problems


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


# ----------------------------------------------------------------------------------------------
# Unfolding into steps (one page per path)

@dataclass
class Step:
    node: Node
    parent: "Step | None"
    via: Answer | None
    slug: str
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


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def unfold(tree: Tree) -> list[Step]:
    """Every path from the start, as steps in pre-order. Per node, the step on the shortest path
    (first in file order on a tie) is canonical: short address, in the search index."""
    steps: list[Step] = []

    def walk(node: Node, parent: Step | None, via: Answer | None, asked: int):
        number = asked + 1 if node.is_question else asked
        step = Step(node, parent, via, "", False, number)
        steps.append(step)
        for answer in tree.answers(node):
            step.children.append((answer, walk(tree.nodes[answer.next], step, answer, number)))
        return step

    walk(tree.nodes[tree.start], None, None, 0)
    best: dict[str, Step] = {}
    for step in steps:
        if step.node.id not in best or len(step.answers_path) < len(best[step.node.id].answers_path):
            best[step.node.id] = step
    for step in steps:  # pre-order: a parent's slug is known before its children's
        step.canonical = best[step.node.id] is step
        key = step.node.id if step.canonical else f"{step.node.id}<{step.parent.slug}"
        step.slug = "stap-" + _hash(key)
    return steps


def _check_slugs(c: _Checker, tree: Tree):
    by_slug: dict[str, Step] = {}
    for step in unfold(tree):
        other = by_slug.setdefault(step.slug, step)
        if other is not step and other.node.id != step.node.id:
            c.add(step.node.line, f"the nodes '{other.node.id}' and '{step.node.id}' get the same page address",
                  "rename one of them (add a letter to its id)")


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

def load(path: Path | str = DATA_PATH, *, roles, helpline_ids, contacts=None, docs_dir=None) -> Tree:
    """Load and validate; raise ValidationError with every problem at once."""
    data = yamlfile.load(path)
    tree, problems = validate(data, display_path(path), roles=roles, helpline_ids=helpline_ids,
                              contacts=contacts, docs_dir=docs_dir)
    if problems:
        raise ValidationError(problems)
    return tree


def load_cases(path: Path | str = CASES_PATH):
    return yamlfile.load(path)


# ----------------------------------------------------------------------------------------------
# Rendering (Markdown source of the step pages; the template adds links and layout)

def page_title(step: Step, lang: str) -> str:
    """Neutral on purpose: browser history must not show the topic."""
    t = LABELS[lang]
    name = t["question_n"].format(n=step.number) if step.node.is_question else t["result"]
    return f"{name} – {t['tree']}"


def outcome_body(node: Node, lang: str, *, contacts, render_contacts, helplines, render_helplines,
                 read_more_url: str = "", read_more_title: str = "") -> str:
    """Markdown + escaped HTML for an outcome: organisation first, then outside help, then next steps.
    Urgent helplines (112, 113) always come first; `outside_first` puts all outside help first.
    The renderers are the organisation's and the helplines' own (one renderer per thing):
    render_contacts(list, lang) and render_helplines(list, lang) return HTML."""
    t = LABELS[lang]
    picked = contacts_for(node, contacts)
    chosen = [helplines[h] for h in node.helplines if h in helplines]
    urgent = [h for h in chosen if _field(h, "urgent", False)]
    other = [h for h in chosen if not _field(h, "urgent", False)]
    if node.outside_first:
        urgent, other = urgent + other, []

    def section(title, anchor, html):
        # Blank lines around the HTML keep Markdown from wrapping it in a paragraph.
        return [f"## {title} {{#{anchor}}}", "", html, ""]

    lines = [node.text[lang], ""]
    if urgent:
        lines += section(t["outside"] if node.outside_first else t["urgent"], "direct",
                         render_helplines(urgent, lang))
    if picked:
        lines += section(t["in_org"], "organisatie", render_contacts(picked, lang))
    if other:
        lines += section(t["outside"], "buiten", render_helplines(other, lang))
    lines += [f'## {t["next_steps"]} {{#hierna}}', "", node.next_steps[lang], ""]
    if read_more_url:
        lines += [f'{t["read_more"]}: [{escape(read_more_title)}]({read_more_url})', ""]
    return "\n".join(lines)


def heading_html(text: str) -> str:
    return f'<h1 id="stap" class="routing-step__title">{escape(text)}</h1>'


def overview_html(steps: list[Step], lang: str, href) -> str:
    """Every route as nested lists: question -> answer -> next question or outcome. `href(step)`
    returns the link from the overview page to a step page."""
    t = LABELS[lang]

    def item(step: Step) -> str:
        node = step.node
        if not node.is_question:
            return f'<a href="{escape(href(step))}">{escape(node.title[lang])}</a>'
        parts = [f'<a href="{escape(href(step))}">{escape(node.question[lang])}</a>', "<ul>"]
        for answer, child in step.children:
            parts.append(f"<li>{escape(answer.text[lang])} → {item(child)}</li>")
        parts.append("</ul>")
        return "".join(parts)

    return f'<div class="routing-overview" markdown="0">\n<ul><li>{item(steps[0])}</li></ul>\n</div>'


def stats(tree: Tree) -> dict:
    """Numbers for reports: nodes, paths (routes to an outcome), deepest path in questions."""
    steps = unfold(tree)
    leaves = [s for s in steps if not s.node.is_question]
    return {"nodes": len(tree.nodes), "questions": len(tree.questions), "outcomes": len(tree.outcomes),
            "steps": len(steps), "paths": len(leaves), "max_depth": max(s.number for s in leaves)}

