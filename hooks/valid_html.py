"""Make Material 9.8's markup valid HTML (tests/test_quality_html.py runs the Nu Html Checker).

A few exact strings in the output are invalid and are no-ops in browsers, so we drop them:
* `tabindex=""` on section labels in the navigation (partials/nav-item.html sets it only for
  non-sections): an empty tabindex is not an integer and browsers ignore it.
* `autocomplete="off"` on the drawer/search toggle checkboxes (base.html): the attribute is not
  allowed on checkboxes. Material uses it so that Firefox does not restore an open drawer or
  search after a reload; without it Firefox may do so, which shows nothing the reader typed
  (the query field keeps its own, valid, autocomplete="off").
* `for="__toc"` on the table-of-contents title of a page that is not in the navigation (routing
  steps): Material renders the `__toc` checkbox only inside the navigation entry of the current
  page, so the label points at nothing. Without `for` it is the same plain title.
* a `markdown` attribute left on raw HTML that Markdown never saw (md_in_html only removes it from
  Markdown source): browsers ignore it.
Patching the output keeps us from copying large Material templates; if Material changes
these strings, the replacements match nothing and the checker test shows what is left.
"""

import re

_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]*" id="[^"]*_label") tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="\w+") autocomplete="off"')


_TOC_TITLE = '<label class="md-nav__title" for="__toc">'
_MARKDOWN_ATTRIBUTE = re.compile(r'(<(?:div|section|details|span|p)\b[^<>]*?) markdown="(?:0|1|block|span|)"')


def fix(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", _EMPTY_TABINDEX.sub(r"\1", html))
    if _TOC_TITLE in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_TITLE, '<label class="md-nav__title">')
    # The regex has no literal start and tries every <div>, <p> and <span>; most pages have none.
    return _MARKDOWN_ATTRIBUTE.sub(r"\1", html) if ' markdown="' in html else html


def on_post_page(output, page, config):
    return fix(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page: it needs the same fixes.
    return fix(output_content) if template_name.endswith(".html") else output_content
