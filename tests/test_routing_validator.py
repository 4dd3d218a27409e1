"""Unit tests of the routing-data validator: one small broken fixture per rule, exact message and line.
Roles, contacts and helpline ids are passed in, so these tests do not depend on the organisation
or helplines modules."""

from __future__ import annotations

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
