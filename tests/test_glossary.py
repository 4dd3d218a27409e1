"""Glossary data: validation with file:line and a fix; the page and the site-wide abbreviation tooltips."""

from __future__ import annotations

import re
import textwrap

import pytest

from support import ROOT, problems_raised
from vpgids import glossary

GOOD = """\
- id: vertrouwenspersoon
  term:
    nl: vertrouwenspersoon
    en: confidential adviser
  abbreviation: VP
  definition:
    nl: Iemand bij wie je terechtkunt.
    en: Someone you can turn to.
  see: privacy.md
"""
OTHER = """\
- id: arbodienst
  term:
    nl: arbodienst
    en: occupational health service
  definition:
    nl: Een dienst.
    en: A service.
"""


def problems_for(tmp_path, text, docs=True):
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    if docs:
        (tmp_path / "privacy.md").write_text("x", encoding="utf-8")
    return [p.replace(str(path), "F") for p in problems_raised(glossary.load, path, docs_dir=tmp_path)]


def test_good_file(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(GOOD + OTHER, encoding="utf-8")
    (tmp_path / "privacy.md").write_text("x", encoding="utf-8")
    entries = glossary.load(path, docs_dir=tmp_path)
    assert [e.id for e in entries] == ["vertrouwenspersoon", "arbodienst"]


# Each rule: a broken file and the exact problems it must produce (file:line: message — fix).
RULES = {
    "unknown-key": (GOOD + "  afkorting: VP\n", [
        "F:10: unknown key 'afkorting' — use only: id, term, definition, abbreviation, see, fact (check the spelling)"]),
    "missing-english": (GOOD.replace("    en: Someone you can turn to.\n", ""), [
        "F:6: 'definition' has no English (en) text — add a line 'en: ...' under 'definition:'"]),
    "html-in-definition": (GOOD.replace("terechtkunt.", "<b>terechtkunt</b>."), [
        "F:7: 'definition' nl contains HTML — write plain text; the site adds the layout itself"]),
    "duplicate-id-and-abbreviation": (GOOD + GOOD, [
        "F:10: the id 'vertrouwenspersoon' is used twice — give each term its own id (first used on line 1)",
        "F:14: the abbreviation 'VP' is used twice — an abbreviation can explain only one term (first on line 5)"]),
    "bad-abbreviation": (GOOD.replace("abbreviation: VP", "abbreviation: V.P."), [
        "F:5: the abbreviation 'V.P.' is not a single word — write letters (and digits or '&') without spaces "
        "or dots, such as RI&E"]),
    "see-missing-page": (GOOD.replace("see: privacy.md", "see: privacyy.md"), [
        "F:9: the page 'privacyy.md' does not exist — check the file name in the docs folder"]),
}


@pytest.mark.parametrize("rule", RULES)
def test_validator_rule(tmp_path, rule):
    text, expected = RULES[rule]
    assert problems_for(tmp_path, text) == expected


def test_render_sorts_per_language_and_escapes(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(GOOD.replace("Someone you can turn to.", "Someone *you* can [turn] to.") + OTHER,
                    encoding="utf-8")
    (tmp_path / "privacy.md").write_text("x", encoding="utf-8")
    entries = glossary.load(path, docs_dir=tmp_path)
    nl, en = glossary.render_markdown(entries, "nl"), glossary.render_markdown(entries, "en")
    assert nl.index("arbodienst") < nl.index("**vertrouwenspersoon (VP)** { #vertrouwenspersoon }")
    assert en.index("**confidential adviser (VP)** { #vertrouwenspersoon }") < en.index("occupational health")
    assert ":   Someone \\*you\\* can \\[turn\\] to. [More about confidential adviser](privacy.md)" in en
    assert glossary.abbreviations(entries, "en") == {"VP": "confidential adviser (vertrouwenspersoon)"}
    assert glossary.abbreviations(entries, "nl") == {"VP": "vertrouwenspersoon"}


def test_real_file_is_valid():
    abbrs = {e.abbreviation for e in glossary.load() if e.abbreviation}
    assert {"VP", "PSA", "Wbk", "OR", "RI&E", "CSG"} <= abbrs


@pytest.mark.parametrize("prefix,title", [("", "psychosociale arbeidsbelasting"),
                                          ("en/", "psychosocial workload (psychosociale arbeidsbelasting)")])
def test_tooltips_on_pages_in_page_language(site, prefix, title):
    html = (site / prefix / "ongewenst-gedrag" / "index.html").read_text(encoding="utf-8")
    assert f'<abbr title="{title}">PSA</abbr>' in html
    assert "*[PSA]" not in html


def test_glossary_page_same_ids_both_languages(site):
    ids = [re.findall(r'<dt id="([a-z0-9-]+)"', (site / p / "begrippenlijst" / "index.html").read_text("utf-8"))
           for p in ("", "en/")]
    assert len(ids[0]) >= 25 and sorted(ids[0]) == sorted(ids[1])
    assert "<!-- glossary -->" not in (site / "begrippenlijst" / "index.html").read_text("utf-8")


def test_the_hook_needs_the_abbr_extension():
    import importlib.util

    from mkdocs.exceptions import PluginError

    spec = importlib.util.spec_from_file_location("glossary_hook", ROOT / "hooks" / "glossary.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = type("Config", (), {"markdown_extensions": ["toc", "tables"]})()
    with pytest.raises(PluginError, match="add '- abbr' under markdown_extensions"):
        hook.on_config(config)
    config.markdown_extensions.append("abbr")
    assert hook.on_config(config) is config
