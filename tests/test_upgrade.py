"""An organisation's repository is the project plus one folder (organisation/), so taking a new project
version never conflicts and never brings example data back; and the project's own content-independent
tests pass in such a repository unchanged (own contacts, own contact ids in pages, today's dates)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, build, copy_project, html_pages
from vpgids import organisation as org

GEMEENTE = ROOT / "tests" / "fixtures" / "org-gemeente"
EXAMPLE = ROOT / "examples" / "organisation"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return proc


def bump_review_dates(docs: Path, day: str) -> None:
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"^reviewed: .*$", f"reviewed: {day}", text, count=1, flags=re.M), encoding="utf-8")


def project_release(repo: Path) -> None:
    """What a new project version does: a page added to the menu, the FAQ edited, review dates bumped."""
    docs = repo / "docs"
    (docs / "nieuw-in-de-gids.md").write_text(
        "---\ndescription: Wat er nieuw is in deze versie van de gids voor iedereen die hem gebruikt.\n"
        "reviewed: 2026-11-01\n---\n\n# Nieuw in de gids\n\nDeze pagina kwam mee met een nieuwe versie.\n",
        encoding="utf-8")
    (docs / "nieuw-in-de-gids.en.md").write_text(
        "---\ndescription: What is new in this version of the guide for everyone who uses it.\n"
        "reviewed: 2026-11-01\n---\n\n# New in the guide\n\nThis page came with a new version.\n", encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - Begrippenlijst: begrippenlijst.md\n",
                        "  - Begrippenlijst: begrippenlijst.md\n  - Nieuw in de gids: nieuw-in-de-gids.md\n")
    text = text.replace("            Begrippenlijst: Glossary\n",
                        "            Begrippenlijst: Glossary\n            Nieuw in de gids: New in the guide\n")
    assert "nieuw-in-de-gids.md" in text and "New in the guide" in text
    config.write_text(text, encoding="utf-8")
    for name, line in (("veelgestelde-vragen.md", "Deze vraag kwam mee met de nieuwe versie."),
                       ("veelgestelde-vragen.en.md", "This question came with the new version.")):
        page = docs / name
        page.write_text(page.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    bump_review_dates(docs, "2026-11-15")
    # The project also changes its example organisation: that must never reach the organisation's site.
    example = repo / "examples" / "organisation" / "organisation.yml"
    example.write_text(example.read_text(encoding="utf-8").replace("Sanne de Vries", "Sanne de Wit"), encoding="utf-8")


def test_pulling_a_new_project_version_never_conflicts_and_never_brings_the_example_back(tmp_path):
    repo = copy_project(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "project")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "project version 1")

    # The organisation's branch: the project plus its own folder (contacts, a page in the menu, slot text).
    git(repo, "checkout", "-q", "-b", "main")
    shutil.copytree(GEMEENTE, repo / "organisation")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "our organisation")

    git(repo, "checkout", "-q", "project")
    project_release(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "project version 2")

    git(repo, "checkout", "-q", "main")
    merged = git(repo, "merge", "--no-edit", "project", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout == "", "merge conflicts"
    changed = git(repo, "diff", "--name-only", "HEAD~1", "HEAD").stdout.split()
    assert not [path for path in changed if path.startswith("organisation/")], "the project touched our folder"

    site = tmp_path / "site"
    build(site, cwd=repo, env={"SITE_URL": "", "VP_ORGANISATION": "", "ORGANISATION_FILE": ""})
    home_nl, home_en = (site / "index.html").read_text(), (site / "en" / "index.html").read_text()
    assert "Onze klachtenregeling" in home_nl and "Our complaints procedure" in home_en   # own page in the menu
    assert "Nieuw in de gids" in home_nl and "New in the guide" in home_en               # the project's new page
    assert (site / "onze-klachtenregeling" / "index.html").exists()
    assert (site / "en" / "nieuw-in-de-gids" / "index.html").exists()
    assert "Deze vraag kwam mee met de nieuwe versie." in (site / "veelgestelde-vragen" / "index.html").read_text()
    contact = (site / "contact" / "index.html").read_text()
    assert "Jorien Kwakkel" in contact and "Wil je een klacht indienen?" in contact        # own contacts, own slot
    example = org.load(repo / "examples" / "organisation" / "organisation.yml")
    example_words = {example.name["nl"], example.name["en"], *(c.name["nl"] for c in example.contacts),
                     *(c.email for c in example.contacts if c.email)}
    for page in html_pages(site):
        text = page.read_text()
        leaked = [word for word in example_words if word in text]
        assert not leaked, f"{page.relative_to(site)} shows the example organisation: {leaked}"


# The project's tests that read the real pages or the organisation in use (the ones that pinned the
# example organisation or content dates before), plus fast unit modules: they must pass in an
# organisation's repository as they are. Tests on fixture projects are independent by construction.
CONTENT_INDEPENDENT = [
    "tests/test_organisation.py", "tests/test_i18n.py", "tests/test_yamlfile.py", "tests/test_parity.py",
    "tests/test_helplines.py", "tests/test_glossary.py", "tests/test_routing_validator.py",
    "tests/test_content_more_pages.py",
    "tests/test_check.py::test_real_project_passes_the_check",
    "tests/test_check.py::test_real_site_build_messages_through_the_i18n_build",
]


def test_the_projects_tests_pass_in_an_organisations_repository(tmp_path):
    repo = tmp_path / "repo"
    common = shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__", ".cache", ".pytest_cache")

    def ignore(folder, names):  # and the top level's own organisation/ and site/, if this checkout has them
        return set(common(folder, names)) | ({"organisation", "site"} & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, repo, ignore=ignore)
    shutil.copytree(GEMEENTE, repo / "organisation")
    # What the docs tell an organisation to do: its own contact ids in its pages and slot texts (the
    # fixture's own page shows klachten-testerveen), and pages reviewed today.
    for name in ("beheer.md", "beheer.en.md"):  # the site owner's card on "Over deze site"
        slot = repo / "organisation" / "slots" / name
        slot.write_text(slot.read_text(encoding="utf-8") + "\n<!-- vp-contact: vp-gemeentehuis -->\n", encoding="utf-8")
    bump_review_dates(repo / "docs", dt.date.today().isoformat())
    bump_review_dates(repo / "organisation", dt.date.today().isoformat())
    env = {k: v for k, v in os.environ.items() if k not in ("VP_ORGANISATION", "ORGANISATION_FILE", "SITE_URL")}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    modules = [m for m in CONTENT_INDEPENDENT if (repo / m.split("::")[0]).exists()]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
                           "-x", *modules], cwd=repo, env=env, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
