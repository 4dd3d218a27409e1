"""Replace `<!-- helplines -->` markers with helpline cards from docs/_data/helplines.yml.

Markers: `<!-- helplines -->` (all, urgent first), `<!-- helplines:urgent -->`, `<!-- helplines:other -->`,
or chosen cards by id: `<!-- helplines:huis-voor-klokkenluiders,juridisch-loket -->`.
In running text, `<!-- helpline-phone: 113 -->` becomes that helpline's number links, so a
number written on a page changes with the data too.
The replacement happens in on_page_markdown so MkDocs sees the cards' ids (links to
`hulplijnen.md#hulplijn-113` validate under --strict) and search indexes the numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from vpgids import helplines as hl  # noqa: E402
from vpgids.problems import Problem, ValidationError, display_path, load_dated  # noqa: E402

MARKER = re.compile(r"^<!--\s*helplines(?::\s*([a-z0-9,\s-]+?))?\s*-->[ \t]*$", re.MULTILINE)
PHONE_MARKER = hl.PHONE_MARKER
_data: dict = {}


def _path(config) -> Path:
    return Path(config.docs_dir) / "_data" / "helplines.yml"


def on_pre_build(config):
    # Validate once per language pass, before any page, so a broken file stops the build with all problems.
    try:
        _data["helplines"] = load_dated(hl.load, hl.future_dates, _path(config), dt.date.today())
    except ValidationError as exc:
        raise PluginError(f"The helplines file has problems:\n{exc}") from None


def _source_line(page, marker: str, nth: int) -> int:
    """Line of the nth copy of marker in the page's file: the Markdown we get has lost its front matter."""
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.find(marker, at + 1)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def on_page_markdown(markdown, page, config, files):
    if "<!--" not in markdown or not (MARKER.search(markdown) or PHONE_MARKER.search(markdown)):
        return markdown
    lang = page.file.locale if getattr(page.file, "locale", None) in hl.LANGS else hl.LANGS[0]
    helplines = _data["helplines"]
    problems = []

    def phone(match):
        helpline = helplines.get(match.group(1))
        if helpline is None or not helpline.phones:
            line = _source_line(page, match.group(0), markdown.count(match.group(0), 0, match.start()))
            what = "does not exist" if helpline is None else "has no phone number"
            problems.append(Problem(display_path(page.file.abs_src_path), line,
                                    f"the helpline '{match.group(1)}' in this marker {what}",
                                    "use an id with a phone number from docs/_data/helplines.yml: "
                                    + ", ".join(h.id for h in helplines.values() if h.phones)))
            return match.group(0)
        return hl.phone_links_markdown(helpline, lang)

    markdown = PHONE_MARKER.sub(phone, markdown)

    def replace(match):
        which = (match.group(1) or "all").strip()
        if which in ("all", "urgent", "other"):
            chosen = hl.select(helplines, which)
        else:
            ids = [part.strip() for part in which.split(",") if part.strip()]
            for unknown in (i for i in ids if i not in helplines):
                line = _source_line(page, match.group(0), markdown.count(match.group(0), 0, match.start()))
                problems.append(Problem(display_path(page.file.abs_src_path), line,
                                        f"the helpline '{unknown}' in this marker does not exist",
                                        "use an id from docs/_data/helplines.yml: " + ", ".join(helplines)))
            chosen = [helplines[i] for i in ids if i in helplines]
        # Blank lines around the block keep Markdown from wrapping it in a paragraph.
        return "\n" + hl.render_directory(chosen, lang) + "\n"

    result = MARKER.sub(replace, markdown)
    if problems:
        raise PluginError(str(ValidationError(problems)))
    return result


def on_serve(server, config, builder):
    server.watch(str(_path(config)))
    return server
