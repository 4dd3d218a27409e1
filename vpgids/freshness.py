"""Is the content still current? `reviewed:` dates older than 12 months, and English pages whose
Dutch original changed later in git history (FastAPI's `list-outdated` idea: compare the last
commit date of the original and of the translation)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from . import yamlfile
from .mdtext import front_matter, front_matter_lines
from .problems import Problem, ValidationError, display_path

DATE_HINT = "write it as reviewed: YYYY-MM-DD, for example reviewed: 2026-11-30"


def months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):  # 29 February, 31 April and the like
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reviewed(text: str, shown: str, today: dt.date) -> list[Problem]:
    """The page's `reviewed:` date: present, a real date, not in the future, not older than 12 months."""
    meta, problems = front_matter(text, shown)
    if problems:
        return problems
    line = front_matter_lines(text).get("reviewed", 1)
    value = meta.get("reviewed")
    if value is None:
        return [Problem(shown, 1, "this page has no `reviewed:` date in its settings at the top",
                        "add a line reviewed: YYYY-MM-DD between the --- lines, with the date you last "
                        "checked the whole page")]
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return [Problem(shown, line, f"`reviewed: {value}` is not a date", DATE_HINT)]
    if value > today:
        return [Problem(shown, line, f"`reviewed: {value}` lies in the future",
                        "use the date on which you checked the page, today at the latest")]
    if value < months_ago(today, 12):
        return [Problem(shown, line, f"this page was last reviewed on {value}, more than 12 months ago",
                        "read the page again, check facts, phone numbers and links, then set reviewed: to "
                        "today's date", "warning")]
    return []


def last_commit_time(path: Path) -> int | None:
    """Unix time of the last commit that changed this file (None if it was never committed)."""
    proc = subprocess.run(["git", "log", "-1", "--format=%ct", "--", path.name],
                          cwd=path.parent, capture_output=True, text=True)
    out = proc.stdout.strip()
    return int(out) if proc.returncode == 0 and out else None


def in_git(root: Path) -> bool:
    if not shutil.which("git"):
        return False
    proc = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True)
    return proc.returncode == 0 and proc.stdout.strip() == "true"


def _when(timestamp: int, other: int) -> str:
    """The day, and the time as well when both changes fall on the same day."""
    moment, then = (dt.datetime.fromtimestamp(t, dt.timezone.utc) for t in (timestamp, other))
    if moment.date() == then.date():
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.date().isoformat()


def outdated_translations(pairs: list[tuple[Path, Path]], root: Path | None = None) -> list[Problem]:
    """A warning on every English page whose Dutch original has a later commit."""
    problems = []
    for nl, en in pairs:
        nl_time, en_time = last_commit_time(nl), last_commit_time(en)
        if nl_time is None or en_time is None or nl_time <= en_time:
            continue
        en_text = en.read_text(encoding="utf-8")
        line = front_matter_lines(en_text).get("reviewed", 1)
        problems.append(Problem(
            display_path(en, root), line,
            f"the translation may be outdated: the Dutch page {display_path(nl, root)} was changed on "
            f"{_when(nl_time, en_time)}, after this English page (last changed on {_when(en_time, nl_time)})",
            "compare both pages and bring the English text up to date; if nothing needs to change, set "
            "reviewed: here to today's date, so the English page is newer again",
            "warning"))
    return problems


def data_dates(root: Path, today: dt.date) -> list[Problem]:
    """Warnings for data files that hold a review date: the routing tree's `reviewed:`. (Helplines and
    facts carry the dates of their sources: vpgids.helplines.stale, vpgids.facts.stale.) A broken file
    is skipped here: its own validator reports it."""
    problems = []
    limit = months_ago(today, 12)

    def load(relative):
        path = root / relative
        try:
            return (yamlfile.load(path), display_path(path, root)) if path.exists() else (None, "")
        except ValidationError:
            return None, ""

    routing, shown = load("docs/_data/routing.yml")
    if isinstance(routing, dict) and isinstance(routing.get("reviewed"), dt.date) and routing["reviewed"] < limit:
        problems.append(Problem(
            shown, routing.lines["reviewed"],
            f"the routing tree was last reviewed on {routing['reviewed']}, more than 12 months ago",
            "walk through every route, check that each answer still leads to the right people, then set "
            "reviewed: to today's date", "warning"))
    return problems
