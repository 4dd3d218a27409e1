"""Our copies of Material partials must stay exact copies plus the documented change, so that a Material
upgrade that changes the original makes this test fail (and someone re-applies the change to the new file)."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from support import ROOT

MATERIAL = Path(material.__file__).parent / "templates"

# partial -> [(line in Material's file, our line)]: the only differences allowed.
COPIES = {
    "partials/search.html": [(
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ), (
        '<form class="md-search__form" name="search">',
        '<form class="md-search__form" name="search" method="dialog">',
    ), (
        '<input type="text" class="md-search__input" name="query" aria-label=',
        '<input type="text" class="md-search__input" aria-label=',
    )],
}


def _body(text: str) -> str:
    """The template without its leading {#- ... -#} comment (Material's 'generated' note, our explanation)."""
    text = text.lstrip()
    if text.startswith("{#"):
        text = text[text.index("#}") + 2:]
    return text.lstrip("\n")


@pytest.mark.parametrize("name", sorted(COPIES))
def test_override_is_material_copy_plus_documented_change(name):
    original = _body((MATERIAL / name).read_text("utf-8"))
    for before, after in COPIES[name]:
        assert original.count(before) == 1, f"Material's {name} changed: re-copy it and re-apply: {after}"
        original = original.replace(before, after)
    ours = _body((ROOT / "overrides" / name).read_text("utf-8"))
    assert ours == original, f"overrides/{name} differs from Material's copy beyond the documented change"
