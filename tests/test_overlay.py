"""The organisation folder (vpgids/orgfolder.py, hooks/overlay.py, hooks/edit_links.py) on fixture
organisations: own pages in the menu in both languages, slot texts, own spelling words, edit links to the
file that holds the text, and one file:line message per mistake. Nothing here reads the shipped example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import ROOT, build, copy_project, html_pages
from vpgids import conventions, orgfolder
from vpgids.problems import ValidationError

GEMEENTE = ROOT / "tests" / "fixtures" / "org-gemeente"
NAV = [{"Home": "index.md"}, {"Situaties": [{"Ongewenst gedrag": "ongewenst-gedrag.md"}]},
       {"Contact": "contact.md"}, {"Privacy": "privacy.md"}]


@pytest.fixture
def org(tmp_path) -> Path:
    """A scratch copy of the fixture organisation to break on purpose."""
    return Path(shutil.copytree(GEMEENTE, tmp_path / "org"))


def messages(folder: Path, docs: Path = ROOT / "docs") -> list[str]:
    with pytest.raises(ValidationError) as info:
        orgfolder.load(folder, docs_dir=docs, nav_titles=orgfolder.nav_titles(NAV))
    return [f"{Path(p.file).name}:{p.line}: {p.message} — {p.fix}" for p in info.value.problems]


def test_the_fixture_folder_loads_with_its_pages_menu_slots_and_words():
    overlay = orgfolder.load(GEMEENTE, nav_titles=orgfolder.nav_titles(NAV))
    assert sorted(overlay.pages) == ["onze-klachtenregeling.en.md", "onze-klachtenregeling.md"]
    assert [(e.title, e.page, e.after) for e in overlay.menu] == [
        ({"nl": "Onze klachtenregeling", "en": "Our complaints procedure"}, "onze-klachtenregeling.md", "Contact")]
    assert sorted(overlay.slots) == ["beheer", "klachtenregeling"]
    assert overlay.words == GEMEENTE / "woordenlijst.txt"


def test_menu_entries_go_after_the_named_entry_and_get_their_english_title():
    overlay = orgfolder.load(GEMEENTE, nav_titles=orgfolder.nav_titles(NAV))
    nav = orgfolder.apply_nav(NAV, overlay.menu)
    assert [list(item)[0] for item in nav] == ["Home", "Situaties", "Contact", "Onze klachtenregeling", "Privacy"]
    assert NAV[3] == {"Privacy": "privacy.md"}, "the project's nav itself is not changed"
    assert orgfolder.translations(overlay.menu) == {"Onze klachtenregeling": "Our complaints procedure"}
    nested = orgfolder.apply_nav(NAV, (orgfolder.MenuEntry({"nl": "Eigen", "en": "Own"}, "eigen.md",
                                                          "Ongewenst gedrag", 1),))
    assert nested[1] == {"Situaties": [{"Ongewenst gedrag": "ongewenst-gedrag.md"}, {"Eigen": "eigen.md"}]}
    at_end = orgfolder.apply_nav(NAV, (orgfolder.MenuEntry({"nl": "Eigen", "en": "Own"}, "eigen.md", None, 1),))
    assert at_end[-1] == {"Eigen": "eigen.md"}


def test_slots_are_filled_per_language_indented_like_the_marker_and_empty_slots_leave_nothing():
    overlay = orgfolder.load(GEMEENTE, nav_titles=orgfolder.nav_titles(NAV))
    page = "Tekst.\n\n<!-- vp-slot: klachtenregeling -->\n\n!!! note\n\n    <!-- vp-slot: beheer -->\n\n" \
           "<!-- vp-slot: intranetbeleid -->\nEinde.\n"
    nl = orgfolder.fill_slots(page, overlay, "nl")
    assert "Wil je een klacht indienen?" in nl and "    Deze site wordt beheerd" in nl
    assert "vp-slot" not in nl and nl.endswith("\n\nEinde.\n")
    assert "Do you want to make a complaint?" in orgfolder.fill_slots(page, overlay, "en")


@pytest.mark.parametrize("break_it, expected", [
    (lambda o: (o / "pages" / "onze-klachtenregeling.en.md").unlink(),
     "onze-klachtenregeling.md:1: this page has no English twin (onze-klachtenregeling.en.md)"),
    (lambda o: (o / "pages" / "los.md").write_text("# Los\n") or (o / "pages" / "los.en.md").write_text("# Loose\n"),
     "los.md:1: this page is not in the menu — add an entry for 'los.md' to"),
    (lambda o: (o / "pages" / "contact.md").write_text("# C\n") or (o / "pages" / "contact.en.md").write_text("# C\n"),
     "contact.md:1: the project already has a page contact.md"),
    (lambda o: (o / "menu.yml").write_text((o / "menu.yml").read_text().replace("page: onze-", "page: andere-")),
     "menu.yml:6: there is no page 'andere-klachtenregeling.md' in pages/"),
    (lambda o: (o / "menu.yml").write_text((o / "menu.yml").read_text().replace("    en: Our complaints procedure\n", "")),
     "menu.yml:3: the menu title has no English text"),
    (lambda o: (o / "slots" / "klachtenprocedure.md").write_text("x\n") or (o / "slots" / "klachtenprocedure.en.md").write_text("x\n"),
     "klachtenprocedure.md:1: the project pages have no place called 'klachtenprocedure' — rename the file to one "
     "of the places: beheer, intranetbeleid, klachtenregeling"),
    (lambda o: (o / "slots" / "beheer.en.md").unlink(), "beheer.md:1: this slot text has no English twin"),
])
def test_each_mistake_in_the_folder_is_one_message_with_its_line(org, break_it, expected):
    break_it(org)
    found = messages(org)
    assert any(line.startswith(expected) for line in found), found


def test_a_renamed_menu_entry_puts_the_page_at_the_end_with_a_warning_not_a_failed_build(org):
    """A project update may rename the entry an organisation's page follows: the site still builds."""
    (org / "menu.yml").write_text((org / "menu.yml").read_text().replace("after: Contact", "after: Kontakt"))
    overlay = orgfolder.load(org, nav_titles=orgfolder.nav_titles(NAV))
    assert [str(p).split(" — ")[0].rsplit("/", 1)[-1] for p in overlay.warnings] == [
        "menu.yml:7: warning: the menu has no entry 'Kontakt' (any more), so this page is at the end of the menu"]
    assert orgfolder.apply_nav(NAV, overlay.menu)[-1] == {"Onze klachtenregeling": "onze-klachtenregeling.md"}


def test_tabs_and_task_lists_are_rejected_with_the_line_outside_code_blocks():
    text = "---\ntitle: x\n---\n\n=== \"Tab 1\"\n\n    Tekst\n\n- [ ] doen\n- [x] gedaan\n\n```\n=== \"code\"\n- [ ] code\n```\n"
    found = [(p.line, p.message.split(" (")[0]) for p in conventions.problems(text, "p.md")]
    assert found == [(5, "content tabs"), (9, "task-list boxes"), (10, "task-list boxes")]


def test_the_site_has_the_organisations_page_contacts_slots_and_edit_links_and_nothing_of_the_example(tmp_path):
    site = tmp_path / "site"
    build(site, env={"VP_ORGANISATION": str(GEMEENTE), "SITE_URL": ""})
    home_nl, home_en = (site / "index.html").read_text(), (site / "en" / "index.html").read_text()
    assert '>\n    Onze klachtenregeling' in home_nl or "Onze klachtenregeling" in home_nl
    assert "Our complaints procedure" in home_en and "Onze klachtenregeling" not in home_en
    own_en = (site / "en" / "onze-klachtenregeling" / "index.html").read_text()
    assert "<h1" in own_en and "Our complaints procedure" in own_en and 'id="contact-klachten-testerveen"' in own_en
    contact = (site / "contact" / "index.html").read_text()
    assert "Jorien Kwakkel" in contact and "Wil je een klacht indienen?" in contact
    assert "Do you want to make a complaint?" in (site / "en" / "contact" / "index.html").read_text()
    assert "beheerd door de afdeling HR van Testerveen" in (site / "over-deze-site" / "index.html").read_text()
    example = orgfolder.load(ROOT / orgfolder.EXAMPLE_FOLDER) if (ROOT / orgfolder.EXAMPLE_FOLDER).exists() else None
    for page in html_pages(site):
        text = page.read_text()
        assert "vp-slot" not in text, page
        if example:
            assert "Stichting Voorbeeld" not in text and "Voorbeeld Foundation" not in text, page
    edit = "https://git.testerveen.example/hr/vp-gids/-/edit/main/"
    assert f'href="{edit}tests/fixtures/org-gemeente/organisation.yml"' in contact
    assert f'href="{edit}docs/_data/helplines.yml"' in (site / "hulplijnen" / "index.html").read_text()
    assert f'href="{edit}docs/_data/routing.yml"' in (site / "waar-kan-ik-terecht" / "index.html").read_text()
    assert f'href="{edit}tests/fixtures/org-gemeente/pages/onze-klachtenregeling.en.md"' in own_en
    assert f'href="{edit}docs/privacy.md"' in (site / "privacy" / "index.html").read_text()


def test_a_tab_in_a_page_or_a_broken_folder_stops_the_strict_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "organisation", ignore_errors=True)  # an organisation's repository has its own
    shutil.copytree(GEMEENTE, project / "organisation")
    page = project / "docs" / "privacy.md"
    page.write_text(page.read_text() + '\n=== "Tab"\n\n    Tekst.\n', encoding="utf-8")
    line = page.read_text().splitlines().index('=== "Tab"') + 1
    (project / "organisation" / "slots" / "beheer.en.md").unlink()
    proc = build(tmp_path / "site", cwd=project, check=False, env={"SITE_URL": ""})
    assert proc.returncode != 0
    assert f"docs/privacy.md:{line}: content tabs" in proc.stdout or "organisation/slots/beheer.md:1: this slot " \
        "text has no English twin" in proc.stdout, proc.stdout
    assert "organisation/slots/beheer.md:1: this slot text has no English twin" in proc.stdout
    (project / "organisation" / "slots" / "beheer.en.md").write_text("Maintained by HR.\n", encoding="utf-8")
    proc = build(tmp_path / "site", cwd=project, check=False, env={"SITE_URL": ""})
    assert proc.returncode != 0 and f"docs/privacy.md:{line}: content tabs (=== \"…\") are not used" in proc.stdout
