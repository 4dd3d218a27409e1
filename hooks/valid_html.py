"""Make Material 9.8's markup valid HTML (tests/test_quality_html.py runs the Nu Html Checker).

Two exact strings Material writes are invalid, and both are no-ops in browsers, so we drop them:
* `tabindex=""` on section labels in the navigation (partials/nav-item.html sets it only for
  non-sections): an empty tabindex is not an integer and browsers ignore it.
* `autocomplete="off"` on the drawer/search toggle checkboxes (base.html): the attribute is not
  allowed on checkboxes. Material uses it so that Firefox does not restore an open drawer or
  search after a reload; without it Firefox may do so, which shows nothing the reader typed
  (the query field keeps its own, valid, autocomplete="off").
Patching the output keeps us from copying two large Material templates; if Material changes
these strings, the replacements match nothing and the checker test shows what is left.
"""

import re

_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]*" id="[^"]*_label") tabindex=""')
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="\w+") autocomplete="off"')


def fix(html: str) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", _EMPTY_TABINDEX.sub(r"\1", html))


def on_post_page(output, page, config):
    return fix(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page: it needs the same fixes.
    return fix(output_content) if template_name.endswith(".html") else output_content
