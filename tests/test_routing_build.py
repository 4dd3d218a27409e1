"""Real strict builds of a changed copy of the project: an editor adds an answer and an outcome by
editing the routing data alone; an organisation with only an external confidential adviser still
gets a contact on every outcome; broken routing data stops the build with every file:line message."""

from __future__ import annotations

import re
from pathlib import Path

from support import build, copy_project
from vpgids import helplines, organisation, routing

FIXTURES = Path(__file__).parent / "fixtures" / "routing"

NEW_ANSWER = """      - id: loon
        text:
          nl: Mijn loon wordt niet betaald
          en: My pay is not being paid
        next: loon
"""
NEW_OUTCOME = """
  - id: loon
    title:
      nl: Vraag hulp bij je loon
      en: Get help with your pay
    text:
      - nl: Krijg je je loon niet? Vraag om uitleg.
        en: Not getting your pay? Ask for an explanation.
      - if: hr
        nl: HR kan het uitleggen.
        en: HR can explain.
    next_steps:
      nl: "Bel <!-- helpline-phone: juridisch-loket -->. <!-- fact: loon-test -->"
      en: "Call <!-- helpline-phone: juridisch-loket -->. <!-- fact: loon-test -->"
    contacts: [hr]
    helplines: [juridisch-loket]
"""
# A fact of the test's own, so the test does not depend on the shipped facts.
NEW_SOURCE = """  - id: loon-bron
    title: Loonwijzer
    publisher: Het Loonbureau
    date: 2025-03
"""
NEW_FACT = """
  - id: loon-test
    text:
      nl: Je loon moet op tijd komen.
      en: Your pay must arrive on time.
    sources: [loon-bron]
    confidence: high
    stand_van: 2025-03
"""


def _sections(html: str) -> dict[str, str]:
    """Step fragment -> the step's HTML (steps are the tree's top-level sections)."""
    tree = html[html.index('<div class="routing" data-routing>'):]
    parts = re.split(r'(?=<section class="routing-step)', tree)[1:]
    return {re.search(r'id="(s\d+)"', p).group(1): p for p in parts}


def test_editor_adds_an_outcome_and_an_external_only_organisation_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "routing.yml"
    text = data.read_text(encoding="utf-8")
    anchor = "        next: conflict\n"
    assert anchor in text
    data.write_text(text.replace(anchor, anchor + NEW_ANSWER, 1) + NEW_OUTCOME, encoding="utf-8")
    facts_file = project / "docs" / "_data" / "facts.yml"
    facts_text = facts_file.read_text(encoding="utf-8")
    assert "\nsources:\n" in facts_text
    facts_file.write_text(facts_text.replace("\nsources:\n", "\nsources:\n" + NEW_SOURCE, 1) + NEW_FACT,
                          encoding="utf-8")
    site = tmp_path / "site"
    build(site, cwd=project, env={"ORGANISATION_FILE": str(FIXTURES / "org-external-only.yml")})

    tree = routing.load(data, roles=set(organisation.ROLES), helpline_ids=None)
    steps = routing.unfold(tree)
    assert any(s.node.id == "loon" for s in steps)
    for prefix in ("", "en/"):
        html = (site / prefix / "waar-kan-ik-terecht" / "index.html").read_text(encoding="utf-8")
        sections = _sections(html)
        assert list(sections) == [s.fragment for s in steps]
        for step in steps:
            if step.node.is_question:
                continue
            # Every outcome falls back to the one adviser there is; no contact that does not exist.
            names = re.findall(r'<h4 class="vp-contact__name">([^<]*)</h4>', sections[step.fragment])
            assert names == ["Extern Bureau"], (prefix, step.node.id, names)
    new = next(s for s in steps if s.node.id == "loon")
    html = (site / "waar-kan-ik-terecht" / "index.html").read_text(encoding="utf-8")
    assert "Vraag hulp bij je loon" in _sections(html)[new.fragment]
    assert "HR kan het uitleggen" not in html  # this organisation has no HR contact
    assert "Het Juridisch Loket" in _sections(html)[new.fragment]
    # The embedded fact with its source and date, and the helpline's own number as a link.
    number = helplines.load(project / "docs" / "_data" / "helplines.yml")["juridisch-loket"].phones[0]
    assert (f'<p>Bel <a href="{helplines.tel_href(number)}">{number}</a>. <span class="vp-fact">Je loon moet op '
            'tijd komen. <span class="vp-fact__source">(Volgens Het Loonbureau, <time datetime="2025-03">maart '
            '2025</time>.)</span></span></p>') in _sections(html)[new.fragment]
    assert not (site / "waar-kan-ik-terecht" / "stap-").exists()
    overview = (site / "waar-kan-ik-terecht" / "overzicht" / "index.html").read_text(encoding="utf-8")
    assert f'href="../#{new.fragment}"' in overview


def test_broken_routing_data_stops_the_build_with_every_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "routing.yml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line == "        next: conflict\n")
    lines[target] = "        next: konflikt\n"
    role = next(i for i, line in enumerate(lines) if "contacts: [hr, internal-vp, external-vp]" in line)
    lines[role] = lines[role].replace("hr,", "personeelszaken,")
    broken = ['  - id: los\n', '    title: {nl: Los, en: Loose}\n', '    text:\n', '      nl: |\n',
              '        Eerst dit.\n', '        <!-- fact: bestaat-niet -->\n', '      en: Loose\n',
              '    next_steps: {nl: Daarna, en: Then}\n', '    contacts: [internal-vp]\n']
    marker = len(lines) + broken.index('        <!-- fact: bestaat-niet -->\n') + 1
    data.write_text("".join(lines + broken), encoding="utf-8")
    proc = build(tmp_path / "site", cwd=project, check=False)
    assert proc.returncode != 0
    assert (f"docs/_data/routing.yml:{target + 1}: the answer 'conflict' of 'onderwerp' points to 'konflikt', "
            "which does not exist — check the spelling after 'next:' or add a node with that id") in proc.stdout
    assert f"docs/_data/routing.yml:{role + 1}: the contact role 'personeelszaken'" in proc.stdout
    assert "cannot be reached from the start" in proc.stdout  # the outcome nothing points to any more
    assert (f"docs/_data/routing.yml:{marker}: the fact 'bestaat-niet' in 'text' (nl) of node 'los' does not exist "
            "— use an id from docs/_data/facts.yml: ") in proc.stdout
    assert "Traceback" not in proc.stdout
