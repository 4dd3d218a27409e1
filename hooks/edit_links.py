""""Edit this page" opens the file that holds the page's text, not a wrapper page around a marker.

Material shows `page.edit_url`; MkDocs derives it from the page's own file. Pages whose text comes from a
data file (contacts, helplines, glossary, the routing tree) point at that file instead, and the
organisation's own pages at their file in the organisation folder. A page (or a hook that generates one)
can name its source with `edit_source: PATH` in its meta. Only when organisation.yml sets `repository:`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids import orgfolder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ORGANISATION = object()  # the organisation file in use
# Dutch page (or a folder, ending in /) -> the file that holds its text, relative to the repository.
EDIT_SOURCES = (
    ("contact.md", ORGANISATION),
    ("hulplijnen.md", "docs/_data/helplines.yml"),
    ("begrippenlijst.md", "docs/_data/glossary.yml"),
    ("waar-kan-ik-terecht/", "docs/_data/routing.yml"),  # every page of the tree, generated or not
)


def _in_repository(path: Path) -> str | None:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None  # e.g. an organisation folder outside the checkout: no edit link to guess


def source_of(page) -> str | None:
    """The repository path of the file that holds this page's text, or None for the page's own file."""
    if page.meta.get("edit_source"):
        return str(page.meta["edit_source"])
    uri = getattr(page.file, "norm_src_uri", None) or page.file.src_uri
    for pattern, source in EDIT_SOURCES:
        if uri == pattern or (pattern.endswith("/") and uri.startswith(pattern)):
            return _in_repository(orgfolder.settings_file()) if source is ORGANISATION else source
    if page.file.abs_src_path and not Path(page.file.abs_src_path).resolve().is_relative_to(ROOT / "docs"):
        return _in_repository(Path(page.file.abs_src_path))  # an organisation's own page
    return None


def repository_root(edit_uri: str, docs_dir: str) -> str:
    """The edit view of the repository's top folder, from the docs folder's (…/edit/main/docs/)."""
    docs = Path(docs_dir).name + "/"
    return edit_uri[: -len(docs)] if edit_uri.endswith("/" + docs) else edit_uri.rstrip("/").rsplit("/", 1)[0] + "/"


@event_priority(-50)  # after the page's meta is known
def on_page_context(context, page, config, nav, **kwargs):
    edit_uri = config.get("edit_uri")
    if not edit_uri or config.get("repo_url") or "://" not in edit_uri:
        return context  # no edit links on this site (hooks/organisation.py sets a full edit_uri)
    source = source_of(page)
    if source:
        page.edit_url = repository_root(edit_uri, config.docs_dir) + source
    return context
