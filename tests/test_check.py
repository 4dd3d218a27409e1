"""The editor check (`./check`, `python -m vpgids.check`): one fixture per message, asserting the exact
`file:line: what is wrong — how to fix it` lines the command prints, and the exit status.

Fixtures live in tests/fixtures/check/<case>/ and are copied to a temporary folder, so the
project's own git history cannot leak into them (only the outdated-translation test makes a git
repository, on purpose). Every test runs the real command in a subprocess, with real Hunspell and,
where a build is involved, the real `mkdocs build --strict`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, missing

FIXTURES = Path(__file__).parent / "fixtures" / "check"
TODAY = "2026-12-01"
WORDLIST_FIX = ("correct the spelling; if the word is right (a name or a term), add it on its own line to "
                "docs/_data/woordenlijst.txt")


def needs_hunspell():
    if not shutil.which("hunspell"):
        missing("hunspell", "apt-get install hunspell hunspell-nl hunspell-en-gb")
    listing = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    for name in ("nl", "en_GB"):
        if f"/{name}\n" not in listing.stderr + listing.stdout + "\n":
            missing(f"Hunspell dictionary {name}", "apt-get install hunspell-nl hunspell-en-gb")


def copy_fixture(case: str, tmp_path: Path) -> Path:
    dest = tmp_path / case
    shutil.copytree(FIXTURES / case, dest)
    return dest


def run_check(root: Path, *args: str, build: bool = False, today: str | None = TODAY) -> tuple[int, list[str], str]:
    """(exit status, the problem lines, full output) of the real check command. Fixtures run on a fixed
    day (their dates are written for it); copies of the real project on today (pass today=None), since
    an editor may have reviewed a page today."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # fixture hooks import vpgids
    env.pop("CI", None)  # spelling availability is asserted by needs_hunspell(), not by CI mode
    cmd = [sys.executable, "-m", "vpgids.check", "--root", str(root), *(["--today", today] if today else []), *args]
    if not build:
        cmd.append("--no-build")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    lines = []
    for line in proc.stdout.splitlines():
        if not line.strip():
            break  # the readability report and the summary follow the first empty line
        if not line.startswith("note: "):
            lines.append(line)
    return proc.returncode, lines, proc.stdout


def test_missing_twin(tmp_path):
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("missing-twin", tmp_path))
    assert lines == [
        "docs/contact.md:1: this page has no 'en' translation — add docs/contact.en.md with the translated text",
        "docs/hulp.en.md:1: there is no Dutch page hulp.md for this en page — add docs/hulp.md or remove this file",
    ]
    assert code == 1


def test_heading_mismatch(tmp_path):
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("heading-mismatch", tmp_path))
    assert lines == [
        'docs/anker.en.md:8: the heading "## Call" has the anchor id "call", but the matching Dutch heading '
        '"## Bellen" (docs/anker.md:8) has "bellen" — use the same { #bellen } in both languages, so links '
        "to this section work in both",
        "docs/faq.en.md:10: the Dutch page has 2 ??? question boxes in a row (docs/faq.md lines 10–14), this "
        "page only 1 (line 10): one is not translated — find the Dutch one without an English translation and "
        "add its translation at the same place",
        "docs/lijst.en.md:8: the Dutch page has 2 level 2 (##) headings in a row (docs/lijst.md lines 8–12), this "
        "page only 1 (line 8): one is not translated — find the Dutch one without an English translation and add "
        "its translation at the same place",
        'docs/vragen.en.md:12: the heading "## At work" is level 2 (##), but the matching Dutch heading '
        '"### Bij je werk" (docs/vragen.md:12) is level 3 (###) — give both headings the same number of # '
        "signs, so both pages have the same structure",
    ]
    assert code == 1


def test_misspelling(tmp_path):
    """Misspelt words are found in text, in the meta description and in nl/en texts of data files (also in
    folded block text, at the word's own line), not in code, URLs or abbreviations; the word list (Wbk) is
    honoured."""
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("misspelling", tmp_path))
    assert lines == [
        'docs/_data/teksten.yml:4: "liefts" is not in the Dutch dictionary (did you mean "liefst" or "liefs" or '
        f'"Kiefts"?) — {WORDLIST_FIX}',
        'docs/_data/teksten.yml:12: "advisre" is not in the British English dictionary (did you mean "adviser" or '
        f'"advisee" or "advise"?) — {WORDLIST_FIX}',
        'docs/index.en.md:9: "wrking" is not in the British English dictionary (did you mean "wring" or '
        f'"working" or "irking"?) — {WORDLIST_FIX}',
        f'docs/index.md:2: "fuot" is not in the Dutch dictionary (did you mean "fout" or "fut" or "fot"?) — '
        f"{WORDLIST_FIX}",
        'docs/index.md:8: "vertrouwenspresoon" is not in the Dutch dictionary (did you mean '
        f'"vertrouwenspersoon"?); also on line 10 — {WORDLIST_FIX}',
    ]
    assert code == 1


def test_word_list_entry_silences_a_word(tmp_path):
    needs_hunspell()
    root = copy_fixture("misspelling", tmp_path)
    with (root / "docs/_data/woordenlijst.txt").open("a", encoding="utf-8") as f:
        f.write("fuot\nwrking\nliefts\nadvisre\n")
    _, lines, _ = run_check(root)
    assert [line.split(":")[0:2] for line in lines] == [["docs/index.md", "8"]]


def test_stale_future_missing_and_invalid_review_dates(tmp_path):
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("stale-date", tmp_path))
    assert lines == [
        "docs/geen.en.md:3: `reviewed: soon` is not a date — write it as reviewed: YYYY-MM-DD, for example "
        "reviewed: 2026-11-30",
        "docs/geen.md:1: this page has no `reviewed:` date in its settings at the top — add a line reviewed: "
        "YYYY-MM-DD between the --- lines, with the date you last checked the whole page",
        "docs/index.en.md:3: `reviewed: 2026-12-24` lies in the future — use the date on which you checked the "
        "page, today at the latest",
        "docs/index.md:3: warning: this page was last reviewed on 2025-10-31, more than 12 months ago — read "
        "the page again, check facts, phone numbers and links, then set reviewed: to today's date",
    ]
    assert code == 1


def test_stale_date_alone_is_only_a_warning(tmp_path):
    needs_hunspell()
    root = copy_fixture("stale-date", tmp_path)
    for name in ("geen.md", "geen.en.md"):
        (root / "docs" / name).unlink()
    text = (root / "docs/index.en.md").read_text().replace("2026-12-24", "2026-11-01")
    (root / "docs/index.en.md").write_text(text)
    code, lines, out = run_check(root)
    assert [line.split(" — ")[0] for line in lines] == [
        "docs/index.md:3: warning: this page was last reviewed on 2025-10-31, more than 12 months ago"]
    assert code == 0, out
    assert "0 errors, 1 warning " in out


def _git(root: Path, *args: str, when: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_outdated_translation(tmp_path):
    """An English page whose Dutch original was committed later gets a warning; updating it clears it."""
    needs_hunspell()
    if not shutil.which("git"):
        missing("git", "apt-get install git")
    root = copy_fixture("outdated", tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "both pages", when="2026-11-10T10:00:00+00:00")
    nl = root / "docs/index.md"
    nl.write_text(nl.read_text() + "\nBel ook gerust in het weekend.\n")
    _git(root, "commit", "-q", "-am", "Dutch only", when="2026-11-20T10:00:00+00:00")

    code, lines, _ = run_check(root)
    assert lines == [
        "docs/index.en.md:3: warning: the translation may be outdated: the Dutch page docs/index.md was "
        "changed on 2026-11-20, after this English page (last changed on 2026-11-10) — compare both pages "
        "and bring the English text up to date; if nothing needs to change, set reviewed: here to today's "
        "date, so the English page is newer again",
    ]
    assert code == 0  # a warning never blocks

    en = root / "docs/index.en.md"
    en.write_text(en.read_text() + "\nFeel free to call at the weekend too.\n")
    _git(root, "commit", "-q", "-am", "English too", when="2026-11-21T10:00:00+00:00")
    assert run_check(root)[1] == []


def test_unreadable_page_warning_and_report(tmp_path):
    needs_hunspell()
    code, lines, out = run_check(copy_fixture("unreadable", tmp_path))
    assert [line.split(" — ")[0] for line in lines] == [
        "docs/index.en.md:10: warning: this page is hard to read (Flesch reading ease score -16, aim for 60 "
        "or more); its longest sentence (45 words) starts here",
        'docs/index.en.md:10: warning: this sentence has 45 words ("Whenever an employee is confronted with …"); '
        "more than 20 is hard to follow",
        "docs/index.md:10: warning: this page is hard to read (Flesch-Douma score -3, aim for 60 or more); "
        "its longest sentence (47 words) starts here",
        'docs/index.md:10: warning: this sentence has 47 words ("Indien een medewerker geconfronteerd wordt met …"); '
        "more than 20 is hard to follow",
    ]
    assert lines[0].endswith(" — split long sentences in two (aim for 15 words or fewer), and use short "
                             "everyday words instead of long or official ones")
    assert lines[1].endswith(" — split it into two or more sentences of about 15 words")
    assert code == 0
    report = out.split("Readability per page", 1)[1]
    rows = {line.split()[0]: line for line in report.splitlines() if line.startswith("docs/")}
    assert rows["docs/index.md"].endswith("HARD TO READ")
    assert rows["docs/makkelijk.md"].endswith("ok") and rows["docs/makkelijk.en.md"].endswith("ok")


def test_yaml_errors_pass_through_with_file_and_line(tmp_path):
    """A data-file YAML error raised by a hook (vpgids.yamlfile) comes through the strict build unchanged;
    broken page settings (front matter), which MkDocs would silently show as text, are reported too."""
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("yaml-error", tmp_path), build=True)
    assert lines == [
        "docs/_data/gegevens.yml:3: YAML syntax error: mapping values are not allowed here — check indentation "
        "(spaces, not tabs), colons after keys, and quotes around text with a colon",
        "docs/index.md:1: this page has no 'en' translation — add docs/index.en.md with the translated text",
        "docs/index.md:2: the page settings between the --- lines cannot be read: a text starts with a quote "
        "(\" or ') that is never closed — write each setting as `name: value` on its own line, without tabs; "
        "put text containing a colon between double quotes",
    ]
    assert code == 1


def test_build_warnings_become_file_line_messages(tmp_path):
    needs_hunspell()
    code, lines, _ = run_check(copy_fixture("build-warnings", tmp_path), build=True)
    anchor_fix = ("use the id of an existing heading (click the ¶ sign next to a heading on the preview to see "
                  "it), or link to the page without the #part")
    twin = "docs/{0}.md:1: this page has no 'en' translation — add docs/{0}.en.md with the translated text"
    assert lines == [
        twin.format("contact"),
        "docs/contact.md:13: the link '#mial' points to a section '#mial' that this page does not have (did you "
        f"mean '#mail'?) — {anchor_fix}",
        twin.format("index"),
        "docs/index.md:7: the link 'vertrouwenspersoon.md' points to a page that does not exist — check the "
        "file name in the link (it is the .md file in docs/, for example contact.md), or create that page",
        "docs/index.md:9: the link 'contact.md#mailen' points to a section '#mailen' that the page "
        f"docs/contact.md does not have (did you mean '#mail'?) — {anchor_fix}",
        "docs/index.md:11: the link '/index.md' starts with /, which breaks when the site is hosted under a "
        "sub-path (did you mean 'index.md'?) — link to the page's .md file relative to this page, for example "
        "[Contact](contact.md)",
        "docs/index.md:11: the link 'contact/' does not point to a page file (did you mean 'contact.md'?) — link "
        "to the page's .md file, for example [Contact](contact.md) instead of contact/",
        twin.format("los"),
        "docs/los.md:1: this page is not in the site menu (nav: in mkdocs.yml) — add a line `- Title: los.md` "
        "under nav: in mkdocs.yml, and its English title under nav_translations:",
        "mkdocs.yml:11: the menu (nav:) lists 'bestaat-niet.md', but there is no such page in docs/ — correct "
        "the file name in nav:, or create the page (in both languages)",
    ]
    assert code == 1


def test_site_dir_keeps_the_built_site_as_a_preview(tmp_path):
    root = copy_fixture("build-warnings", tmp_path)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("strict: true", "strict: false")
                                     .replace("  - Weg: bestaat-niet.md\n", ""))
    run_check(root, "--site-dir", str(tmp_path / "preview"), build=True)
    assert (tmp_path / "preview" / "index.html").exists()


def test_non_utf8_page_is_one_line_not_a_traceback(tmp_path):
    needs_hunspell()
    root = copy_fixture("missing-twin", tmp_path)
    (root / "docs/contact.en.md").write_bytes("---\nreviewed: 2026-11-01\n---\n\n# Caf\xe9\n".encode("latin-1"))
    code, lines, _ = run_check(root)
    assert "docs/contact.en.md:5: this file is not saved as UTF-8 text, so letters like é and ë break — save " \
           "it again with the encoding UTF-8 (in most editors: Save as… → Encoding: UTF-8)" in lines
    assert code == 1


def test_data_validators_are_run_or_skipped_with_a_note(tmp_path):
    """A validator module that does not exist yet, or a data file that is absent, gives a note, not a crash."""
    from vpgids.check import DATA_CHECKS

    _, lines, out = run_check(copy_fixture("missing-twin", tmp_path))
    assert not [line for line in lines if "_data" in line or "organisation" in line]
    for name, _what, relative in DATA_CHECKS:
        present = (ROOT / "vpgids" / f"{name}.py").exists() or (ROOT / "vpgids" / name).is_dir()
        expected = f"there is no {relative} here" if present else f"vpgids.{name} is not part of this project yet"
        assert expected in out, out


def test_data_file_errors_come_through_with_file_and_line(tmp_path):
    """The real validators (vpgids.organisation, vpgids.helplines) run without a build, and their YAML
    syntax errors and content errors are printed unchanged."""
    from vpgids.check import DATA_CHECKS

    needs_hunspell()
    names = {name for name, _, _ in DATA_CHECKS if (ROOT / "vpgids" / f"{name}.py").exists()}
    if not {"organisation", "helplines"} <= names:
        pytest.skip("vpgids.organisation and vpgids.helplines are not in this branch yet")
    root = copy_fixture("missing-twin", tmp_path)
    (root / "organisation.yml").write_text("name:\n  nl: Test\n  en: Test\ncontacts:\n  - id: vp\n"
                                           "    role: [internal-vp\n")
    (root / "docs/_data").mkdir()
    (root / "docs/_data/helplines.yml").write_text("- id: test\n  name: {nl: Test, en: Test}\n")
    _, lines, _ = run_check(root)
    assert "organisation.yml:7: YAML syntax error: expected ',' or ']', but got '<stream end>' — check " \
           "indentation (spaces, not tabs), colons after keys, and quotes around text with a colon" in lines
    assert "docs/_data/helplines.yml:1: the helpline has no 'purpose' — add 'purpose:'" in lines


def test_real_project_passes_the_check():
    """The gate: the real site has no errors (warnings are allowed). Fails until the content is complete
    and correct in both languages."""
    needs_hunspell()
    env = {**os.environ}
    env.pop("CI", None)
    proc = subprocess.run([sys.executable, "-m", "vpgids.check"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 0, proc.stdout


def test_real_site_build_messages_through_the_i18n_build(tmp_path):
    """On a copy of the real project (Material + static-i18n, both language passes): broken links in either
    language and a menu title without translation come out as file:line lines, each once."""
    from support import copy_project

    needs_hunspell()
    root = copy_project(tmp_path / "project")
    en = root / "docs/contact.en.md"
    en.write_text(en.read_text() + "\nSee [the form](formulier.md).\n")
    en_line = len(en.read_text().splitlines())
    nl = root / "docs/contact.md"
    nl.write_text(nl.read_text() + "\nLees [de grenzen](vertrouwelijkheid.md#geen-anker).\n")
    nl_line = len(nl.read_text().splitlines())
    code, lines, out = run_check(root, build=True, today=None)
    # Only the two pages this test broke: the shipped data's own age warnings (helplines, facts) and
    # whatever else the real content says change with the content, not with this mechanism.
    assert [line for line in lines if ": warning: " not in line
            and line.startswith(("docs/contact.md:", "docs/contact.en.md:"))] == [
        f"docs/contact.en.md:{en_line}: the link 'formulier.md' points to a page that does not exist — check the "
        "file name in the link (it is the .md file in docs/, for example contact.md), or create that page",
        f"docs/contact.md:{nl_line}: the link 'vertrouwelijkheid.md#geen-anker' points to a section '#geen-anker' "
        "that the page docs/vertrouwelijkheid.md does not have — use the id of an existing heading (click the ¶ "
        "sign next to a heading on the preview to see it), or link to the page without the #part",
    ], out
    assert code == 1

    config = root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("      - Privacy: privacy.md", "      - Privacybeleid: privacy.md"))
    nav_line = next(i for i, line in enumerate(config.read_text().splitlines(), 1) if "Privacybeleid" in line)
    code, lines, out = run_check(root, build=True, today=None)
    assert f"mkdocs.yml:{nav_line}: the menu title 'Privacybeleid' has no translation — add 'Privacybeleid: " \
           "<translation>' under nav_translations in mkdocs.yml" in lines, out
    assert code == 1


@pytest.mark.parametrize("ci", [False, True])
def test_missing_hunspell_is_a_note_locally_and_an_error_in_ci(tmp_path, ci):
    root = copy_fixture("outdated", tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": str(tmp_path / "empty-path")}
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    proc = subprocess.run([sys.executable, "-m", "vpgids.check", "--root", str(root), "--no-build", "--today", TODAY],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    hint = ("hunspell is not installed (Debian/Ubuntu: apt-get install hunspell hunspell-nl hunspell-en-gb)")
    if ci:
        assert f"docs/_data/woordenlijst.txt: spelling cannot be checked: {hint} — install it in the CI job" \
               in proc.stdout.splitlines(), proc.stdout
        assert proc.returncode == 1
    else:
        assert f"note: skipped spelling: {hint}" in proc.stdout.splitlines(), proc.stdout
        assert proc.returncode == 0


def test_stale_dates_in_data_files(tmp_path):
    """The routing tree's reviewed: ages like a page's reviewed: date; helplines and volatile facts age by
    the date of their newest source (tests/test_facts.py has the exact words on fixtures)."""
    from support import copy_project

    needs_hunspell()
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CI", None)
    proc = subprocess.run([sys.executable, "-m", "vpgids.check", "--root", str(root), "--no-build",
                           "--today", "2099-01-01"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = proc.stdout.splitlines()
    routing = (root / "docs/_data/routing.yml").read_text().splitlines()
    reviewed = next(i for i, line in enumerate(routing, 1) if line.startswith("reviewed:"))
    assert (f"docs/_data/routing.yml:{reviewed}: warning: the routing tree was last reviewed on "
            f"{routing[reviewed - 1].split(':', 1)[1].strip()}, more than 12 months ago — walk through every route, "
            "check that each answer still leads to the right people, then set reviewed: to today's date") in lines
    helplines = (root / "docs/_data/helplines.yml").read_text().splitlines()
    entries = [i for i, line in enumerate(helplines, 1) if line.startswith("- id:")]
    stale = [line for line in lines if line.startswith("docs/_data/helplines.yml:") and "rests on sources" in line]
    assert [int(line.split(":")[1]) for line in stale] == entries  # in 2099 every helpline is stale
    assert "check its number, hours and cost at the live source" in stale[0]
    assert any(line.startswith("docs/_data/facts.yml:") and "volatile: true" in line for line in lines)
    # Old dates are warnings, never errors (other errors the real content may have are not this test's).
    dated = [line for line in lines if line.startswith(("docs/", "organisation/")) and ": warning: " not in line
             and ("reviewed" in line or "checked" in line or "sources" in line)]
    assert not dated, proc.stdout


def test_routing_tree_errors_come_through_without_a_build(tmp_path):
    """The routing validator runs like its build hook (with the organisation's roles and the helplines)."""
    from support import copy_project

    needs_hunspell()
    root = copy_project(tmp_path / "project")
    path = root / "docs/_data/routing.yml"
    text = path.read_text().splitlines()
    line = next(i for i, row in enumerate(text, 1) if row.strip().startswith("next: "))
    target = text[line - 1].split("next:", 1)[1].strip()
    text[line - 1] = text[line - 1].replace(f"next: {target}", f"next: {target}-typo")
    path.write_text("\n".join(text) + "\n")
    code, lines, out = run_check(root, today=None)
    hits = [row for row in lines if row.startswith(f"docs/_data/routing.yml:{line}: ")]
    assert hits and all(f"points to '{target}-typo', which does not exist" in row for row in hits), out
    assert code == 1


def test_other_build_warnings_keep_mkdocs_words_and_name_the_file(tmp_path):
    root = copy_fixture("build-warnings", tmp_path)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "unknown_setting: 1\n")
    code, lines, _ = run_check(root, build=True)
    assert "mkdocs.yml: the site build reports: Config value 'unknown_setting': Unrecognised configuration name: " \
           "unknown_setting — fix what it describes; if it is unclear, ask a developer (the full log comes from " \
           "python3 dev.py build)" in lines
    assert code == 1
