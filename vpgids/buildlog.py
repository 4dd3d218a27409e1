"""Run the real strict build and turn its log into `file:line: what is wrong — how to fix it`.

MkDocs names the page but not the line ("Doc file 'contact.md' contains a link 'x.md', but the
target is not found"); we look the link up in the page to find the line. Messages our own hooks
raise are already in `file:line:` form and pass through unchanged.

Never run the build with `-q`: quiet mode hides warnings from MkDocs' strict-mode counter, so
`mkdocs build --strict -q` succeeds despite broken links.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

from .parity import headings
from .problems import Problem

RECORD = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
OTHER_LEVEL = re.compile(r"^(INFO|DEBUG)\s+-\s")
# Lines from our hooks (vpgids.problems.Problem): file:line: [warning: ]message — fix
FORMATTED = re.compile(r"^(?P<file>[\w./-]+\.(?:md|ya?ml|txt|html?|xhtml|xml|svg|css|m?js|py)):(?:(?P<line>\d+):)? "
                       r"(?P<warning>warning: )?(?P<message>.*?)(?: — (?P<fix>.*))?$")


def start(root: Path, site_dir: Path) -> subprocess.Popen:
    """Start `python -m mkdocs build --strict` in root; the caller does other work meanwhile."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen, root: Path) -> tuple[list[Problem], bool, str]:
    """(problems, build succeeded, raw log) of a build begun with start()."""
    try:
        log, _ = proc.communicate()
    except BaseException:  # stopped while waiting (Ctrl+C, SIGTERM): no build is left running
        proc.kill()
        proc.wait()
        raise
    problems = translate(log or "", root)
    if proc.returncode != 0 and not any(p.severity == "error" for p in problems):
        tail = " / ".join(line.strip() for line in log.strip().splitlines()[-3:])
        problems.append(Problem("mkdocs.yml", 0, f"the site build failed: {tail}",
                                "ask a developer to look at the full output of: python3 dev.py build"))
    return problems, proc.returncode == 0, log


def run(root: Path, site_dir: Path) -> tuple[list[Problem], bool, str]:
    return finish(start(root, site_dir), root)


def stopped_early(log: str) -> bool:
    """An error (not a strict-mode warning) ends the build before pages and links are checked."""
    return any(level == "ERROR" for level, _ in records(log)) or "Aborted with a BuildError" in log


def records(log: str) -> list[tuple[str, str]]:
    """(level, message) per WARNING/ERROR record; continuation lines belong to the record above."""
    found: list[list[str]] = []
    current = None
    for line in log.splitlines():
        match = RECORD.match(line)
        if match:
            current = [match.group(1), match.group(2)]
            found.append(current)
        elif OTHER_LEVEL.match(line) or line.startswith("Aborted with") or not line.strip():
            current = None
        elif current is not None:
            current[1] += "\n" + line
    return [(level, message) for level, message in found]


def translate(log: str, root: Path) -> list[Problem]:
    docs = docs_dir(root)
    problems: list[Problem] = []
    for level, message in records(log):
        problems += _translate_one(level, message, root, docs)
    return sorted(set(problems))


def docs_dir(root: Path) -> Path:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8") if (root / "mkdocs.yml").exists() else ""
    match = re.search(r"^docs_dir:\s*['\"]?([^'\"\n#]+)", config, re.M)
    return root / (match.group(1).strip() if match else "docs")


def _shown(path: Path, root: Path) -> str:
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _line_of(path: Path, needles: list[str]) -> int:
    """First line containing one of needles (tried in order), else 1."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return 1


def _link_line(page: Path, link: str) -> int:
    return _line_of(page, [f"]({link}", f"]: {link}", f'href="{link}"', f"<{link}>", link])


def _anchors(page: Path) -> list[str]:
    """Explicit and generated ids of a page's headings (Python-Markdown's default slugify)."""
    from markdown.extensions.toc import slugify

    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [h.anchor or slugify(h.text, "-") for h in headings(text)]


def _close_page(page: Path, link: str, docs: Path) -> str | None:
    """A page file whose name is close to a mistyped link ('contakt.md' -> 'contact.md')."""
    target, _, anchor = link.partition("#")
    names = [os.path.relpath(p, page.parent).replace(os.sep, "/") for p in docs.rglob("*.md")
             if "_data" not in p.relative_to(docs).parts]
    close = difflib.get_close_matches(target, names, n=1, cutoff=0.75)
    return close[0] + (f"#{anchor}" if anchor else "") if close else None


def _translate_one(level: str, message: str, root: Path, docs: Path) -> list[Problem]:
    severity = "error"  # under --strict every warning fails the build
    first = message.split("\n", 1)[0]

    # Already formatted by one of our hooks (a ValidationError, perhaps under a heading line such
    # as "The organisation file has problems:"): one problem per formatted line.
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    formatted = [FORMATTED.match(line) for line in lines]
    if any(formatted) and all(m or line.endswith(":") for m, line in zip(formatted, lines)):
        return [Problem(_shown(Path(m["file"]), root), int(m["line"] or 0), m["message"], m["fix"] or "",
                        "warning" if m["warning"] else "error") for m in formatted if m]

    match = re.match(r"Doc file '([^']+)' contains (?:a|an absolute|an unrecognized relative) link '([^']*)'", first)
    if match:
        page, link = docs / match.group(1), match.group(2)
        shown, line = _shown(page, root), _link_line(page, link)
        suggestion = re.search(r"Did you mean '([^']*)'\?", first)
        did_you_mean = f" (did you mean '{suggestion.group(1)}'?)" if suggestion else ""
        if "absolute link" in first:
            return [Problem(shown, line, f"the link '{link}' starts with /, which breaks when the site is "
                            f"hosted under a sub-path{did_you_mean}",
                            "link to the page's .md file relative to this page, for example [Contact](contact.md)",
                            severity)]
        if "unrecognized relative link" in first:
            return [Problem(shown, line, f"the link '{link}' does not point to a page file{did_you_mean}",
                            "link to the page's .md file, for example [Contact](contact.md) instead of contact/",
                            severity)]
        anchor = re.search(r"but the doc '([^']+)' does not contain an anchor '#([^']*)'", first)
        own = "there is no such anchor on this page" in first
        if anchor or own:
            target = docs / anchor.group(1) if anchor else page
            wanted = anchor.group(2) if anchor else link.split("#", 1)[1]
            ids = _anchors(target)
            close = difflib.get_close_matches(wanted, ids, n=1)
            hint = f" (did you mean '#{close[0]}'?)" if close else ""
            where = f"the page {_shown(target, root)}" if anchor else "this page"
            return [Problem(shown, line, f"the link '{link}' points to a section '#{wanted}' that {where} does "
                            f"not have{hint}",
                            "use the id of an existing heading (click the ¶ sign next to a heading on the "
                            "preview to see it), or link to the page without the #part", severity)]
        if "is not found among documentation files" in first:
            if not did_you_mean:
                close = _close_page(page, link, docs)
                did_you_mean = f" (did you mean '{close}'?)" if close else ""
            return [Problem(shown, line, f"the link '{link}' points to a page that does not exist{did_you_mean}",
                            "check the file name in the link (it is the .md file in docs/, for example "
                            "contact.md), or create that page", severity)]

    match = re.match(r"A reference to '([^']+)' is included in the 'nav' configuration, which is not found", first)
    if match:
        return [Problem("mkdocs.yml", _line_of(root / "mkdocs.yml", [f": {match.group(1)}", match.group(1)]),
                        f"the menu (nav:) lists '{match.group(1)}', but there is no such page in docs/",
                        "correct the file name in nav:, or create the page (in both languages)", severity)]

    if first.startswith("The following pages exist in the docs directory, but are not included in the \"nav\""):
        missing = re.findall(r"^\s*-\s+(\S+)$", message, re.M)
        return [Problem(_shown(docs / name, root), 1, "this page is not in the site menu (nav: in mkdocs.yml)",
                        "add a line `- Title: " + name + "` under nav: in mkdocs.yml, and its English title "
                        "under nav_translations:", severity) for name in missing]

    # Anything else: keep MkDocs' words, and name a file if the message mentions one.
    mentioned = re.search(r"'([\w./-]+\.(?:md|ya?ml))'", message)
    file = mentioned.group(1) if mentioned else "mkdocs.yml"
    if mentioned and file.endswith(".md") and (docs / file).exists():
        file = _shown(docs / file, root)
    text = " ".join(message.split())
    return [Problem(file, 0, f"the site build reports: {text}",
                    "fix what it describes; if it is unclear, ask a developer (the full log comes from "
                    "python3 dev.py build)", severity)]
