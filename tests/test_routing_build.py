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
      nl: Krijg je je loon niet? Vraag HR om uitleg.
      en: Not getting your pay? Ask HR to explain.
    next_steps:
      nl: Het Juridisch Loket helpt gratis.
      en: The Legal Services Counter helps for free.
    contacts: [hr]
    helplines: [juridisch-loket]
"""


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
    outcomes = [s for s in steps if not s.node.is_question]
    assert any(s.node.id == "loon" for s in outcomes)
    for step in outcomes:
        for prefix in ("", "en/"):
            html = (site / prefix / "waar-kan-ik-terecht" / step.slug / "index.html").read_text(encoding="utf-8")
            # Every outcome falls back to the one adviser there is; no contact that does not exist.
            assert re.findall(r'id="contact-([a-z0-9-]+)"', html) == ["extern"], (prefix, step.node.id)
    new = next(s for s in outcomes if s.node.id == "loon")
    html = (site / "waar-kan-ik-terecht" / new.slug / "index.html").read_text(encoding="utf-8")
    assert "Vraag hulp bij je loon" in html and 'id="hulplijn-juridisch-loket"' in html
    overview = (site / "waar-kan-ik-terecht" / "overzicht" / "index.html").read_text(encoding="utf-8")
    assert f"../{new.slug}/" in overview


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
