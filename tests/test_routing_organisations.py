"""The routing tree for different organisations: with every role, with only an external confidential
adviser and a complaints committee, without an integrity adviser or reporting point, and with only
one external adviser. No outcome text names a role the organisation does not have, contacts sit
under the heading that fits them, and every outcome ends with a contact. Rendered with the build
hook's own context (hooks/routing.py) and the real organisation and helplines loaders."""

from __future__ import annotations

import html as html_lib
import importlib.util
import re
from pathlib import Path

import pytest

from support import ROOT
from vpgids import helplines, organisation, routing

_spec = importlib.util.spec_from_file_location("routing_hook", ROOT / "hooks" / "routing.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

FIXTURES = Path(__file__).parent / "fixtures"
ORGANISATIONS = {
    "everything": FIXTURES / "routing" / "org-everything.yml",
    "external-adviser-and-committee": FIXTURES / "org-external-only" / "organisation.yml",
    "no-integrity-adviser-or-reporting-point": FIXTURES / "routing" / "org-no-integrity.yml",
    "one-external-adviser": FIXTURES / "routing" / "org-external-only.yml",
}
DOCS = ROOT / "docs"
CARD = re.compile(r'<div class="vp-contacts">.*?</div>\s*</div>\s*(?=<h3|<p|<details|<ul)', re.S)


def rendered(name, lang):
    org = organisation.load(ORGANISATIONS[name])
    lines = helplines.load(DOCS / "_data" / "helplines.yml")
    tree = routing.load(roles=set(organisation.ROLES), helpline_ids=set(lines), contacts=list(org.contacts),
                        docs_dir=DOCS)
    steps = routing.unfold(tree)
    html = routing.render_tree(steps, lang, hook.context(org, lines, DOCS))
    parts = re.split(r'(?=<section class="routing-step)', html)[1:]
    return org, steps, dict(zip([s.fragment for s in steps], parts))


def visible_text(section: str) -> str:
    """What a reader of an outcome reads, minus the contact cards (each names its own, existing role)
    and minus "Jouw antwoorden" (the reader's own answers, such as "someone from HR")."""
    section = section.split('<details class="routing-step__given">')[0]
    section = re.sub(r'<div class="vp-contact .*?</div>', "", section, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", section))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(ORGANISATIONS))
def test_no_outcome_names_a_role_the_organisation_does_not_have(name, lang):
    org, steps, sections = rendered(name, lang)
    missing = [r for r in organisation.ROLES if r not in org.roles]
    assert org.roles, name
    for step in steps:
        if step.node.is_question:
            continue
        text = visible_text(sections[step.fragment])
        for role in missing:
            found = routing.ROLE_WORDS_RE[role].search(text)
            assert not found, f"{name} {lang} {step.node.id}: names '{found.group(0)}' but has no {role}"
        assert '<div class="vp-contact ' in sections[step.fragment] or "vp-helpline" in sections[step.fragment]


@pytest.mark.parametrize("name", list(ORGANISATIONS))
def test_contacts_sit_under_the_heading_that_fits_them(name):
    org, steps, sections = rendered(name, "nl")
    names = {c.name["nl"]: c for c in org.contacts}
    for step in steps:
        if step.node.is_question:
            continue
        for heading, block in re.findall(r"<h3>([^<]*)</h3>\n(<div class=\"vp-contacts\">.*?)(?=<h3>|<details)",
                                         sections[step.fragment], re.S):
            for shown in re.findall(r'<h4 class="vp-contact__name">([^<]*)</h4>', block):
                contact = names[html_lib.unescape(shown)]
                expected = routing.LABELS["nl"]["from_outside" if contact.is_external else "in_org"]
                assert heading == expected, (name, step.node.id, shown, heading)


def test_the_only_adviser_is_not_offered_as_a_choice_and_is_not_inside_the_organisation():
    org, steps, sections = rendered("external-adviser-and-committee", "nl")
    for step in steps:
        text = visible_text(sections[step.fragment])
        assert "Kies dan de externe vertrouwenspersoon" not in text
        assert "<h3>In je organisatie</h3>" not in sections[step.fragment], step.node.id  # both are external


def test_who_may_use_the_adviser_comes_from_the_organisation_file():
    org, steps, sections = rendered("everything", "en")
    step = next(s for s in steps if s.node.id == "wie-mag")
    assert "At Everything Ltd you can see the confidential adviser if you are one of: employees and interns." \
        in visible_text(sections[step.fragment])
    org, steps, sections = rendered("one-external-adviser", "nl")  # no setting: the default groups
    step = next(s for s in steps if s.node.id == "wie-mag")
    assert "medewerkers, uitzendkrachten en gedetacheerden, stagiairs en vrijwilligers." \
        in visible_text(sections[step.fragment])
