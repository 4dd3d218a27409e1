"""Material conventions this site does not enable, rejected with a clear message instead of being shown
as literal text: content tabs (`=== "Tab"`, pymdownx.tabbed) and task lists (`- [ ]`, pymdownx.tasklist).

Tabs hide text behind a control, and a checkbox suggests the reader can tick something the site never
keeps; a plain list or headings say the same to every reader, with and without JavaScript.
"""

from __future__ import annotations

import re

from .problems import Problem

FENCE = re.compile(r"^\s*(```|~~~)")
TAB = re.compile(r"^\s*===[+!]?\s+[\"']")
TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\](?:\s|$)")

TAB_PROBLEM = ("content tabs (=== \"…\") are not used on this site, so this would show as plain text",
               "use a heading (## …) per tab, or a list, so every reader sees all the text")
TASK_PROBLEM = ("task-list boxes ([ ] / [x]) are not used on this site, so this would show as plain text",
                "write a normal list item without the box, e.g. '- Bel de vertrouwenspersoon'")


def problems(text: str, shown: str) -> list[Problem]:
    """One problem per tab or task-list line outside code blocks and the front matter."""
    found, fence, lines = [], None, text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    for number, line in enumerate(lines[start:], start + 1):
        marker = FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence:
            continue
        if TAB.match(line):
            found.append(Problem(shown, number, *TAB_PROBLEM))
        elif TASK.match(line):
            found.append(Problem(shown, number, *TASK_PROBLEM))
    return found
