"""Facts as data (vpgids.facts, hooks/facts.py): validation with file:line, the text a reader sees (source and
the source's date, never today, "checked" only with a verifier), the page rules (no phone number, threshold or
bill status typed into a page), the stale-source warning and the release check. Mechanics on fixtures; the
shipped content is only checked against rules that hold for any content."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support import ROOT, build, copy_project, problems_raised
from vpgids import check, facts, glossary, helplines, readability

GOOD = """\
sources:
  - id: lvv-2025-08
    title: Nieuwsbericht
    publisher:
      nl: de LVV
      en: the LVV
    date: 2025-08-28
  - id: krant-2024
    title: Artikel
    publisher: De Krant
    date: 2024
facts:
  - id: status
    text:
      nl: Het voorstel is nog geen wet.
      en: The bill is not law yet.
    sources: [lvv-2025-08, krant-2024]
    confidence: medium
    stand_van: 2025-08-28
    volatile: true
"""


def load_text(tmp_path, text):
    path = tmp_path / "facts.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return facts.load(path)


def problems_for(tmp_path, text):
    path = tmp_path / "facts.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [p.replace(str(path), "F") for p in problems_raised(facts.load, path)]


def test_good_file_and_what_a_reader_sees(tmp_path):
    found = load_text(tmp_path, GOOD)
    fact = found["status"]
    assert fact.confidence == "medium" and fact.volatile and fact.verified is None
    assert fact.newest == dt.date(2025, 8, 28)
    assert facts.render_markdown(fact, "nl") == \
        "Het voorstel is nog geen wet. (Volgens de LVV, augustus 2025; De Krant, 2024.)"
    assert facts.render_markdown(fact, "en") == \
        "The bill is not law yet. (According to the LVV, August 2025; De Krant, 2024.)"
    html = facts.render_fact("status", "en", found)
    assert html == ('<span class="vp-fact">The bill is not law yet. <span class="vp-fact__source">'
                    '(According to the LVV, <time datetime="2025-08-28">August 2025</time>; De Krant, '
                    '<time datetime="2024">2024</time>.)</span></span>')
    # Nobody checked the live source: no "checked" words, and never today's date.
    today = dt.date.today()
    for lang in ("nl", "en"):
        shown = facts.render_fact("status", lang, found) + facts.render_markdown(fact, lang)
        assert not re.search(r"gecontroleerd|checked", shown, re.I)
        assert str(today.year) not in shown or today.year in (2024, 2025)


def test_checked_words_only_with_a_verifier(tmp_path):
    found = load_text(tmp_path, GOOD + "    verified: {by: Team HR, on: 2026-01-05}\n")
    assert facts.render_markdown(found["status"], "nl").endswith(
        "(Volgens de LVV, augustus 2025; De Krant, 2024; gecontroleerd op 5 januari 2026 door Team HR.)")


def test_render_fact_escapes_and_names_unknown_ids(tmp_path):
    found = load_text(tmp_path, GOOD.replace("nog geen wet.", 'nog "geen" wet, Tom & Jerry.'))
    assert 'nog &quot;geen&quot; wet, Tom &amp; Jerry.' in facts.render_fact("status", "nl", found)
    with pytest.raises(KeyError, match="the fact 'onbekend' does not exist"):
        facts.render_fact("onbekend", "nl", found)
    with pytest.raises(ValueError, match="unknown locale"):
        facts.render_fact("status", "de", found)


RULES = {
    "unknown-source": (GOOD.replace("[lvv-2025-08, krant-2024]", "[lvv-2025-08, krant-2023]"), [
        "F:17: the source 'krant-2023' does not exist — add it to the 'sources:' list, or use one of: "
        "lvv-2025-08, krant-2024"]),
    "source-without-date": (GOOD.replace("    date: 2024\n", ""), [
        "F:8: the source has no 'date' — add 'date:'"]),
    "undated-source-is-not-enough-for-a-fact": (GOOD.replace("date: 2024", "date: undated"), [
        "F:11: the date 'undated' of this source is not a date — write the date of the source as YYYY-MM-DD, "
        "YYYY-MM or YYYY, such as 2025-08-28; a fact needs a dated source (the date printed on the page or "
        "document)"]),
    "bad-confidence": (GOOD.replace("confidence: medium", "confidence: zeker"), [
        "F:18: the confidence 'zeker' is not high, medium or low — use the label the fact sheet "
        "(legal-facts.md) gives this fact"]),
    "missing-stand-van": (GOOD.replace("    stand_van: 2025-08-28\n", ""), [
        "F:13: the fact has no 'stand_van' — add 'stand_van:'"]),
    "html-in-text": (GOOD.replace("nog geen wet.", "<b>nog</b> geen wet."), [
        "F:15: 'text' nl contains HTML — write plain text; the site adds the layout itself"]),
    "missing-english": (GOOD.replace("      en: The bill is not law yet.\n", ""), [
        "F:14: 'text' has no English (en) text — add a line 'en: ...' under 'text:'"]),
    "verified-without-verifier": (GOOD + "    verified: {on: 2026-01-05}\n", [
        "F:21: 'verified' does not say who checked the source — add by: with the name of the person or team "
        "that checked the live source"]),
    "duplicate-fact": (GOOD + GOOD[GOOD.index("  - id: status"):], [
        "F:21: the id 'status' is used twice — give each fact its own id (first used on line 13)"]),
}


@pytest.mark.parametrize("rule", RULES)
def test_validator_rule(tmp_path, rule):
    text, expected = RULES[rule]
    assert problems_for(tmp_path, text) == expected


def test_stale_volatile_fact_warns_relative_to_an_injected_today(tmp_path):
    found = load_text(tmp_path, GOOD)
    assert facts.stale(found, "F", dt.date(2026, 8, 28)) == []
    assert [str(p) for p in facts.stale(found, "F", dt.date(2026, 8, 29))] == [
        "F:13: warning: the fact 'status' can change (volatile: true) and its newest source is from 2025-08-28, "
        "more than 12 months ago — check the live source; add the newer source with its date, or verified: "
        "{by: ..., on: ...} if it still says the same"]
    steady = load_text(tmp_path, GOOD.replace("volatile: true", "volatile: false"))
    assert facts.stale(steady, "F", dt.date(2099, 1, 1)) == []
    checked = load_text(tmp_path, GOOD + "    verified: {by: HR, on: 2026-10-01}\n")
    assert facts.stale(checked, "F", dt.date(2027, 9, 30)) == []


def test_no_source_dated_after_today(tmp_path):
    found = load_text(tmp_path, GOOD + "    verified: {by: HR, on: 2026-10-01}\n")
    assert [str(p) for p in facts.future_dates(found, "F", dt.date(2025, 8, 27))] == [
        "F:2: the source 'lvv-2025-08' is dated 2025-08-28, after today — write the date printed on the source"]
    assert facts.future_dates(found, "F", dt.date(2025, 8, 28)) == []
    # A year-only source may mean any day of that year: it is after today only once the year has not begun.
    assert [p.line for p in facts.future_dates(found, "F", dt.date(2023, 12, 31))] == [2, 8]


def test_a_verified_day_after_today_is_reported_by_the_content_gate(tmp_path):
    from vpgids import content_gate, yamlfile

    path = tmp_path / "facts.yml"
    path.write_text(GOOD + "    verified: {by: HR, on: 2026-10-01}\n", encoding="utf-8")
    assert [str(p).split(" — ")[0] for p in content_gate.data_future_dates(yamlfile.load(path), "F",
                                                                          dt.date(2026, 9, 30))] == [
        "F:21: `verified on: 2026-10-01` lies in the future"]


def test_real_files_rules_that_hold_for_any_content():
    """Every fact has a dated source; no source is dated after today; helplines likewise."""
    found = facts.load()
    today = dt.date.today()
    for fact in found.facts.values():
        assert fact.sources and all(s.date for s in fact.sources), fact.id
    assert facts.future_dates(found, "facts.yml", today) == []
    lines = helplines.load()
    assert helplines.future_dates(lines, "helplines.yml", today) == []
    for line in lines.values():
        assert line.sources, line.id


# ----------------------------------------------------------------- pages: markers and claims typed into pages

PAGE = """---
description: Een pagina. Bel 113 staat hier in de beschrijving en telt niet.
---

# Kop

Werkgevers met 50 werknemers of meer moeten iets.
Bel dan meteen 112 als er gevaar is.
Of bel 0800-0113, dag en nacht.
De Eerste Kamer heeft nog niet over het wetsvoorstel gestemd.
Gecontroleerd op 30 november 2026.
Dit gaat over de drempel van ten minste 10 mensen.

<!-- fact: status --> <!-- fact: bestaat-niet -->

| Dienst | Nummer |
|---|---|
| Huis | 088-133 10 00 |

[^1]: Kamerstuk 35592, aangenomen door de Tweede Kamer op 23 mei 2023; 50 werknemers.
"""


def test_stray_claims_are_found_with_their_line():
    found = [(p.line, p.message) for p in facts.stray_claims(PAGE, "docs/x.md")]
    assert found == [
        (7, "the number '50 werknemers' is a legal threshold typed into the page"),
        (8, "the phone number in 'Bel dan meteen 112' is typed into the page"),
        (9, "the phone number in '0800-0113' is typed into the page"),
        (10, "this sentence states the status of a bill in the page's own words"),
        (11, "'Gecontroleerd op 30 november 2026' says when something was checked, in the page's own words"),
        (12, "the number 'ten minste 10 mensen' is a legal threshold typed into the page"),
        (18, "the phone number in '088-133 10 00' is typed into the page"),
    ]


def test_markers_data_and_plain_prose_are_not_claims():
    text = ("# Kop\n\nBel <!-- helpline-phone: 113 -->. <!-- fact: wbk-meldprocedure -->\n"
            "Je krijgt binnen een week bericht. Het voorstel kwam in 2020. Op 23 mei was het mooi weer.\n"
            "Elke knop is minstens 24 bij 24 pixels. Targets are at least 44 by 44 pixels.\n")
    assert facts.stray_claims(text, "docs/x.md") == []


ROUTING_CLAIMS = Path(__file__).parent / "fixtures" / "routing" / "claims.yml"
PHONE_FIX = ("use <!-- helpline-phone: ID --> with an id from docs/_data/helplines.yml, so the number changes with "
             "the data")
FACT_FIX = "put the fact in docs/_data/facts.yml with its source, and use <!-- fact: ID -->"
STATUS_FIX = "put the status in docs/_data/facts.yml with its source and date, and use <!-- fact: ID -->"


def test_routing_outcomes_keep_the_page_rules_with_the_file_line():
    """Titles, texts and next_steps of outcomes (one-line, `|` blocks, paragraph lists) in both languages;
    markers are data, and questions and answers (the reader's situation) are not scanned."""
    found = [str(p) for p in facts.routing_claims(ROUTING_CLAIMS, "R")]
    assert found == [
        f"R:15: the phone number in 'Bel nu 112' is typed into the routing text — {PHONE_FIX}",
        f"R:19: the number '50 mensen' is a legal threshold typed into the routing text — {FACT_FIX}",
        f"R:20: 'binnen 7 dagen' is a deadline typed into the routing text — {FACT_FIX}",
        f"R:21: the phone number in 'Call 112' is typed into the routing text — {PHONE_FIX}",
        f"R:21: the number '50 or more workers' is a legal threshold typed into the routing text — {FACT_FIX}",
        f"R:21: 'within 7 days' is a deadline typed into the routing text — {FACT_FIX}",
        f"R:23: this sentence states the status of a bill in the routing text's own words — {STATUS_FIX}",
        f"R:24: this sentence states the status of a bill in the routing text's own words — {STATUS_FIX}",
        f"R:29: the phone number in '0800-0113' is typed into the routing text — {PHONE_FIX}",
    ]


def test_the_editor_check_scans_the_routing_tree(tmp_path):
    (tmp_path / "docs/_data").mkdir(parents=True)
    (tmp_path / "docs/_data/facts.yml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs/_data/routing.yml").write_text(ROUTING_CLAIMS.read_text(encoding="utf-8"), encoding="utf-8")
    found = [str(p) for p in facts.check(tmp_path, dt.date(2026, 1, 1), pages=[])]
    assert f"docs/_data/routing.yml:15: the phone number in 'Bel nu 112' is typed into the routing text — " \
           f"{PHONE_FIX}" in found
    assert len([p for p in found if p.startswith("docs/_data/routing.yml:")]) == 9
    # A routing file that does not parse is the routing check's to report, not a crash here.
    (tmp_path / "docs/_data/routing.yml").write_text("nodes: [\n", encoding="utf-8")
    assert not [p for p in facts.check(tmp_path, dt.date(2026, 1, 1), pages=[]) if "routing" in str(p)]


def test_a_deadline_is_a_claim_but_an_ordinary_number_of_days_is_not():
    text = "Binnen 3 maanden hoor je meer. Within 7 days you hear.\n\nHet duurt 7 dagen. Na een week bel je terug.\n"
    assert [p.message for p in facts.stray_claims(text, "docs/x.md")] == [
        "'Binnen 3 maanden' is a deadline typed into the page",
        "'Within 7 days' is a deadline typed into the page",
    ]


def test_unknown_fact_ids_in_a_page(tmp_path):
    found = load_text(tmp_path, GOOD)
    assert [str(p) for p in facts.unknown_ids(PAGE, "docs/x.md", found)] == [
        "docs/x.md:14: the fact 'bestaat-niet' in this marker does not exist — use an id from "
        "docs/_data/facts.yml: status"]


def test_shipped_pages_keep_the_rules():
    """The rule holds for any content: every page, both languages, every fact id used exists."""
    found = facts.load()
    problems = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        problems += facts.stray_claims(text, page.name) + facts.unknown_ids(text, page.name, found)
    entries = glossary.load()
    problems += [e.id for e in entries if e.fact and e.fact not in found]
    assert problems == []


def test_glossary_entry_can_embed_a_fact(tmp_path):
    (tmp_path / "facts.yml").write_text(GOOD, encoding="utf-8")
    path = tmp_path / "glossary.yml"
    path.write_text("- id: wet\n  term: {nl: wet, en: law}\n  definition: {nl: Een regel., en: A rule.}\n"
                    "  fact: status\n", encoding="utf-8")
    entries = glossary.load(path, docs_dir=tmp_path)
    assert "Een regel. <!-- fact: status -->" in glossary.render_markdown(entries, "nl")
    path.write_text(path.read_text().replace("fact: status", "fact: staat"), encoding="utf-8")
    assert [p.replace(str(path), "F") for p in problems_raised(glossary.load, path, docs_dir=tmp_path)] == [
        "F:4: the fact 'staat' does not exist — use an id from facts.yml: status"]


# ----------------------------------------------------------------- the build

def test_build_embeds_facts_and_fails_on_an_unknown_id_with_the_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "contact.en.md"
    text = page.read_text(encoding="utf-8") + "\nThe status: <!-- fact: wetsvoorstel-eerste-kamer -->\n"
    page.write_text(text, encoding="utf-8")
    build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project)
    html = (tmp_path / "site" / "en" / "contact" / "index.html").read_text(encoding="utf-8")
    fact = facts.load(project / "docs/_data/facts.yml")["wetsvoorstel-eerste-kamer"]
    assert "The status: " + fact.text["en"] + " (According to " in html
    assert "fact: " not in html
    page.write_text(text.replace("wetsvoorstel-eerste-kamer", "wetsvoorstel-derde-kamer"), encoding="utf-8")
    proc = build(tmp_path / "site2", config=project / "mkdocs.yml", cwd=project, check=False)
    assert proc.returncode != 0
    line = len(text.splitlines())
    assert (f"docs/contact.en.md:{line}: the fact 'wetsvoorstel-derde-kamer' in this marker does not exist"
            in proc.stdout), proc.stdout


# ----------------------------------------------------------------- the release check

ORG = """example: true
name: {nl: Test, en: Test}
brand_colour: "#1d4f91"
contacts:
  - {id: vp, role: internal-vp, name: Vera, email: vp@example.org}
"""


def test_release_lists_what_nobody_verified(tmp_path):
    (tmp_path / "docs/_data").mkdir(parents=True)
    (tmp_path / "docs/_data/facts.yml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs/_data/helplines.yml").write_text(
        "- id: lijn\n  name: {nl: Lijn, en: Line}\n  purpose: {nl: Hulp., en: Help.}\n  phone: \"0800-0113\"\n"
        "  sources:\n    - {publisher: lijn.nl, date: 2025-01}\n", encoding="utf-8")
    (tmp_path / "organisation.yml").write_text(ORG, encoding="utf-8")
    found = [str(p) for p in check.release_problems(tmp_path)]
    assert found == [
        "docs/_data/facts.yml:13: the fact 'status' has not been checked against its live source — check it "
        "(the LVV, August 2025; De Krant, 2024), then add verified: {by: your name, on: YYYY-MM-DD}",
        "docs/_data/helplines.yml:1: the helpline 'lijn' has not been checked against its live source — call or "
        "visit the service's own website, check number, hours and cost, then add verified: {by: your name, on: "
        "YYYY-MM-DD}",
        "organisation.yml:1: the organisation file is still marked as the example (example: true) — put in your "
        "own organisation's name, contacts and site owner, then delete the line example: true",
        "organisation.yml:1: the organisation file names no site owner (site_owner:) — add site_owner: with who "
        "answers questions about this site, so readers can report a mistake",
    ]
    (tmp_path / "docs/_data/facts.yml").write_text(GOOD + "    verified: {by: HR, on: 2026-01-05}\n")
    (tmp_path / "organisation.yml").write_text(ORG.replace("example: true\n", "")
                                               + "site_owner: {name: IT, email: it@example.org}\n")
    assert [p.file for p in check.release_problems(tmp_path)] == ["docs/_data/helplines.yml"]


def test_release_flag_exits_non_zero_and_lists_every_unverified_fact(tmp_path):
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CI", None)
    proc = subprocess.run([sys.executable, "-m", "vpgids.check", "--root", str(root), "--no-build", "--release"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stdout + proc.stderr
    found = facts.load(root / "docs/_data/facts.yml")
    listed = [line for line in proc.stdout.splitlines() if "has not been checked against its live source" in line]
    unverified = [f.id for f in found.facts.values() if not f.verified]
    assert all(any(f"the fact '{fid}'" in line for line in listed) for fid in unverified)
    assert proc.returncode != 0 or not (unverified or any("helpline" in line for line in listed))


# ----------------------------------------------------------------- long sentences

def test_long_sentences_warn_at_their_line():
    text = ("# Kop\n\nKorte zin hier. Dit is een hele lange zin met veel te veel woorden die maar doorgaat en\n"
            "doorgaat zonder punt, zodat een lezer het spoor bijster raakt en opnieuw moet beginnen.\n\n"
            "| een | tabel met heel veel woorden die niet meetellen omdat het geen lopende tekst is, echt niet |\n"
            "|---|---|\n")
    assert [str(p) for p in readability.long_sentences(text, "docs/x.md")] == [
        "docs/x.md:3: warning: this sentence has 29 words (\"Dit is een hele lange zin …\"); more than 20 is "
        "hard to follow — split it into two or more sentences of about 15 words"]
    assert readability.long_sentences("# Kop\n\nEen korte zin. Nog een korte zin.\n", "x") == []


def test_built_site_says_checked_only_where_the_data_has_a_verifier(site):
    """Holds for any content: a 'checked on' date appears only in a helpline card or fact that has verified:."""
    found, lines = facts.load(), helplines.load()
    allowed = [facts.WORDS[lang]["verified"].format(on=facts.format_day(f.verified.on, lang), by=f.verified.by)
               for f in found.facts.values() if f.verified for lang in facts.LANGS]
    verified_cards = {h.id for h in lines.values() if h.verified}
    checked = re.compile(r"gecontroleerd op|checked on|nagekeken op", re.I)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for card in re.finditer(r'<section class="card vp-helpline[^"]*" id="hulplijn-([^"]+)">.*?</section>', html, re.S):
            assert ("Gecontroleerd op" in card.group(0) or "Checked on" in card.group(0)) == \
                (card.group(1) in verified_cards), (page, card.group(1))
        rest = re.sub(r'<section class="card vp-helpline.*?</section>', "", html, flags=re.S)
        text = re.sub(r"<[^>]+>", "", rest)
        for words in allowed:
            text = text.replace(words, "")
        assert not checked.search(text), (page, checked.search(text).group(0))


def test_build_refuses_a_source_dated_after_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "facts.yml"
    text = data.read_text(encoding="utf-8")
    at = re.search(r"^    date: (\S+)$", text, re.M)
    data.write_text(text[:at.start(1)] + "2999-01-01" + text[at.end(1):], encoding="utf-8")
    proc = build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project, check=False)
    assert proc.returncode != 0
    assert "docs/_data/facts.yml:" in proc.stdout and "is dated 2999-01-01, after today" in proc.stdout, proc.stdout
