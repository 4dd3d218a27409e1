"""Real strict builds of a changed copy of the project: an editor adds an answer and an outcome by
editing the routing data alone; an organisation with only an external confidential adviser still
gets a contact on every outcome; broken routing data stops the build with every file:line message."""

from __future__ import annotations

import re
from pathlib import Path

from support import build, copy_project
from vpgids import organisation, routing

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
      nl: Het Juridisch Loket helpt gratis.
      en: The Legal Services Counter helps for free.
    contacts: [hr]
    helplines: [juridisch-loket]
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
    data.write_text("".join(lines), encoding="utf-8")
    proc = build(tmp_path / "site", cwd=project, check=False)
    assert proc.returncode != 0
    assert (f"docs/_data/routing.yml:{target + 1}: the answer 'conflict' of 'onderwerp' points to 'konflikt', "
            "which does not exist — check the spelling after 'next:' or add a node with that id") in proc.stdout
    assert f"docs/_data/routing.yml:{role + 1}: the contact role 'personeelszaken'" in proc.stdout
    assert "cannot be reached from the start" in proc.stdout  # the outcome nothing points to any more
    assert "Traceback" not in proc.stdout
