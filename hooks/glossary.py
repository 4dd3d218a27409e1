"""Glossary from docs/_data/glossary.yml: fills the `<!-- glossary -->` marker and gives abbreviations
(VP, PSA, Wbk ...) a tooltip on every page, in the page's language: the `abbr` extension's own
`glossary` setting, set for each page before MkDocs makes its Markdown converter, and Material's
`content.tooltips` turn them into tooltips. (Appending `*[VP]: ...` lines to each page did the same,
but Markdown then parsed those lines as blocks on every page: about 2% of a build.)"""

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


def on_config(config):
    if "abbr" not in config.markdown_extensions:
        raise PluginError("hooks/glossary.py gives abbreviations their tooltips through the Markdown extension "
                          "'abbr' — add '- abbr' under markdown_extensions in mkdocs.yml")
    return config


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
    # MkDocs makes each page's Markdown converter from config.mdx_configs after this event.
    settings = config.mdx_configs.get("abbr") or {}
    config.mdx_configs["abbr"] = {**settings, "glossary": glossary.abbreviations(entries, lang)}
    return markdown


def on_serve(server, config, builder):
    server.watch(str(_path(config)))
    return server
