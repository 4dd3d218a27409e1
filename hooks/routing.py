"""The routing tree "Waar kan ik terecht?": validate the data once, then put the whole tree into the
tree page (waar-kan-ik-terecht/index.md, marker <!-- routing:tree -->) and every route into the
overview page (<!-- routing:overview -->), per language.

One page per language, steps as #fragments (vpgids/routing.py says why): no generated pages, so
the routing tree costs the build two page renders per language, not one per step. The tree is
finished, escaped HTML, so it goes in after Markdown, as hooks/organisation.py does with its contact
cards: Markdown would only parse it to pass it through unchanged. It goes in at on_page_context,
after Material's search plugin has indexed the page: the search index holds the tree page's
introduction but no step, so no search result maps a topic to a step. (Material's own
`data-search-exclude` cannot do this: its parser compares elements by tag name, so the first
nested </div> or </section> inside the excluded block ends the exclusion.)
"""

from __future__ import annotations

import base64
import mimetypes
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from vpgids import facts as facts_module  # noqa: E402
from vpgids import helplines as helplines_module  # noqa: E402
from vpgids import organisation, routing  # noqa: E402
from vpgids.i18n import nested_pass  # noqa: E402
from vpgids.problems import ValidationError  # noqa: E402

TREE_MARKER = "<!-- routing:tree -->"
OVERVIEW_MARKER = "<!-- routing:overview -->"
TREE_PAGE = f"{routing.SECTION}/index.md"
TREE_TEMPLATE = "components/routing-step/routing-step.html"
OVERVIEW_PAGE = f"{routing.SECTION}/overzicht.md"
FAVICON_LINK = re.compile(r'<link rel="icon" href="[^"]*">')
HELPLINE_ID = re.compile(r'\sid="hulplijn-[^"]*"')  # a card shown on many steps keeps no id (ids are unique)

_state: dict = {}


def _sources(data_dir: Path):
    """The organisation, the helplines and the facts. A source whose own file is invalid is left out
    here: its own hook reports its problems, once."""
    try:
        org = organisation.load()  # honours ORGANISATION_FILE, like the organisation hook
    except ValidationError:
        org = None
    try:
        lines = helplines_module.load(data_dir / "helplines.yml")
    except ValidationError:
        lines = None
    try:
        facts = facts_module.load(data_dir / "facts.yml")
    except ValidationError:
        facts = None
    return org, lines, facts


@event_priority(-160)  # after the organisation hook's on_config (-150): its errors come first, once
def on_config(config):
    if nested_pass(config) and "tree" in _state:
        return config  # the default language's pass validated the same files; its tree is kept
    docs_dir = Path(config.docs_dir)
    org, lines, facts = _sources(docs_dir / "_data")
    contacts = list(org.contacts) if org is not None else None
    try:
        tree = routing.load(docs_dir / "_data" / "routing.yml", roles=set(organisation.ROLES), contacts=contacts,
                            helpline_ids=set(lines) if lines is not None else None, docs_dir=docs_dir,
                            facts=facts, phone_ids=helplines_module.phone_ids(lines))
    except ValidationError as exc:
        raise PluginError(str(exc)) from None
    _state.update(tree=tree, steps=routing.unfold(tree), organisation=org, helplines=lines or {}, facts=facts,
                  html={})
    return config


def _language(page, config) -> str:
    i18n = config.plugins.get("i18n")
    return page.file.locale or (i18n.default_language if i18n else "nl")


def _read_more_title(docs_dir: Path, page: str, lang: str) -> str:
    """The linked page's own first heading, so the link text matches what the reader will see."""
    path = docs_dir / page
    if path.with_suffix(f".{lang}.md").is_file():
        path = path.with_suffix(f".{lang}.md")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page


def context(org, lines: dict, docs_dir: Path, facts=None) -> routing.Context:
    """What an organisation's build puts into the tree (a plain function: the tests call it with
    other organisation files). Cards are the organisation's and the helplines' own renderers."""

    def contacts_html(items, lang):
        return organisation.render_contacts(org, lang, contacts=items, heading_level=4, anchor=False)

    def helplines_html(items, lang):
        return HELPLINE_ID.sub("", helplines_module.render_directory(items, lang, heading_level=4))

    def read_more(page, lang):  # the tree page is waar-kan-ik-terecht/, its pages' sources sit in docs/
        return "../" + page[: -len(".md")] + "/", _read_more_title(docs_dir, page, lang)

    groups = [organisation.ADVISER_GROUPS[g] for g in org.adviser_open_to] if org else []
    return routing.Context(contacts=list(org.contacts) if org else [], helplines=lines,
                           render_contacts=contacts_html, render_helplines=helplines_html,
                           org_name=dict(org.name) if org and org.name else {}, open_to=groups,
                           read_more=read_more, overview_href="overzicht/", facts=facts)


def tree_html(lang: str, config) -> str:
    """The rendered tree for a language, once per build (the i18n plugin builds each language once)."""
    if lang not in _state["html"]:
        ctx = context(_state["organisation"], _state["helplines"], Path(config.docs_dir), _state["facts"])
        _state["html"][lang] = routing.render_tree(_state["steps"], lang, ctx)
    return _state["html"][lang]


def on_page_content(html, page, config, files):
    src = page.file.src_uri
    is_tree = TREE_MARKER in html
    is_overview = OVERVIEW_MARKER in html
    if not (is_tree or is_overview):
        return html
    # Only the two pages of this section may hold the markers: a tree elsewhere would break the
    # relative links inside it.
    base = re.sub(r"\.[a-z]{2}\.md$", ".md", src)
    expected = TREE_PAGE if is_tree else OVERVIEW_PAGE
    if base != expected:
        marker = TREE_MARKER if is_tree else OVERVIEW_MARKER
        raise PluginError(f"docs/{src}: the marker {marker} belongs only in docs/{expected} — remove it here")
    lang = _language(page, config)
    if is_tree:
        # The layout comes from here, not from the page's settings: the content gate refuses
        # `template:` in pages, because Material's redirect.html would send the reader away.
        page.meta["template"] = TREE_TEMPLATE
        # MkDocs checks links to #ids against the ids it saw; these sections it did not see.
        page.present_anchor_ids.update(s.fragment for s in _state["steps"])
    if is_overview:
        html = html.replace(OVERVIEW_MARKER,
                            routing.overview_html(_state["steps"], lang, lambda s: f"../#{s.fragment}",
                                                  _state["helplines"]))
    return html


@event_priority(-100)  # after Material's search plugin (0) has indexed the page; see the docstring
def on_page_context(ctx, page, config, nav):
    if page.content and TREE_MARKER in page.content:
        page.content = page.content.replace(TREE_MARKER, tree_html(_language(page, config), config))
    return ctx


def _favicon_data_url(config) -> str | None:
    """The site's favicon as a data: URL (the CSP allows data: images). Chromium asks for the
    favicon again on every same-page navigation, and the server revalidates it ('no-cache'), so
    with a linked favicon every answer would be a request in the server log."""
    name = config.theme.get("favicon") or ""
    for folder in [config.docs_dir, *config.theme.dirs]:
        path = Path(folder) / name
        if name and path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "image/png"
            return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return None


def on_post_page(output, page, config):
    if "data-routing>" not in output:
        return output
    data_url = _state.setdefault("favicon", _favicon_data_url(config))
    if data_url is None:
        raise PluginError(f"the favicon '{config.theme.get('favicon')}' was not found: the tree page needs it inline")
    output, count = FAVICON_LINK.subn(f'<link rel="icon" href="{data_url}">', output, count=1)
    if count != 1:
        raise PluginError("Material's favicon link was not found in the tree page: the theme changed, update hooks/routing.py")
    return output


def on_serve(server, config, builder):
    # Editing the routing data (or the data it refers to) rebuilds the preview.
    for name in ("routing.yml", "routing-cases.yml", "helplines.yml", "facts.yml"):
        path = Path(config.docs_dir) / "_data" / name
        if path.exists():
            server.watch(str(path))
    return server
