"""The editor check: every problem in the site as `file:line: what is wrong — how to fix it`.

    python -m vpgids.check [--site-dir DIR] [--no-build] [--release]      (or ./check)

Runs the strict build, the data-file validators, NL/EN parity, spelling, readability, review
dates, translation freshness and the content gate (nothing that runs, redirects or hides the exit),
and prints all problems at once, sorted by file and line.
Exit status 1 if there is any error, 0 if there are only warnings (or nothing at all).
--release also lists, as errors, every fact and helpline nobody checked against its live source
and an organisation file still marked `example: true`: what an organisation must confirm first.
A failing step is reported as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import inspect
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import buildlog, content_gate, conventions, facts, freshness, orgfolder, parity, readability, spelling
from . import yamlfile
from .problems import Problem, ValidationError, display_path

ROOT = Path(__file__).resolve().parent.parent
# Import names of what the steps need (the build runs `python -m mkdocs` with this interpreter).
REQUIRED_MODULES = ("mkdocs", "material", "mkdocs_static_i18n", "yaml", "textstat", "pyphen")
IN_CI = os.environ.get("CI", "").lower() == "true"

# Data-file validators other parts of the project provide, with the file each one reads.
# A module may offer `check(root: Path) -> list[Problem]`; otherwise its `load(path)` is called,
# which raises ValidationError with every problem. Until a module exists the check says it
# skipped it, so the editor check works at every stage of the project.
DATA_CHECKS = [
    ("routing", "the routing tree (Waar kan ik terecht?)", "docs/_data/routing.yml"),
    ("organisation", "the organisation file", "organisation/organisation.yml"),
    ("helplines", "the helplines", "docs/_data/helplines.yml"),
    ("glossary", "the glossary (Begrippenlijst)", "docs/_data/glossary.yml"),
    ("orgfolder", "the organisation folder (own pages, menu, slots)", "organisation/"),
]


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    scores: list[readability.Score] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def _step(result: Result, name: str, shown_file: str, func, *args):
    """Run one step; an unexpected crash becomes one readable line instead of a traceback."""
    try:
        return func(*args)
    except ValidationError as exc:
        result.problems.extend(exc.problems)
    except Exception as exc:  # noqa: BLE001 - the editor must get a line, not a traceback
        result.problems.append(Problem(
            shown_file, 0, f"the {name} check could not run ({exc.__class__.__name__}: {exc})",
            "this is a fault in the check itself, not in your text: tell a developer"))
    return None


def _data_file(module, name: str, relative: str, root: Path) -> Path:
    if name == "organisation":
        return orgfolder.settings_file(root)  # the organisation folder in use, like the build
    return root / relative


def data_checks(result: Result, root: Path) -> None:
    for name, what, relative in DATA_CHECKS:
        module_name = f"{__package__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            result.notes.append(f"skipped {what}: {module_name} is not part of this project yet")
            continue
        if name == "orgfolder" and not orgfolder.folder(root).is_dir():
            result.notes.append(f"skipped {what}: there is no {relative} here")
            continue
        if hasattr(module, "check"):
            result.problems.extend(_step(result, what, relative, module.check, root) or [])
            continue
        path = _data_file(module, name, relative, root)
        if name == "routing" and path.exists():
            result.problems.extend(_step(result, what, relative, _routing, module, path, root) or [])
            continue
        if not hasattr(module, "load"):
            result.notes.append(f"skipped {what}: {module_name} has neither check(root) nor load(path)")
        elif not path.exists():
            chosen = name == "organisation" and (os.environ.get("VP_ORGANISATION") or os.environ.get("ORGANISATION_FILE"))
            shown = display_path(path, root) if chosen or name != "organisation" else relative
            result.notes.append(f"skipped {what}: there is no {shown} here")
        elif "docs_dir" in inspect.signature(module.load).parameters:  # e.g. to check `see:` page names
            _step(result, what, relative, lambda: module.load(path, docs_dir=buildlog.docs_dir(root)))
        else:
            _step(result, what, relative, module.load, path)


def _routing(module, path: Path, root: Path) -> list[Problem]:
    """The routing tree needs the known roles, contacts, helpline ids and facts, as its build hook passes them.
    A source whose own file is invalid is left out: its own check reports it."""
    from . import helplines, organisation

    def quietly(load, file):
        try:
            return load(file) if file.exists() else None
        except ValidationError:
            return None

    org = quietly(organisation.load, orgfolder.settings_file(root))
    lines = quietly(helplines.load, root / "docs/_data/helplines.yml")
    found = quietly(facts.load, root / "docs/_data/facts.yml")
    tree = module.load(path, roles=set(organisation.ROLES), contacts=list(org.contacts) if org else None,
                       helpline_ids=set(lines) if lines is not None else None, docs_dir=buildlog.docs_dir(root),
                       facts=found, phone_ids=helplines.phone_ids(lines))
    cases = path.with_name("routing-cases.yml")
    if not cases.exists():
        return []
    # Every outcome needs a test case: an editor who adds an answer learns it here, not in CI.
    return module.check_cases(tree, module.load_cases(cases), display_path(cases, root))


def _quiet_load(load, path: Path):
    """A data file's own check reports its problems; the date checks skip a broken or missing file."""
    try:
        return load(path) if path.exists() else None
    except ValidationError:
        return None


def _helpline_dates(root: Path, today: dt.date) -> list[Problem]:
    """Numbers and hours change: warn when a helpline's newest source is over a year old; a source
    dated after today is an error."""
    from . import helplines

    path = root / "docs/_data/helplines.yml"
    found = _quiet_load(helplines.load, path)
    if found is None:
        return []
    shown = display_path(path, root)
    return helplines.future_dates(found, shown, today) + helplines.stale(found, shown, today)


def release_problems(root: Path) -> list[Problem]:
    """What an organisation must confirm before going live: every fact and helpline nobody checked
    against its live source, and an organisation file that is still the example."""
    from . import helplines, organisation

    out = []
    facts_path = root / "docs/_data/facts.yml"
    found = _quiet_load(facts.load, facts_path)
    if found is not None:
        out += facts.unverified(found, display_path(facts_path, root))
    lines_path = root / "docs/_data/helplines.yml"
    lines = _quiet_load(helplines.load, lines_path)
    if lines is not None:
        out += helplines.unverified(lines, display_path(lines_path, root))
    org_path = _data_file(organisation, "organisation", "organisation.yml", root)
    data = _quiet_load(yamlfile.load, org_path)
    if isinstance(data, dict) and data.get("example") is True:
        out.append(Problem(display_path(org_path, root), data.lines["example"],
                           "the organisation file is still marked as the example (example: true)",
                           "put in your own organisation's name, contacts and site owner, then delete the line "
                           "example: true"))
    if isinstance(data, dict) and not data.get("site_owner"):
        out.append(Problem(display_path(org_path, root), 1,
                           "the organisation file names no site owner (site_owner:)",
                           "add site_owner: with who answers questions about this site, so readers can report a "
                           "mistake"))
    return out


def twin_check(result: Result, root: Path, docs: Path) -> None:
    """Pages in one language only: the foundation's check (vpgids.i18n, also run by the build's
    translation guard) is reused, so both report the same words and duplicates collapse."""
    try:
        from . import i18n
    except ImportError:
        result.notes.append("skipped the check for pages in one language only: vpgids.i18n is missing")
        return
    result.problems.extend(_step(result, "translation", "docs", i18n.missing_twins, docs, ["en"]) or [])


def _relative(problem: Problem, root: Path) -> Problem:
    """Validators name files relative to the project they live in; show them relative to root."""
    path, prefix = Path(problem.file), f"{root}/"
    if not path.is_absolute() and prefix not in problem.message + problem.fix:
        return problem
    return Problem(display_path(path, root) if path.is_absolute() else problem.file, problem.line,
                   problem.message.replace(prefix, ""), problem.fix.replace(prefix, ""), problem.severity)


def spelling_check(result: Result, root: Path, pages: list[Path]) -> None:
    wordlist_path = root / spelling.WORDLIST
    try:
        for language in ("nl", "en"):
            spelling.available(language)
    except spelling.SpellingUnavailable as exc:
        if IN_CI:  # CI must never pass by skipping
            result.problems.append(Problem(display_path(wordlist_path, root), 0,
                                           f"spelling cannot be checked: {exc}", "install it in the CI job"))
        else:
            result.notes.append(f"skipped spelling: {exc}")
        return
    data_files = sorted((root / "docs" / "_data").glob("*.yml")) + [orgfolder.settings_file(root)]
    # The organisation's own words and texts count too; its editors add words to its own list.
    words = spelling.WordList.load(wordlist_path)
    own = orgfolder.folder(root)
    words.words |= spelling.WordList.load(own / orgfolder.WORDS).words
    if own.resolve() != (root / orgfolder.EXAMPLE_FOLDER).resolve():
        wordlist_path = own / orgfolder.WORDS
    found = _step(result, "spelling", display_path(wordlist_path, root), spelling.check,
                  pages + organisation_texts(root), words, root, display_path(wordlist_path, root),
                  [path for path in data_files if path.exists()])
    result.problems.extend(found or [])


def organisation_texts(root: Path, *, pages_only: bool = False) -> list[Path]:
    """The organisation folder's own pages (and slot texts), also while the folder has problems."""
    return orgfolder.text_files(orgfolder.folder(root), pages_only=pages_only)


def run(root: Path = ROOT, *, site_dir: Path | None = None, build: bool = True,
        today: dt.date | None = None, release: bool = False) -> Result:
    root = Path(root).resolve()
    today = today or dt.date.today()
    docs = buildlog.docs_dir(root)
    result = Result()
    pages = []
    for page in parity.pages(docs):
        try:
            page.read_text(encoding="utf-8")
            pages.append(page)
        except UnicodeDecodeError as exc:
            result.problems.append(Problem(
                display_path(page, root), page.read_bytes()[:exc.start].count(b"\n") + 1,
                "this file is not saved as UTF-8 text, so letters like é and ë break",
                "save it again with the encoding UTF-8 (in most editors: Save as… → Encoding: UTF-8)"))
    pairs = [(nl, en) for nl, en in parity.pairs(docs) if nl in pages and en in pages]

    # The build runs in its own process while the other checks run here (2 cores: nearly halves the time).
    tmp = tempfile.TemporaryDirectory(prefix="vpgids-check-")
    building = None
    if build:
        building = _step(result, "site build", "mkdocs.yml", buildlog.start, root, site_dir or Path(tmp.name) / "site")
    else:
        result.notes.append("skipped the site build (--no-build): broken links and menu problems are not checked")
    try:
        _other_checks(result, root, docs, pages, pairs, today)
        if release:
            result.problems.extend(_step(result, "release", "docs/_data", release_problems, root) or [])
    except BaseException:
        if building:  # stopped (Ctrl+C, SIGTERM): stop the build too, leave no process behind
            building.kill()
            building.wait()
        tmp.cleanup()
        raise
    finally:
        if building and building.returncode is None:
            found = _step(result, "site build", "mkdocs.yml", buildlog.finish, building, root)
            result.problems.extend(found[0] if found else [])
            if found and buildlog.stopped_early(found[2]):
                result.notes.append("the site build stopped at an error listed below, so links and the menu were "
                                    "not checked yet — run the check again after fixing it")
        tmp.cleanup()
    result.problems = sorted({_relative(p, root) for p in result.problems}, key=lambda p: (p.file, p.line, p.message))
    return result


def _other_checks(result: Result, root: Path, docs: Path, pages: list[Path], pairs, today: dt.date) -> None:
    data_checks(result, root)

    twin_check(result, root, docs)
    result.problems.extend(_step(result, "heading", "docs", parity.check, pairs, root) or [])

    spelling_check(result, root, pages)

    for page in pages + organisation_texts(root, pages_only=True):
        shown = display_path(page, root)
        text = page.read_text(encoding="utf-8")
        result.problems.extend(_step(result, "review date", shown, freshness.reviewed, text, shown, today) or [])
        result.problems.extend(conventions.problems(text, shown))
        score = _step(result, "readability", shown, readability.measure, page, root)
        if score:
            result.scores.append(score)
    result.problems.extend(readability.problems(result.scores))
    result.problems.extend(_step(result, "data date", "docs/_data", freshness.data_dates, root, today) or [])
    result.problems.extend(_step(result, "facts", "docs/_data/facts.yml", facts.check, root, today, pages) or [])
    result.problems.extend(_step(result, "helpline date", "docs/_data/helplines.yml", _helpline_dates, root,
                                 today) or [])
    for page in pages:
        shown = display_path(page, root)
        text = readability.with_facts(page.read_text(encoding="utf-8"), readability.language_of(page), page)
        result.problems.extend(_step(result, "sentence length", shown, readability.long_sentences, text, shown) or [])
    # What a page or a file under docs/ may contain; the build adds each page's rendered HTML.
    result.problems.extend(_step(result, "content", "docs", content_gate.check, root, today) or [])

    if freshness.in_git(root):
        result.problems.extend(_step(result, "translation date", "docs", freshness.outdated_translations,
                                     pairs, root) or [])
    else:
        result.notes.append("skipped outdated-translation warnings: this folder is not a git repository")


def render(result: Result, seconds: float) -> str:
    out = [f"note: {note}" for note in result.notes]
    out += [str(p) for p in result.problems]
    if result.scores:
        out += ["", "Readability per page (Flesch-Douma for Dutch, Flesch reading ease for English; "
                    "higher is easier, aim for 60 or more):", readability.report(result.scores)]
    errors, warnings = len(result.errors), len(result.warnings)
    out += ["", f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                f"(checked in {seconds:.1f} s)."]
    if errors:
        out.append("Fix the errors above; CONTRIBUTING.md explains every message. Warnings do not block a change.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="keep the built site in this folder (a preview)")
    parser.add_argument("--no-build", action="store_true", help="skip the site build (faster, fewer checks)")
    parser.add_argument("--release", action="store_true",
                        help="before going live: also list every fact and helpline nobody verified, and "
                             "example: true in the organisation file, as errors")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    missing = [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        print(f"check: the Python packages {', '.join(missing)} are not installed for {sys.executable} — run "
              "`python3 dev.py check` once (it installs them into .venv), or "
              "`pip install --require-hashes -r requirements-test.lock`")
        return 2
    started = time.monotonic()
    # A stopped check (deploy.sh's trap, a CI timeout) unwinds like Ctrl+C: the build is stopped, temp files go.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        result = run(args.root, site_dir=args.site_dir and args.site_dir.resolve(), build=not args.no_build,
                     today=args.today, release=args.release)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        print(f"check: the check itself failed ({exc.__class__.__name__}: {exc}) — this is a fault in the "
              "check, not in your text: tell a developer")
        return 2
    print(render(result, time.monotonic() - started))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
