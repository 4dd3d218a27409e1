"""Replace `<!-- helplines -->` markers with helpline cards from docs/_data/helplines.yml.

Markers: `<!-- helplines -->` (all, urgent first), `<!-- helplines:urgent -->`, `<!-- helplines:other -->`.
The replacement happens in on_page_markdown so MkDocs sees the cards' ids (links to
`hulplijnen.md#hulplijn-113` validate under --strict) and search indexes the numbers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from vpgids import helplines as hl  # noqa: E402
from vpgids.problems import ValidationError  # noqa: E402

MARKER = re.compile(r"^<!--\s*helplines(?::(all|urgent|other))?\s*-->[ \t]*$", re.MULTILINE)
_data: dict = {}


def _path(config) -> Path:
    return Path(config.docs_dir) / "_data" / "helplines.yml"


def on_pre_build(config):
    # Validate once per language pass, before any page, so a broken file stops the build with all problems.
    try:
        _data["helplines"] = hl.load(_path(config))
    except ValidationError as exc:
        raise PluginError(f"The helplines file has problems:\n{exc}") from None


def on_page_markdown(markdown, page, config, files):
    if "<!--" not in markdown or not MARKER.search(markdown):
        return markdown
    lang = page.file.locale if getattr(page.file, "locale", None) in hl.LANGS else hl.LANGS[0]
    helplines = _data["helplines"]

    def replace(match):
        # Blank lines around the block keep Markdown from wrapping it in a paragraph.
        return "\n" + hl.render_directory(hl.select(helplines, match.group(1) or "all"), lang) + "\n"

    return MARKER.sub(replace, markdown)


def on_serve(server, config, builder):
    server.watch(str(_path(config)))
    return server
