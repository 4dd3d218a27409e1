"""Unit test for hooks/valid_html.py: it removes exactly Material's two invalid attributes."""

import importlib.util

from support import ROOT

_spec = importlib.util.spec_from_file_location("valid_html", ROOT / "hooks" / "valid_html.py")
valid_html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(valid_html)


def test_removes_material_invalid_attributes_only():
    html = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
            '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="">'
            '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="0">'
            '<input type="text" class="md-search__input" name="query" autocomplete="off">')
    assert valid_html.fix(html) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<label class="md-nav__link" for="__nav_3" id="__nav_3_label">'
        '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="0">'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">')


def test_toc_title_loses_for_only_when_the_toc_toggle_is_missing():
    title = '<label class="md-nav__title" for="__toc">'
    assert valid_html.fix(title) == '<label class="md-nav__title">'
    with_toggle = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">' + title
    assert valid_html.fix(with_toggle) == with_toggle


def test_leftover_markdown_attribute_is_removed():
    assert valid_html.fix('<div class="routing-overview" markdown="0"><p markdown="1">x</p>') == \
        '<div class="routing-overview"><p>x</p>'
    code = '<code>&lt;div markdown="1"&gt;</code>'
    assert valid_html.fix(code) == code
