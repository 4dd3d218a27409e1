"""Point "Ga naar inhoud" (overrides/components/skip-link) at the page's own <h1>, on every page.

The template cannot know the heading's id: Markdown gives it one, a routing step writes its own, and
Material's 404 page and pages without a Markdown title have none. So after rendering, this hook finds
the first <h1> in the page content, gives it an id if it has none and tabindex="-1" (so following the
link moves focus there, also without JavaScript), sets the link's href, and removes Material's own skip
link (only rendered on pages with a table of contents, and aimed at that table's first entry).
A page without an <h1> stops the build: the skip link would have nowhere to go.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

SKIP_LINK = '<a href="#" class="md-skip" data-vp-skip>'
CONTENT = '<article class="md-content__inner md-typeset">'
H1 = re.compile(r"<h1\b([^>]*)>")
ID = re.compile(r'\bid="([^"]*)"')
# Material's base.html: <div data-md-component="skip"> holding its link (or nothing, without a TOC).
MATERIAL_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(?:<a href="[^"]*" class="md-skip">[^<]*</a>)?\s*(</div>)')
TARGET_ID = "__heading"  # for an <h1> without an id (404 page); Markdown slugs never start with "__"


def point(html: str, where: str) -> str:
    if SKIP_LINK not in html:
        return html  # not a page of this theme (e.g. a redirect page)
    start = html.find(CONTENT)
    match = H1.search(html, start) if start >= 0 else None
    if match is None:
        raise PluginError(f"{where}: the page has no <h1>, so 'Ga naar inhoud' has nowhere to go — "
                          "start the page with a title line ('# Title')")
    attributes = match.group(1)
    found = ID.search(attributes)
    target = found.group(1) if found else TARGET_ID
    if not found:
        attributes += f' id="{TARGET_ID}"'
    if "tabindex=" not in attributes:
        attributes += ' tabindex="-1"'
    html = html[: match.start()] + f"<h1{attributes}>" + html[match.end():]
    html = html.replace(SKIP_LINK, f'<a href="#{target}" class="md-skip" data-vp-skip>', 1)
    return MATERIAL_SKIP.sub(r"\1\2", html, count=1)


def on_post_page(output, page, config):
    return point(output, page.file.src_uri)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page.
    return point(output_content, template_name) if template_name == "404.html" else output_content
