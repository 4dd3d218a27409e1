"""Checks shared by data files that are a list of entries with keys and an id (helplines, glossary),
so every file reports unknown keys, missing keys and bad or repeated ids in the same words."""

from __future__ import annotations

import re

from .problems import Problem

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_keys(entry, at: int, shown: str, allowed, required, noun: str, problems: list[Problem]) -> None:
    for key in entry:
        if key not in allowed:
            problems.append(Problem(shown, entry.lines[key], f"unknown key '{key}'",
                                    "use only: " + ", ".join(allowed) + " (check the spelling)"))
    for key in required:
        if key not in entry:
            problems.append(Problem(shown, at, f"the {noun} has no '{key}'", f"add '{key}:'"))


def check_id(entry, shown: str, noun: str, example: str, first_line: dict, problems: list[Problem],
             pattern: re.Pattern = ID_RE) -> str:
    """Validate entry['id'] (if present) and remember where each id was first used."""
    if "id" not in entry:
        return ""
    value = str(entry["id"])
    line = entry.lines["id"]
    if not pattern.match(value):
        problems.append(Problem(shown, line, f"the id '{value}' is not a simple name",
                                f"use lowercase letters, digits and hyphens, such as '{example}'"))
    elif value in first_line:
        problems.append(Problem(shown, line, f"the id '{value}' is used twice",
                                f"give each {noun} its own id (first used on line {first_line[value]})"))
    else:
        first_line[value] = line
    return value
