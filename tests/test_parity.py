"""vpgids.parity: NL/EN heading structure (same levels in the same order, same explicit anchor ids)."""

from pathlib import Path

from vpgids.parity import compare, headings, pages, pairs

FIXTURES = Path(__file__).parent / "fixtures" / "check"
PAGE = "---\ndescription: x\nreviewed: 2026-11-01\n---\n\n"


def _compare(nl: str, en: str):
    return [str(p) for p in compare(PAGE + nl, PAGE + en, "docs/x.md", "docs/x.en.md")]


def test_headings_skip_code_comments_and_front_matter():
    text = (
        "---\ntitle: '# not a heading'\n---\n\n# Titel { #top .wide }\n\n```bash\n# comment in code\n```\n\n"
        "<!--\n## hidden\n-->\n\nOnderkop\n--------\n\n    ~~~\n    # in an indented fence\n    ~~~\n\n"
        "### Laatste ###\n"
    )
    assert [(h.level, h.text, h.anchor, h.line) for h in headings(text)] == [
        (1, "Titel", "top", 5), (2, "Onderkop", None, 15), (3, "Laatste", None, 22)]


def test_equal_structure_passes():
    assert _compare("# A\n\n## B { #b }\n\n### C\n", "# A\n\n## Bee { #b }\n\n### Cee\n") == []


def test_level_difference_names_both_headings():
    assert _compare("# A\n\n## B\n", "# A\n\n### Bee\n") == [
        'docs/x.en.md:8: the heading "### Bee" is level 3 (###), but the matching Dutch heading "## B" '
        "(docs/x.md:8) is level 2 (##) — give both headings the same number of # signs, so both pages have "
        "the same structure"]


def test_extra_english_heading():
    assert _compare("# A\n\n## B\n", "# A\n\n### Extra\n\n## Bee\n") == [
        'docs/x.en.md:8: the level 3 (###) heading "### Extra" has no match at this place in the Dutch page '
        "docs/x.md — add the same heading to the Dutch page, or remove it here; both pages need the same "
        "headings and boxes in the same order"]


def test_one_more_of_several_alike_names_the_whole_run():
    # Which of two same-level headings is the extra one cannot be known without reading both languages.
    assert _compare("# A\n\n## B\n", "# A\n\n## Extra\n\n## Bee\n") == [
        "docs/x.en.md:10: this page has 2 level 2 (##) headings in a row (lines 8–10), the Dutch page docs/x.md "
        "only 1 (line 8): one has no Dutch original — find the English one without a Dutch original and add it "
        "to the Dutch page, or remove it here"]


def test_missing_english_heading_in_the_middle():
    assert _compare("# A\n\n### Sub\n\n## B\n", "# A\n\n## Bee\n") == [
        'docs/x.en.md:8: the Dutch level 3 (###) heading "### Sub" (docs/x.md:8) has no match in the English '
        "page — add its translation as a ### heading just above this line, or remove it from the Dutch page"]


def test_boxes_count_too_faq_questions_and_notes():
    nl = '# A\n\n??? question "Mag dat?"\n\n    Ja.\n\n???+ question "Kost het iets?"\n    Nee.\n'
    assert _compare(nl, '# A\n\n??? question "May I?"\n\n    Yes.\n\n???+ question "Does it cost?"\n    No.\n') == []
    assert _compare(nl, '# A\n\n??? question "May I?"\n\n    Yes.\n') == [
        "docs/x.en.md:8: the Dutch page has 2 ??? question boxes in a row (docs/x.md lines 8–12), this page only "
        "1 (line 8): one is not translated — find the Dutch one without an English translation and add its "
        "translation at the same place"]
    assert _compare('# A\n\n## B\n\n!!! note "N"\n    a\n', "# A\n\n## Bee\n") == [
        'docs/x.en.md:8: the Dutch box !!! note "N" (docs/x.md:10) has no match in the English page — add its '
        'translation as a !!! note "…" box below the part that starts on this line, or remove it from the '
        "Dutch page"]
    assert _compare('!!! note "X"\n    a\n', '!!! warning "X"\n    a\n') == [
        'docs/x.en.md:6: the English page has the box !!! warning "X" here, but the Dutch page has the box '
        '!!! note "X" (docs/x.md:6) — give both pages the same headings and boxes (!!! and ??? blocks) in the '
        "same order"]


def test_anchor_present_in_dutch_only_and_english_only():
    assert _compare("# A { #a }\n", "# A\n") == [
        'docs/x.en.md:6: the heading "# A" has no anchor id, but the matching Dutch heading "# A" (docs/x.md:6) '
        'has "a" — add { #a } at the end of this heading, so links to this section work in both languages']
    assert _compare("# A\n", "# A {#a}\n") == [
        'docs/x.en.md:6: the heading "# A" has the anchor id "a", but the matching Dutch heading "# A" '
        '(docs/x.md:6) has none — add { #a } to the Dutch heading as well, or remove it here']


def test_pairs_and_pages_on_fixture():
    docs = FIXTURES / "missing-twin" / "docs"
    assert [(a.name, b.name) for a, b in pairs(docs)] == [("index.md", "index.en.md")]


def test_data_folder_is_not_pages():
    docs = FIXTURES / "misspelling" / "docs"
    assert [p.name for p in pages(docs)] == ["index.en.md", "index.md"]
