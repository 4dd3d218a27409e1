"""Unit tests of the routing-data validator: one small broken fixture per rule, exact message and line.
Roles, contacts and helpline ids are passed in, so these tests do not depend on the organisation
or helplines modules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import problems_raised
from vpgids import routing

FIXTURES = Path(__file__).parent / "fixtures" / "routing"
ROLES = {"internal-vp", "external-vp", "integrity-vp", "complaints-committee", "reporting-procedure",
         "occupational-physician", "hr", "works-council"}
HELPLINES = {"alarmnummer-112", "113"}
DOCS = Path(__file__).resolve().parent.parent / "docs"


def problems(name, **kwargs):
    options = {"roles": ROLES, "helpline_ids": HELPLINES, "docs_dir": DOCS, **kwargs}
    return problems_raised(routing.load, FIXTURES / name, **options)


def at(name, line):
    return f"tests/fixtures/routing/{name}:{line}: "


def test_valid_fixture_loads():
    tree = routing.load(FIXTURES / "valid.yml", roles=ROLES, helpline_ids=HELPLINES, docs_dir=DOCS)
    assert [n.id for n in tree.questions] == ["vraag"]
    assert routing.replay(tree, ["a"]) == ("uitkomst-a", "")
    assert routing.replay(tree, [routing.NOT_SURE_ID]) == ("weet-niet", "")


@pytest.mark.parametrize("name, expected", [
    ("yaml-syntax.yml", [at("yaml-syntax.yml", 7) + "YAML syntax error: mapping values are not allowed here — "
                         "check indentation (spaces, not tabs), colons after keys, and quotes around text with a colon"]),
    ("unknown-start.yml", [at("unknown-start.yml", 1) + "'start' names 'eerste-vraag', which does not exist — "
                           "use the id of one of the nodes below"]),
    ("duplicate-id.yml", [at("duplicate-id.yml", 15) + "the node id 'weet-niet' is used twice (first on line 10) — "
                          "give every node its own id"]),
    ("dangling-answer.yml", [at("dangling-answer.yml", 10) + "the answer 'a' of 'vraag' points to 'uitkomts-a', "
                             "which does not exist — check the spelling after 'next:' or add a node with that id"]),
    ("unreachable.yml", [at("unreachable.yml", 15) + "the node 'vergeten' cannot be reached from the start — "
                         "let an answer point to it with 'next: vergeten', or remove it"]),
    ("cycle.yml", [at("cycle.yml", 13) + "the answer 'terug' of 'tweede' leads back to 'vraag', which makes a loop — "
                   "point it to a node further down the tree; a question may not lead back to an earlier one"]),
    ("one-answer.yml", [at("one-answer.yml", 7) + "the question 'vraag' has fewer than two answers — add at least "
                        "two answers ('Ik weet het niet' is added automatically and does not count)"]),
    ("no-contact.yml", [at("no-contact.yml", 10) + "the outcome 'leeg' names no contact and no helpline — "
                        "add at least one role under 'contacts:' or one helpline under 'helplines:'"]),
    ("missing-translation.yml", [at("missing-translation.yml", 6) + "'question' of node 'vraag' has no English (en) "
                                 "text — add a line 'en: ...' under 'question:' (missing translation)"]),
    ("unknown-role.yml", [at("unknown-role.yml", 16) + "the contact role 'ombudsman' in node 'weet-niet' does not "
                          "exist — use one of: " + ", ".join(sorted(ROLES))]),
    ("unknown-helpline.yml", [at("unknown-helpline.yml", 17) + "the helpline 'kindertelefoon' in node 'weet-niet' "
                              "does not exist — use an id from docs/_data/helplines.yml: 113, alarmnummer-112"]),
    ("unsafe-url.yml", [
        at("unsafe-url.yml", 13) + "'text' (nl) of node 'weet-niet' links to a 'javascript:' address, which can run "
                                   "code in the reader's browser — link to a page of this site or to an https:// address",
        at("unsafe-url.yml", 14) + "'text' (en) of node 'weet-niet' links to a 'data:' address, which can run "
                                   "code in the reader's browser — link to a page of this site or to an https:// address",
        at("unsafe-url.yml", 16) + "'next_steps' (nl) of node 'weet-niet' links to 'http://example.org', which is "
                                   "not https, mailto, tel or a page of this site — use an https:// address, mailto:, "
                                   "tel:, or a relative link such as ../hulplijnen.md",
        at("unsafe-url.yml", 17) + "'next_steps' (en) of node 'weet-niet' links to '//evil.example', an address "
                                   "without https: — write the full address, starting with https://",
    ]),
    ("html-in-text.yml", [
        at("html-in-text.yml", 6) + "'question' (nl) of node 'vraag' contains HTML ('<b>over</b>?') — write plain "
                                    "text: the site escapes it and adds the layout itself",
        at("html-in-text.yml", 8) + "'text' (en) of answer 'a' of 'vraag' contains HTML ('&amp; B') — write plain "
                                    "text: the site escapes it and adds the layout itself",
        at("html-in-text.yml", 13) + "'text' (nl) of node 'weet-niet' contains HTML ('<script>aler') — use Markdown "
                                     "instead: **bold**, [link text](https://...), a list with '- '",
        at("html-in-text.yml", 14) + "'text' (en) of node 'weet-niet' contains an attribute block in curly braces — "
                                     "remove the '{...}': layout attributes are not allowed in routing texts",
    ]),
])
def test_each_rule_reports_file_line_message_and_fix(name, expected):
    assert problems(name) == expected


def test_all_problems_are_reported_at_once():
    found = problems("many-problems.yml")
    assert [p.split(": ", 1)[0] for p in found] == [
        "tests/fixtures/routing/many-problems.yml:7",   # fewer than two answers
        "tests/fixtures/routing/many-problems.yml:8",   # missing English answer text
        "tests/fixtures/routing/many-problems.yml:8",   # answer points nowhere
        "tests/fixtures/routing/many-problems.yml:13",  # unknown role
    ]
    assert "fewer than two answers" in found[0]
    assert "no English (en) text" in found[1] and "points to 'nergens'" in found[2]
    assert "'directeur'" in found[3]


# -- the organisation's contacts: by role, in the outcome's order, with a "no wrong door" fallback

FULL_ORG = [
    {"id": "vp-intern", "role": "internal-vp"}, {"id": "vp-extern", "role": "external-vp"},
    {"id": "klachten", "role": "complaints-committee"}, {"id": "hr", "role": "hr"},
]
ONLY_EXTERNAL = [{"id": "vp-extern", "role": "external-vp"}]


def outcome(*roles):
    return routing.Node("x", "outcome", contacts=list(roles))


def ids(contacts):
    return [c["id"] for c in contacts]


def test_contacts_follow_the_outcomes_role_order():
    assert ids(routing.contacts_for(outcome("complaints-committee", "internal-vp"), FULL_ORG)) == ["klachten", "vp-intern"]
    assert ids(routing.contacts_for(outcome("hr", "works-council"), FULL_ORG)) == ["hr"]


def test_missing_roles_fall_back_to_the_confidential_advisers():
    assert ids(routing.contacts_for(outcome("reporting-procedure", "integrity-vp"), ONLY_EXTERNAL)) == ["vp-extern"]
    assert ids(routing.contacts_for(outcome("occupational-physician"), FULL_ORG)) == ["vp-intern", "vp-extern"]


def test_an_organisation_without_any_adviser_is_reported_for_outcomes_without_helplines():
    found = problems("valid.yml", contacts=[{"id": "hr", "role": "hr"}])
    assert found == [at("valid.yml", 14) + "the outcome 'uitkomst-a' has no contact in this organisation and no "
                     "helpline — add a confidential adviser to the organisation file, or a helpline to this outcome"]


def test_real_data_routes_an_external_only_organisation_without_empty_outcomes():
    tree = routing.load(roles=ROLES, helpline_ids=None, contacts=ONLY_EXTERNAL, docs_dir=DOCS)
    for node in tree.outcomes:
        assert routing.contacts_for(node, ONLY_EXTERNAL), node.id


# -- the v2 format: conditions on paragraphs, role words, continue links, a question's own not_sure

def test_role_words_conditions_and_references_are_checked_with_file_and_line():
    name = "role-words.yml"
    roles = ", ".join(sorted(ROLES))
    assert problems(name) == [
        at(name, 5) + "the answer 'weet-niet' of 'vraag' leads back to 'vraag', which makes a loop — point it to a "
                      "node further down the tree; a question may not lead back to an earlier one",
        at(name, 7) + "'not_sure' of node 'vraag' names 'vraag', which is not an outcome — use the id of an outcome",
        at(name, 16) + "the title of node 'weet-niet' names 'bedrijfsarts' (nl), but is shown to organisations without "
                       "the role 'occupational-physician' — put the sentence in a paragraph of its own with "
                       "'if: occupational-physician', or write it without naming that role",
        at(name, 18) + "paragraph 1 of 'text' of node 'weet-niet' names 'HR' (nl), but is shown to organisations "
                       "without the role 'hr' — put the sentence in a paragraph of its own with 'if: hr', or write "
                       "it without naming that role",
        at(name, 19) + "paragraph 2 of 'text' of node 'weet-niet' names 'works council' (en), but is shown to "
                       "organisations without the role 'works-council' — put the sentence in a paragraph of its own "
                       "with 'if: works-council', or write it without naming that role",
        at(name, 20) + f"'unless: ombudsman' in paragraph 3 of 'text' of node 'weet-niet' is not a contact role — "
                       f"use one of: {roles}",
        at(name, 21) + "'nl' of paragraph 4 of 'text' of node 'weet-niet' links to '../bestaat-niet.md', which is not "
                       "a page of this site — write the link as from docs/waar-kan-ik-terecht/, such as ../hulplijnen.md",
        at(name, 21) + "paragraph 4 of 'text' of node 'weet-niet' has no English (en) text — add a line 'en: ...' "
                       "(missing translation)",
        at(name, 25) + "'continue' of node 'weet-niet' names 'nergens', which does not exist — use the id of a question",
    ]


class Card:
    def __init__(self, cid, role, external=None):
        self.id, self.role, self.external = cid, role, external

    @property
    def is_external(self):
        return self.role == "external-vp" if self.external is None else self.external


def render(contacts, lang="nl"):
    tree = routing.load(FIXTURES / "conditions.yml", roles=ROLES, helpline_ids={"113", "alarmnummer-112"},
                        docs_dir=DOCS)
    steps = routing.unfold(tree)
    ctx = routing.Context(
        contacts=contacts, helplines={"113": {"id": "113", "urgent": True}, "alarmnummer-112": {"urgent": True}},
        render_contacts=lambda items, lang: "".join(f"<card {c.id}>" for c in items),
        render_helplines=lambda items, lang: "".join(f"<line {h.get('id', '112')}>" for h in items),
        org_name={"nl": "Stichting Test", "en": "Test Foundation"},
        open_to=[{"nl": "medewerkers", "en": "employees"}, {"nl": "stagiairs", "en": "interns"}])
    html = routing.render_tree(steps, lang, ctx)
    sections = dict(re.findall(r'<section class="routing-step[^"]*" id="(s\d+)"[^>]*>(.*?)</section>', html, re.S))
    return steps, html, sections


def test_paragraphs_show_only_where_the_organisation_has_the_role():
    full = [Card("vp", "internal-vp"), Card("ext", "external-vp"), Card("kc", "complaints-committee", True)]
    steps, _, sections = render(full)
    b = next(s for s in steps if s.node.id == "uitkomst-b")
    text = sections[b.fragment]
    assert "Altijd zichtbaar." in text and "Naar de klachtencommissie." in text
    assert "klachtenregeling" not in text and "Kies de externe vertrouwenspersoon." in text
    # The committee is engaged from outside (external: true), so it is not "in je organisatie".
    assert "<h3>Door je organisatie ingeschakeld, van buiten</h3>\n<card kc>" in text
    assert "In je organisatie" not in text

    steps, _, sections = render([Card("vp", "internal-vp")])
    text = sections[b.fragment]
    assert "Vraag naar de klachtenregeling." in text and "klachtencommissie" not in text
    assert "externe vertrouwenspersoon" not in text
    assert "<h3>In je organisatie</h3>\n<card vp>" in text  # the no-wrong-door fallback


def test_steps_link_back_change_answers_and_continue_by_fragment():
    steps, html, sections = render([Card("vp", "internal-vp")], "en")
    by_path = {tuple(s.answers_path): s for s in steps}
    first, second = by_path[()], by_path[("a",)]
    outcome = by_path[("a", "c")]
    text = sections[outcome.fragment]
    assert f'<p class="routing-step__back"><a href="#{second.fragment}">Previous question</a></p>' in text
    assert f'<a href="#{first.fragment}" data-routing-restart>Start again</a>' in text
    # Your answers: one row per answer, each with a change link to that question on this route.
    assert "<details class=\"routing-step__given\"><summary>Your answers</summary>" in text
    assert re.findall(r'<dd>([^<]*)</dd><dd><a href="#(s\d+)">Change', text) == [
        ("Answer A", first.fragment), ("Answer C", second.fragment)]
    # A question's own not_sure, and the continue link back into the questions.
    twijfel = by_path[(routing.NOT_SURE_ID,)]
    assert twijfel.node.id == "twijfel"
    assert f'href="#{second.fragment}">Go on</a>' in sections[twijfel.fragment]
    assert sections[twijfel.fragment].index("<line 112>") < sections[twijfel.fragment].index("<line 113>")
    # Links to pages of the site become built addresses; who may use the adviser comes from the setting.
    assert 'href="../hulplijnen/#direct"' in text
    assert "At Test Foundation you can see the confidential adviser if you are one of: employees and interns." in text
    assert "routing-step--first" in html.split(f'id="{first.fragment}"')[0].rsplit("<section", 1)[1]
    assert len(re.findall(r'<section class="routing-step', html)) == len(steps)


# ----------------------------------------------------------------- facts and phone numbers by id

FACTS = Path(__file__).parent / "fixtures" / "routing" / "facts.yml"
PHONES = {"113", "alarmnummer-112"}


def test_unknown_fact_and_phone_ids_are_reported_on_their_own_line():
    from vpgids import facts

    found = problems("unknown-markers.yml", helpline_ids=PHONES | {"politie"}, facts=facts.load(FACTS),
                     phone_ids=PHONES)
    name = "unknown-markers.yml"
    phones_fix = "use an id with a phone number from docs/_data/helplines.yml: 113, alarmnummer-112"
    assert found == [
        # Questions and answers are plain text: a marker there is HTML, as before.
        at(name, 12) + "'text' (nl) of answer 'b' of 'vraag' contains HTML ('<!-- helplin') — write plain "
                       "text: the site escapes it and adds the layout itself",
        # A title may name a phone number, not a fact (a fact is a sentence with its source).
        at(name, 15) + "'title' (en) of node 'weet-niet' contains HTML ('<!-- fact: s') — write plain text: "
                       "the site escapes it and adds the layout itself",
        at(name, 15) + "the helpline 'politie' in 'title' (nl) of node 'weet-niet' does not exist or has no "
                       "phone number — " + phones_fix,
        # Inside a `|` block: the line of the marker itself.
        at(name, 19) + "the fact 'staat' in 'text' (nl) of node 'weet-niet' does not exist — use an id from "
                       "docs/_data/facts.yml: commissie, gecontroleerd, status",
        # An embedded fact's words count as the paragraph's own: this one names a role.
        at(name, 22) + "paragraph 1 of 'next_steps' of node 'weet-niet' names 'klachtencommissie' (nl), but is "
                       "shown to organisations without the role 'complaints-committee' — put the sentence in a "
                       "paragraph of its own with 'if: complaints-committee', or write it without naming that role",
        at(name, 22) + "the helpline 'kindertelefoon' in 'nl' of paragraph 1 of 'next_steps' of node 'weet-niet' "
                       "does not exist or has no phone number — " + phones_fix,
        # Only the two markers are allowed; any other comment is still HTML.
        at(name, 23) + "'en' of paragraph 1 of 'next_steps' of node 'weet-niet' contains HTML ('<!-- other -') — "
                       "use Markdown instead: **bold**, [link text](https://...), a list with '- '",
    ]


def _markers_rendered(roles_contacts, lang):
    from vpgids import facts, helplines

    lines = {
        "113": helplines.Helpline(id="113", name={}, purpose={}, sources=(), phones=("113", "0800-0113"), urgent=True),
        "alarmnummer-112": helplines.Helpline(id="alarmnummer-112", name={}, purpose={}, sources=(), phones=("112",),
                                              urgent=True),
    }
    found = facts.load(FACTS)
    tree = routing.load(FIXTURES / "markers.yml", roles=ROLES, helpline_ids=PHONES, facts=found, phone_ids=PHONES,
                        docs_dir=DOCS)
    steps = routing.unfold(tree)
    ctx = routing.Context(contacts=roles_contacts, helplines=lines, facts=found,
                          render_contacts=lambda items, lang: "".join(f"<card {c.id}>" for c in items),
                          render_helplines=lambda items, lang: "".join(f"<line {h.id}>" for h in items))
    html = routing.render_tree(steps, lang, ctx)
    overview = routing.overview_html(steps, lang, lambda s: f"../#{s.fragment}", lines)
    step = next(s for s in steps if s.node.id == "uitkomst-a")
    section = re.search(rf'<section [^>]*id="{step.fragment}"[^>]*>(.*?)</section>', html, re.S).group(1)
    return section, html, overview


def test_an_outcome_shows_the_fact_with_its_source_and_the_helplines_numbers():
    section, html, overview = _markers_rendered([Card("kc", "complaints-committee")], "nl")
    assert "Bel nu 112</h2>" in section and ">Bel nu 112</a>" in overview
    # The fact's text, escaped, with its source and the source's date; "gecontroleerd" only with verified:.
    assert ('<p>Eerst dit.\n<span class="vp-fact">Het voorstel is nog geen wet &amp; &quot;wacht&quot;. '
            '<span class="vp-fact__source">(Volgens de LVV, <time datetime="2025-08-28">augustus 2025</time>.)'
            '</span></span></p>') in section
    assert ('<span class="vp-fact">Een gecontroleerd feit. <span class="vp-fact__source">(Volgens de LVV, '
            '<time datetime="2025-08-28">augustus 2025</time>; gecontroleerd op 5 januari 2026 door Team HR.)'
            '</span></span>') in section
    assert section.count("gecontroleerd op") == 1
    # A phone marker is the helpline's numbers as links, inside the Markdown around it.
    assert '<p>Bel <strong><a href="tel:113">113</a> of <a href="tel:08000113">0800-0113</a></strong>. ' in section
    assert "De klachtencommissie hoort beide kanten." in section
    assert "<!--" not in html and "\u27e6" not in html and "fact:" not in html


def test_an_embedded_fact_follows_its_paragraphs_condition_and_language():
    section, _, _ = _markers_rendered([Card("vp", "internal-vp")], "en")
    assert "Call 113 or 0800-0113 now</h2>" in section
    assert ('The bill is not law yet &amp; &quot;waits&quot;. <span class="vp-fact__source">(According to the LVV, '
            '<time datetime="2025-08-28">August 2025</time>.)</span>') in section
    assert "checked on 5 January 2026 by Team HR" in section
    assert "complaints committee" not in section  # the fact sits in an `if: complaints-committee` paragraph
