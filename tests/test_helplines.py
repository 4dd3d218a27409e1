"""Helplines data: every validation rule names file:line and a fix; cards render escaped;
the built Hulplijnen pages show the numbers in both languages; a broken file fails the build."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from support import build, copy_project, problems_raised
from vpgids import helplines as hl

GOOD = """\
- id: voorbeeld
  name:
    nl: Voorbeeldlijn
    en: Example line
  purpose:
    nl: Voor een voorbeeld.
    en: For an example.
  phone: "0800-0113"
  url: https://www.example.nl
  sources:
    - {publisher: example.nl, date: 2025-08}
"""


def problems_for(tmp_path, text: str) -> list[str]:
    path = tmp_path / "helplines.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [p.replace(str(path), "F") for p in problems_raised(hl.load, path)]


def test_good_file_loads(tmp_path):
    path = tmp_path / "helplines.yml"
    path.write_text(GOOD, encoding="utf-8")
    line = hl.load(path)["voorbeeld"]
    assert line.phones == ("0800-0113",) and line.verified is None
    assert [(s.publisher["nl"], s.date.iso()) for s in line.sources] == [("example.nl", "2025-08")]
    assert line.newest == dt.date(2025, 8, 31)


# Each rule: a broken file and the exact problems it must produce (file:line: message — fix).
RULES = {
    "unknown-key": (GOOD + "  telefoon: 112\n", [
        "F:12: unknown key 'telefoon' — use only: id, name, purpose, phone, url, email, hours, cost, note, "
        "urgent, sources, verified (check the spelling)"]),
    "missing-english-text": (GOOD.replace("    en: For an example.\n", ""), [
        "F:5: 'purpose' has no English (en) text — add a line 'en: ...' under 'purpose:'"]),
    "missing-dutch-text-when-empty": (GOOD.replace("nl: Voorbeeldlijn", "nl: ''"), [
        "F:3: 'name' has no Dutch (nl) text — add a line 'nl: ...' under 'name:'"]),
    "bad-phone-format": (GOOD.replace('"0800-0113"', '"0800 01 13 (gratis)"'), [
        "F:8: the phone number '0800 01 13 (gratis)' has an unusual format — write it in quotes as in the phone "
        "book: \"112\", \"0800-0113\" or \"088-133 10 00\" (digits, one hyphen after the area code, spaces)"]),
    "http-url": (GOOD.replace("https://www.example.nl", "http://www.example.nl"), [
        "F:9: the url 'http://www.example.nl' is not a secure web address — use a full address that starts "
        "with https://, such as https://www.113.nl"]),
    "javascript-url": (GOOD.replace("https://www.example.nl", "javascript:alert(1)"), [
        "F:9: the url uses 'javascript:', which can run code in the reader's browser — use the web address of "
        "the service, starting with https://"]),
    "data-url": (GOOD.replace("https://www.example.nl", "'DATA:text/html,<b>x</b>'"), [
        "F:9: the url uses 'data:', which can run code in the reader's browser — use the web address of "
        "the service, starting with https://"]),
    "raw-html-in-text": (GOOD.replace("For an example.", "For an <b>example</b>."), [
        "F:7: 'purpose' en contains HTML — write plain text; the site adds the layout and links itself"]),
    "source-without-date": (GOOD.replace(", date: 2025-08", ""), [
        "F:11: the source has no 'date' — add 'date:'"]),
    "source-date-not-a-date": (GOOD.replace("date: 2025-08", "date: augustus"), [
        "F:11: the date 'augustus' of this source is not a date — write the date of the source as YYYY-MM-DD, "
        "YYYY-MM or YYYY, such as 2025-08-28, or 'undated' if the source has no date"]),
    "verified-without-verifier": (GOOD + "  verified: {on: 2026-01-05}\n", [
        "F:12: 'verified' does not say who checked the source — add by: with the name of the person or team "
        "that checked the live source"]),
    "verified-without-day": (GOOD + "  verified: {by: HR}\n", [
        "F:12: 'verified' has no day on which the source was checked: 'None' — add on: YYYY-MM-DD, the day "
        "someone checked the live source"]),
    "duplicate-id": (GOOD + GOOD, [
        "F:12: the id 'voorbeeld' is used twice — give each helpline its own id (first used on line 1)"]),
}


@pytest.mark.parametrize("rule", RULES)
def test_validator_rule(tmp_path, rule):
    text, expected = RULES[rule]
    assert problems_for(tmp_path, text) == expected


def test_yaml_syntax_error_has_line(tmp_path):
    found = problems_for(tmp_path, GOOD.replace("  url: https", "  url https"))
    assert len(found) == 1 and found[0].startswith("F:10: YAML syntax error: could not find expected ':'")


def test_all_problems_at_once(tmp_path):
    broken = GOOD.replace("http", "ftp").replace('"0800-0113"', '"0800"') + "  kleur: rood\n"
    found = problems_for(tmp_path, broken)
    assert [p.split(":")[1] for p in found] == ["8", "9", "12"]


def test_render_card_escapes_and_links(tmp_path):
    path = tmp_path / "helplines.yml"
    path.write_text(GOOD.replace("For an example.", "Tom & Jerry's \"line\"")
                    .replace('"0800-0113"', '["113", "088-133 10 00"]'), encoding="utf-8")
    card = hl.render_helpline(hl.load(path)["voorbeeld"], "en")
    assert card.startswith('<section class="card vp-helpline" id="hulplijn-voorbeeld"><h3>Example line</h3>')
    assert "<p>Tom &amp; Jerry&#x27;s &quot;line&quot;</p>" in card
    assert '<a href="tel:113">113</a> or <a href="tel:0881331000">088-133 10 00</a>' in card
    assert '<a href="https://www.example.nl">example<wbr>.nl</a>' in card  # <wbr>: vpgids/wrapping.py
    assert '<dt>Source</dt><dd>example.nl, <time datetime="2025-08">August 2025</time></dd>' in card
    # Nobody checked the live source: no "checked on" date at all, only the source's own date.
    assert "Checked on" not in card and "Gecontroleerd" not in hl.render_helpline(hl.load(path)["voorbeeld"], "nl")


def test_checked_on_only_with_a_verifier(tmp_path):
    path = tmp_path / "helplines.yml"
    path.write_text(GOOD + "  verified: {by: Team HR, on: 2026-01-05}\n", encoding="utf-8")
    nl = hl.render_helpline(hl.load(path)["voorbeeld"], "nl")
    assert '<dt>Gecontroleerd op</dt><dd><time datetime="2026-01-05">5 januari 2026</time> door Team HR</dd>' in nl


def test_undated_source_says_so(tmp_path):
    path = tmp_path / "helplines.yml"
    path.write_text(GOOD.replace("date: 2025-08", "date: undated"), encoding="utf-8")
    line = hl.load(path)["voorbeeld"]
    assert "<dd>example.nl, zonder datum</dd>" in hl.render_helpline(line, "nl") and line.newest is None
    assert [p.message for p in hl.stale({"voorbeeld": line}, "F", dt.date(2026, 1, 1))] == [
        "the helpline 'voorbeeld' rests on sources without a date, so nobody knows how old they are"]


def test_stale_and_future_and_unverified_helplines(tmp_path):
    path = tmp_path / "helplines.yml"
    path.write_text(GOOD, encoding="utf-8")
    lines = hl.load(path)
    assert hl.stale(lines, "F", dt.date(2026, 8, 31)) == []
    stale = hl.stale(lines, "F", dt.date(2026, 9, 1))
    assert [str(p) for p in stale] == [
        "F:1: warning: the helpline 'voorbeeld' rests on sources from 2025-08, more than 12 months ago — check "
        "its number, hours and cost at the live source; add the newer source with its date, or verified: "
        "{by: ..., on: YYYY-MM-DD} if nothing changed"]
    assert [p.line for p in hl.future_dates(lines, "F", dt.date(2025, 7, 31))] == [11]
    assert [p.line for p in hl.future_dates(hl.load(path), "F", dt.date(2024, 12, 31))] == [11]
    assert hl.future_dates(lines, "F", dt.date(2025, 8, 1)) == []
    assert [p.line for p in hl.unverified(lines, "F")] == [1]
    path.write_text(GOOD + "  verified: {by: HR, on: 2026-10-01}\n", encoding="utf-8")
    assert hl.stale(hl.load(path), "F", dt.date(2027, 9, 30)) == [] and hl.unverified(hl.load(path), "F") == []


def test_dutch_name_inside_english_name_is_marked_dutch():
    card = hl.render_helpline(hl.load()["huis-voor-klokkenluiders"], "en")
    assert '<h3>Dutch Whistleblowers Authority (<span lang="nl">Huis voor Klokkenluiders</span>)</h3>' in card
    assert 'lang=' not in hl.render_helpline(hl.load()["huis-voor-klokkenluiders"], "nl")


def test_real_file_is_valid_and_urgent_first():
    lines = hl.load()
    order = [h.id for h in hl.select(lines)]
    assert order[:2] == ["alarmnummer-112", "113"]
    assert lines["113"].phones == ("113", "0800-0113") and lines["juridisch-loket"].phones == ("0900-8020",)
    assert not lines["discriminatie-nl"].phones  # no verified national number: left out, not guessed


@pytest.mark.parametrize("prefix,words", [("", ("Bellen", "Bron")), ("en/", ("Call", "Source"))])
def test_built_pages_show_numbers(site, prefix, words):
    html = (site / prefix / "hulplijnen" / "index.html").read_text(encoding="utf-8")
    for number, href in [("112", "tel:112"), ("0800-0113", "tel:08000113"), ("0900-8844", "tel:09008844"),
                         ("0800-2000", "tel:08002000"), ("0900-8020", "tel:09008020"),
                         ("088-133 10 00", "tel:0881331000")]:
        assert f'<a href="{href}">{number}</a>' in html
    assert all(word in html for word in words)
    assert html.index("hulplijn-alarmnummer-112") < html.index("hulplijn-politie")


def test_broken_file_fails_build_with_every_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "helplines.yml"
    text = data.read_text(encoding="utf-8")
    text = text.replace('phone: "0900-8844"', 'phone: "09008844"').replace("https://www.113.nl", "http://113.nl")
    data.write_text(text, encoding="utf-8")
    proc = build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project, check=False)
    assert proc.returncode != 0
    assert "docs/_data/helplines.yml:" in proc.stdout and "the phone number '09008844'" in proc.stdout
    assert "the url 'http://113.nl' is not a secure web address" in proc.stdout


def test_unknown_id_in_marker_fails_build_with_page_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "hulplijnen.en.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "\n<!-- helplines: huis-voor-klokluiders -->\n")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project, check=False)
    assert proc.returncode != 0
    assert ("docs/hulplijnen.en.md:22: the helpline 'huis-voor-klokluiders' in this marker does not exist — use an "
            "id from docs/_data/helplines.yml: alarmnummer-112, 113, politie") in proc.stdout


def test_marker_with_ids_renders_only_those(site):
    html = (site / "en" / "integriteit-en-misstanden" / "index.html").read_text(encoding="utf-8")
    assert 'id="hulplijn-huis-voor-klokkenluiders"' in html and "hulplijn-politie" not in html


def test_numbers_in_running_text_come_from_the_data(tmp_path):
    """The home page's urgent box names 112 and 113 through markers: one change in the data moves them all."""
    project = copy_project(tmp_path / "project")
    data = project / "docs" / "_data" / "helplines.yml"
    data.write_text(data.read_text(encoding="utf-8").replace('phone: ["113", "0800-0113"]',
                                                              'phone: ["113", "0800-0114"]'), encoding="utf-8")
    build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project)
    for page in ("index.html", "en/index.html", "waar-kan-ik-terecht/index.html", "en/waar-kan-ik-terecht/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert '<a href="tel:08000114">0800-0114</a>' in html, page
        assert "0800-0113" not in html, page
        assert '<a href="tel:112">112</a>' in html, page


def test_unknown_id_in_a_phone_marker_fails_the_build_with_page_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "index.md"
    text = page.read_text(encoding="utf-8").replace("<!-- helpline-phone: 113 -->", "<!-- helpline-phone: 114 -->")
    page.write_text(text, encoding="utf-8")
    line = text[: text.index("helpline-phone: 114")].count("\n") + 1
    proc = build(tmp_path / "site", config=project / "mkdocs.yml", cwd=project, check=False)
    assert proc.returncode != 0
    assert f"docs/index.md:{line}: the helpline '114' in this marker does not exist — use an id with a phone number" \
        in proc.stdout, proc.stdout
