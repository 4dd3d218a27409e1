"""Glossary from docs/_data/glossary.yml: fills the `<!-- glossary -->` marker and gives abbreviations
(VP, PSA, Wbk ...) a tooltip on every page by appending `*[VP]: ...` lines in the page's language
(the `abbr` extension and Material's `content.tooltips` turn them into tooltips)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from vpgids import glossary  # noqa: E402
from vpgids.i18n import nested_pass  # noqa: E402
from vpgids.problems import ValidationError  # noqa: E402

MARKER = re.compile(r"^<!--\s*glossary\s*-->[ \t]*$", re.MULTILINE)
_data: dict = {}


def _path(config) -> Path:
    return Path(config.docs_dir) / "_data" / "glossary.yml"


def on_pre_build(config):
    if nested_pass(config) and "entries" in _data:
        return  # the default language's pass validated the same file; its entries are kept
    try:
        _data["entries"] = glossary.load(_path(config), docs_dir=Path(config.docs_dir))
    except ValidationError as exc:
        raise PluginError(f"The glossary file has problems:\n{exc}") from None


def on_page_markdown(markdown, page, config, files):
    lang = page.file.locale if getattr(page.file, "locale", None) in glossary.LANGS else glossary.LANGS[0]
    entries = _data["entries"]
    if MARKER.search(markdown):
        src = page.file.src_uri
        markdown = MARKER.sub(lambda _: "\n" + glossary.render_markdown(entries, lang, src) + "\n", markdown)
    # Abbreviation definitions go last; the abbr extension removes them from the output.
    return markdown.rstrip("\n") + "\n\n" + glossary.abbreviation_lines(entries, lang) + "\n"


def on_serve(server, config, builder):
    server.watch(str(_path(config)))
    return server
