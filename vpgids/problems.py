"""One problem an editor must fix, printed as `file:line: what is wrong — how to fix it`."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"  # "error" fails the build and the check; "warning" is reported only

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        tail = f" — {self.fix}" if self.fix else ""
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.message}{tail}"


class ValidationError(Exception):
    """Raised with every problem found, so an editor sees them all at once, not one per build."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


_ROOT = Path(__file__).resolve().parent.parent


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Paths relative to the project root read better in messages than absolute ones."""
    path = Path(path)
    # A relative path resolves from the current folder, so that is part of the question.
    return _display_path(path, root or _ROOT, None if path.is_absolute() else os.getcwd())


@functools.lru_cache(maxsize=1024)  # resolving walks every folder of the path: hooks ask per page, per event
def _display_path(path: Path, root: Path, cwd: str | None) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def load_dated(load, future_dates, path: Path, today):
    """A data file whose sources carry dates (facts, helplines), as a build needs it: every problem
    at once, and no source dated after `today` (a typo, or today's date typed by habit)."""
    data = load(path)
    future = future_dates(data, display_path(path), today)
    if future:
        raise ValidationError(future)
    return data
