"""The content gate (issue 12): nothing a page, its settings, a file under docs/, the organisation
file, the quick-exit words or the logo contain can run, redirect, leak or hide the quick exit.

Every payload class in tests/fixtures/injection/payloads.yml must fail the real strict build (or its
validator) with a message naming the source file and line. To keep this fast, one build carries all
page, front-matter and docs/ payloads at once: the gate reports every problem, not the first.
Values that may hold quotes and '&' (names, descriptions, quick-exit words) must come out escaped.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from support import ROOT, build, copy_project, problems_raised
from vpgids import check as editor_check
from vpgids import content_gate as gate
from vpgids import organisation as org
from vpgids import yamlfile

PAYLOADS = yaml.safe_load((Path(__file__).parent / "fixtures/injection/payloads.yml").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 30)


def where(kind: str) -> list[dict]:
    return [p for p in PAYLOADS if p["where"] == kind]


def test_payload_list_covers_every_class_once():
    ids = [p["id"] for p in PAYLOADS]
    assert len(ids) == len(set(ids))
    assert {p["where"] for p in PAYLOADS} == {"page", "page_end", "front_matter", "organisation", "quick_exit",
                                              "logo", "docs_file", "site_url", "data"}
    assert len(PAYLOADS) >= 60


def verify_first_helpline(path: Path, date: str) -> int:
    """Give the first helpline `verified: {by: …, on: date}`; returns that line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(n for n, text in enumerate(lines) if text.startswith("- id:"))
    lines.insert(first + 1, f"  verified: {{by: Toetser, on: {date}}}")
    path.write_text("\n".join(lines), encoding="utf-8")
    return first + 2


def twin(docs: Path, name: str, text: str) -> None:
    """A page and its English twin (the translation guard wants both; the Dutch pass fails first)."""
    (docs / f"{name}.md").write_text(text, encoding="utf-8")
    (docs / f"{name}.en.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    """One build of a project copy with every page, front-matter, docs/ and data-date payload."""
    root = copy_project(tmp_path_factory.mktemp("gate") / "project")
    docs = root / "docs"
    lines = ["---", *(p["payload"] for p in where("front_matter")), "---", "", "# Aanval", ""]
    expected = []
    for n, payload in enumerate(where("front_matter"), 2):
        expected.append((f"docs/aanval.md:{n}: ", payload["expect"], payload["id"]))
    for payload in where("page"):
        first = len(lines) + 1
        lines += [*payload["payload"].split("\n"), ""]
        expected.append((f"docs/aanval.md:{first + payload.get('line', 1) - 1}: ", payload["expect"], payload["id"]))
    # An example in a code block is text, not markup: it must not be reported.
    lines += ["```html", "<script>alert('voorbeeld')</script>", "```", ""]
    twin(docs, "aanval", "\n".join(lines))
    for n, payload in enumerate(where("page_end")):
        head = ["---", "reviewed: 2026-11-01", "---", "", "# Einde", ""]
        twin(docs, f"einde{n}", "\n".join([*head, payload["payload"]]))
        expected.append((f"docs/einde{n}.md:{len(head) + payload.get('line', 1)}: ", payload["expect"], payload["id"]))
        expected.append((f"docs/einde{n}.md:", "the page ends inside an HTML tag or comment", payload["id"]))
    for payload in where("docs_file"):
        path = docs / payload["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if "symlink" in payload:
            path.symlink_to(payload["symlink"])
        else:
            path.write_text(payload["payload"], encoding="utf-8")
        expected.append((f"docs/{payload['path']}: ", payload["expect"], payload["id"]))
    [data] = where("data")
    line = verify_first_helpline(docs / "_data/helplines.yml", data["payload"])
    expected.append((f"docs/_data/helplines.yml:{line}: ", data["expect"], data["id"]))
    # Settings MkDocs cannot read, an impossible date, a title written with entities, an unclosed block.
    twin(docs, "kapot", "---\nreviewed: 2026-11-01\ntitle: [unclosed\n---\n\n# Kapot\n")
    expected.append(("docs/kapot.md:3: ", "the page settings between the --- lines cannot be read: a text starts "
                                          "with [ or {", "invalid-front-matter"))
    twin(docs, "datum", "---\ndescription: Datum\nreviewed: 2026-02-30\n---\n\n# Datum\n")
    expected.append(("docs/datum.md:3: ", "'2026-02-30' is not a date that exists — write a real date",
                     "impossible-date"))
    twin(docs, "kop", "---\nreviewed: 2026-11-01\n---\n\n# &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n")
    expected.append(("docs/kop.md:5: ", "the page title contains < or >", "title-entities"))
    twin(docs, "open", "---\nreviewed: 2026-11-01\n\n# Open\n")
    expected.append(("docs/open.md:1: ", "the page settings start with --- but have no closing --- line",
                     "unclosed-front-matter"))
    # The organisation's own text in a slot of a project page: reported at the slot file's line.
    for name in ("klachtenregeling.md", "klachtenregeling.en.md"):
        slot = root / "examples/organisation/slots" / name
        text = slot.read_text(encoding="utf-8").rstrip("\n") + "\n\n<p onclick=\"alert(1)\">Klik</p>\n\n<svg></svg>\n"
        slot.write_text(text, encoding="utf-8")
    lines_of_slot = text.split("\n")
    onclick = next(n for n, t in enumerate(lines_of_slot, 1) if "onclick" in t)
    expected.append((f"examples/organisation/slots/klachtenregeling.md:{onclick}: ",
                     "the attribute onclick= on <p> runs a program", "slot-event-handler"))
    expected.append((f"examples/organisation/slots/klachtenregeling.md:{onclick + 2}: ",
                     "the HTML element <svg> is not allowed", "slot-svg"))
    proc = build(root / "site", cwd=root, check=False)
    return root, proc.stdout, expected, proc.returncode


def test_every_page_and_file_payload_fails_the_build_at_its_source_line(gated):
    _, out, expected, code = gated
    assert code != 0
    assert "Traceback" not in out
    missing = [(prefix, words, name) for prefix, words, name in expected
               if not any(prefix in line and words in line for line in out.splitlines())]
    assert not missing, f"not reported as expected: {missing}\n\n{out}"


def test_code_examples_and_allowed_markup_are_not_reported(gated):
    root, out, _, _ = gated
    reported = {int(m.group(1)) for m in re.finditer(r"docs/aanval\.md:(\d+):", out)}
    source = (root / "docs/aanval.md").read_text(encoding="utf-8").split("\n")
    example = source.index("<script>alert('voorbeeld')</script>") + 1
    assert example not in reported
    # Nothing is reported about the shipped pages: only the payloads fail.
    assert not re.search(r"docs/(?!aanval|einde|kapot|datum|kop|open|x\.js|assets/|_data/helplines)[\w/.-]+:\d*:? ",
                         out), out
    assert "docs/contact.md:" not in out  # the slot's markup is the slot file's, not the page's


def test_the_editor_check_prints_the_same_messages_without_a_build(gated):
    """./check --no-build runs the source part of the gate: its lines are the build's lines."""
    root, out, _, _ = gated
    found = [str(p) for p in gate.check(root, TODAY)]
    assert any(line.startswith("docs/aanval.md:") and "<script>" in line for line in found)
    assert any(line.startswith("docs/assets/leak.txt: this is a link to /etc/passwd") for line in found)
    for line in found:
        if line.startswith(("docs/aanval.md", "docs/kapot.md", "docs/x.js", "docs/assets/")):
            assert line in out, line


@pytest.mark.parametrize("markup", ["<p>x <![CDA y</p>", "<p>a<![</p>", "<p>a <![CDATA[ x</p>", "<![if x]>a<![endif]>"])
def test_marked_sections_are_read_as_a_browser_reads_them_not_a_traceback(markup):
    """`<![…` is a comment up to the first '>' in an HTML page; html.parser stopped with an
    AssertionError on some of these (and read `<![CDATA[` on to `]]>`, see cdata-breakout)."""
    assert gate.refused(markup) == []
    assert [f.message for f in gate.refused(markup + '<p onclick="x()">b</p>')] == \
        [f.message for f in gate.refused('<p onclick="x()">b</p>')]


def test_rendered_html_allowlist_keeps_what_markdown_and_the_site_produce():
    """Tables with aligned columns, footnotes, admonitions, emoji icons and details are allowed."""
    allowed = (
        '<table><tr><th style="text-align: center;">a</th></tr></table>'
        '<p>x<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
        '<div class="admonition warning"><p class="admonition-title">Let op</p></div>'
        '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"/></svg></span>'
        '<details class="note" open="open"><summary>Meer</summary></details>'
        '<a href="https://113.nl/" class="md-button md-button--primary">113</a><a href="tel:113">113</a>'
        '<a href="mailto:a@example.org">a</a><a href="../contact/#vp">contact</a><abbr title="x">VP</abbr>'
        '<input type="radio" id="__tabbed_1_1" name="__tabbed_1" checked><label for="__tabbed_1_1">A</label>'
        '<h2 id="kop">Kop<a class="headerlink" href="#kop" title="Permanent link">&para;</a></h2>'
    )
    assert gate.refused(allowed) == []


# Markup the quick way must judge as html.parser does: what Markdown and the site make, and pieces
# of the payloads. Random edits of it (the characters tokenizers disagree on) must never be found
# clean by the quick way while html.parser finds something.
QUICK_SAMPLE = (
    '<h1 id="kop">Kop</h1>\n<p>Tekst met <strong>nadruk</strong>, <a href="../contact/#vp" title="Naar">een link</a>'
    ' en <abbr title="vertrouwenspersoon">VP</abbr>.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a>'
    '</sup></p>\n<!-- opmerking -->\n<ul>\n<li>een</li>\n<li><em>twee</em></li>\n</ul>\n'
    '<table><tr><th style="text-align: center;">a</th><td>b &amp; c</td></tr></table>\n'
    '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"/></svg></span>'
    '<details class="note"><summary>Meer</summary><p>x<br/>y</p></details>\n<img alt="" src="../assets/a.png">\n'
)
QUICK_EDITS = ["<", ">", '"', "'", "=", " ", "/", "&", "&#", "-", "--", "<!--", "-->", "<!", "</", "\t", "\x0c",
               "\xa0", "\x00", "\u3000", " onclick=x", " onload='y'", ' style="a"', " hidden", "<script>",
               "</script>", "<svg>", "</svg>", "<title>", "</title>", "<style>", "<textarea>", "<a href=javascript:x>",
               '<img src="//evil.example/x">', "<a href=\"jav&#x09;ascript:x\">", "<P ONCLICK=1>", "<br/ >",
               "<input type=text>", "<math>", "<p", "<a b='>' onclick=1>", '<a title="<b onclick=1>">', "&amp",
               ' class="qe"', ' id="__x"', "<?x?>", "<![CDATA[x]]>", "<!DOCTYPE html>", "\r\n"]


def test_the_quick_way_finds_a_page_clean_only_when_html_parser_does():
    payloads = [p["payload"] for p in PAYLOADS if p["where"] in ("page", "page_end")]
    samples = [QUICK_SAMPLE, *payloads]
    rng = random.Random(13)
    for _ in range(3000):
        text = QUICK_SAMPLE if rng.random() < 0.8 else rng.choice(payloads)
        for _ in range(rng.randint(1, 2)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(QUICK_EDITS) + text[at:]
        samples.append(text)
    quick = 0
    for text in samples:
        text = gate._browser_comments(text)
        if gate._quickly_clean(text):
            quick += 1
            assert gate._parsed_findings(text) == [], repr(text)
    assert gate._quickly_clean(QUICK_SAMPLE)  # the markup pages are made of goes the quick way
    assert 300 < quick < len(samples) - 300  # both ways were tried


@pytest.mark.parametrize("payload", where("organisation"), ids=lambda p: p["id"])
def test_organisation_payload_is_refused_at_its_line(tmp_path, payload):
    blocks = {
        "name": "name:\n  nl: Voorbeeld\n  en: Example",
        "brand_colour": 'brand_colour: "#1d4f91"',
        "contacts": "contacts:\n  - id: vp\n    role: external-vp\n    name: Anna\n    email: anna@example.org",
    }
    key = payload["payload"].split(":", 1)[0]
    blocks.pop(key, None)
    path = tmp_path / "org.yml"
    path.write_text("\n".join([payload["payload"], *blocks.values()]) + "\n", encoding="utf-8")
    found = [p.replace(str(tmp_path) + "/", "") for p in problems_raised(org.load, path)]
    line = payload.get("line", 1)
    assert any(p.startswith(f"org.yml:{line}: ") and payload["expect"] in p for p in found), found


def test_svg_logo_payloads_are_refused_at_their_line(tmp_path):
    for payload in where("logo"):
        folder = tmp_path / payload["id"]
        folder.mkdir()
        (folder / "logo.svg").write_text(payload["payload"], encoding="utf-8")
        (folder / "org.yml").write_text(
            "name:\n  nl: Voorbeeld\n  en: Example\nbrand_colour: \"#1d4f91\"\nlogo: logo.svg\ncontacts:\n"
            "  - id: vp\n    role: external-vp\n    name: Anna\n    email: anna@example.org\n", encoding="utf-8")
        found = [p.replace(str(folder) + "/", "") for p in problems_raised(org.load, folder / "org.yml")]
        assert any(p.startswith(f"logo.svg:{payload['line']}: ") and payload["expect"] in p for p in found), \
            (payload["id"], found)
    # The shipped example logo (shapes only) passes.
    logo = ROOT / "examples" / "organisation" / "organisation-logo.svg"
    assert gate.svg_problems(logo.read_text(encoding="utf-8"), "logo.svg") == []


def test_symlinks_and_scripts_in_the_organisation_folder_are_refused(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "slots").mkdir()
    (tmp_path / "pages/lek.md").symlink_to("/etc/passwd")
    (tmp_path / "slots/x.js").write_text("alert(1)", encoding="utf-8")
    found = sorted(str(p).split(" — ")[0].replace(str(tmp_path) + "/", "")
                   for p in gate.organisation_folder_problems(tmp_path))
    assert found == ["pages/lek.md: this is a link to /etc/passwd, not a file: the site would publish whatever it "
                     "points at", "slots/x.js: a .js file under slots/ is published on the site's own address, where "
                     "it could run a program"]


def test_a_logo_that_is_a_symlink_is_refused(tmp_path):
    (tmp_path / "logo.svg").symlink_to(ROOT / "examples" / "organisation" / "organisation-logo.svg")
    (tmp_path / "org.yml").write_text(
        "name:\n  nl: Voorbeeld\n  en: Example\nbrand_colour: \"#1d4f91\"\nlogo: logo.svg\ncontacts:\n"
        "  - id: vp\n    role: external-vp\n    name: Anna\n    email: anna@example.org\n", encoding="utf-8")
    found = [p.replace(str(tmp_path) + "/", "") for p in problems_raised(org.load, tmp_path / "org.yml")]
    assert found == ["org.yml:5: the logo 'logo.svg' is a link to another file, not a file — put a copy of the "
                     "logo itself next to the organisation file"]


def test_organisation_name_with_markup_fails_the_build_at_its_line(tmp_path):
    root = copy_project(tmp_path / "project")
    text = (root / "examples" / "organisation" / "organisation.yml").read_text(encoding="utf-8")
    text = re.sub(r"^  nl: .*$", '  nl: "</title><script>alert(1)</script>"', text, count=1, flags=re.M)
    (root / "examples" / "organisation" / "organisation.yml").write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "</title>" in t)
    proc = build(root / "site", cwd=root, check=False, env={"ORGANISATION_FILE": str(root / "examples" / "organisation" / "organisation.yml")})
    assert proc.returncode != 0
    assert f"organisation.yml:{line}: the organisation name (nl) contains '<'" in proc.stdout, proc.stdout


def test_quick_exit_words_and_address(tmp_path):
    from hooks.quick_exit import KEYS, check_destination, check_text  # noqa: PLC0415

    [payload] = where("quick_exit")
    lines = ["nl:", "  " + payload["payload"]]
    lines += [f"  {key}: Woorden" for key in KEYS if key not in ("label", "expired")]
    lines += ["  expired: |", "    Snel weg", "    is <b>gestopt</b>", "en:", *(f"  {key}: Words" for key in KEYS)]
    path = tmp_path / "qe.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [str(p) for p in check_text(yamlfile.load(path), "qe.yml", ["nl", "en"])]
    assert any(p.startswith("qe.yml:2: ") and payload["expect"] in p for p in found), found
    # Inside a `|` block: the line the markup is on, not the block's first line.
    inner = next(n for n, t in enumerate(lines, 1) if "<b>" in t)
    assert any(p.startswith(f"qe.yml:{inner}: 'nl' 'expired' contains '<'") for p in found), found
    for unsafe in ('https://www.buienradar.nl/"target="_blank', "https://www.buienradar.nl/ x",
                   "http://www.buienradar.nl/", "https://a@www.buienradar.nl/", "javascript:alert(1)"):
        assert check_destination(unsafe, "mkdocs.yml", 3), unsafe
    assert check_destination("https://www.buienradar.nl/", "mkdocs.yml") == []


def test_site_url_from_the_environment_must_be_https_without_query(tmp_path):
    [payload] = where("site_url")
    root = copy_project(tmp_path / "project")
    proc = build(root / "site", cwd=root, site_url=payload["payload"], check=False)
    line = next(n for n, t in enumerate((root / "mkdocs.yml").read_text().split("\n"), 1) if t.startswith("site_url:"))
    assert proc.returncode != 0
    assert any(f"mkdocs.yml:{line}: " in out and payload["expect"] in out
               for out in proc.stdout.splitlines()), proc.stdout
    assert org.site_url_problem("http://127.0.0.1:8000/") == ""  # the preview (mkdocs serve) keeps working
    assert org.site_url_problem("https://intranet.example.org/vp/") == ""


def test_impossible_dates_in_data_files_are_a_line_not_a_traceback(tmp_path):
    """A date such as 2026-02-30 in a data file: the build and ./check name the file and line."""
    root = copy_project(tmp_path / "project")
    line = verify_first_helpline(root / "docs/_data/helplines.yml", "2026-02-30")
    message = f"docs/_data/helplines.yml:{line}: '2026-02-30' is not a date that exists — write a real date as YYYY-MM-DD"
    proc = build(root / "site", cwd=root, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stdout
    assert message in proc.stdout, proc.stdout
    result = editor_check.run(root, build=False, today=TODAY)
    shown = [str(p) for p in result.problems]
    assert any(p.startswith(message) for p in shown), shown
    assert not any("tell a developer" in p for p in shown), shown


def test_future_dates_in_data_files(tmp_path):
    path = tmp_path / "d.yml"
    path.write_text("reviewed: 2026-12-01\nitems:\n  - id: a\n    checked: 2026-11-30\n  - id: b\n"
                    "    checked: 2027-01-01\n  - id: c\n    verified:\n      by: X\n      on: 2026-12-02\n",
                    encoding="utf-8")
    found = [str(p) for p in gate.data_future_dates(yamlfile.load(path), "d.yml", TODAY)]
    assert [p.split(" — ")[0] for p in found] == ["d.yml:1: `reviewed: 2026-12-01` lies in the future",
                                                  "d.yml:6: `checked: 2027-01-01` lies in the future",
                                                  "d.yml:10: `verified on: 2026-12-02` lies in the future"]


def test_block_scalar_problems_name_the_line_inside_the_block(tmp_path):
    path = tmp_path / "d.yml"
    path.write_text("- id: a\n  note:\n    nl: |\n      Eerste regel\n      tweede <b>regel</b>\n    en: x\n")
    value = yamlfile.load(path)[0]["note"]["nl"]
    assert yamlfile.line_at(value, value.index("<b>")) == 5
    assert yamlfile.line_at(value, 0) == 4


class _Text(HTMLParser):
    """The <title> text, the meta description and the quick-exit link's label, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.title, self.description, self.label, self._in_title = "", None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        elif tag == "aside" and attrs.get("class") == "qe":
            self.label = attrs.get("aria-label")
        elif tag == "script" and "alert" in str(attrs):
            raise AssertionError("a payload became a script element")

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_quotes_and_ampersands_in_settings_come_out_as_text(tmp_path):
    """Names and descriptions may hold quotes and '&' ('s-Hertogenbosch, "De Vaart"): escaped, not refused."""
    root = copy_project(tmp_path / "project")
    name = "Jansen & Zn \"De Vaart\" 's-Hertogenbosch"
    text = (root / "examples" / "organisation" / "organisation.yml").read_text(encoding="utf-8")
    text = re.sub(r"^  nl: .*$", "  nl: " + yaml.safe_dump(name).strip().removesuffix("...").strip(), text,
                  count=1, flags=re.M)
    (root / "examples" / "organisation" / "organisation.yml").write_text(text, encoding="utf-8")
    description = 'Wat "vertrouwelijk" betekent & wat niet'
    page = root / "docs/contact.md"  # a page in the menu; only its settings change
    body = re.sub(r"^(title|description):.*\n", "", page.read_text(encoding="utf-8"), flags=re.M)
    page.write_text(body.replace("---\n", f"---\ntitle: 'Citaat \"hier\" & daar'\ndescription: '{description}'\n", 1),
                    encoding="utf-8")
    qe = root / "docs/_data/quick-exit.yml"
    qe.write_text(qe.read_text(encoding="utf-8").replace("label: Snel weg", "label: 'Snel \"weg\" & klaar'", 1),
                  encoding="utf-8")
    build(root / "site", cwd=root)
    page = root / "site/contact/index.html"
    parsed = _Text()
    parsed.feed(page.read_text(encoding="utf-8"))
    assert parsed.title == f'Citaat "hier" & daar - Vertrouwenspersoon · {name}'
    assert parsed.description == description
    assert parsed.label == 'Snel "weg" & klaar'
    home = _Text()
    home.feed((root / "site/index.html").read_text(encoding="utf-8"))
    assert home.title == f"Vertrouwenspersoon · {name}"


def test_shipped_content_passes_the_gate():
    """The gate's own rules on the project's pages and files (the build checks the rendered HTML too)."""
    assert [str(p) for p in gate.check(ROOT, dt.date.today())] == []


def test_menu_titles_of_the_organisation_folder_are_plain_text(tmp_path):
    """Material prints menu titles unescaped (and through striptags, which decodes &lt;, in <title>)."""
    import shutil  # noqa: PLC0415

    from vpgids import orgfolder  # noqa: PLC0415

    folder = Path(shutil.copytree(ROOT / "tests/fixtures/org-gemeente", tmp_path / "org"))
    menu = folder / "menu.yml"
    text = menu.read_text(encoding="utf-8")
    text = text.replace("nl: Onze klachtenregeling", "nl: Onze <img src=x onerror=alert(1)>")
    text = text.replace("en: Our complaints procedure", "en: Our &lt;/title&gt;&lt;script&gt;")
    menu.write_text(text, encoding="utf-8")
    found = [str(p).replace(str(folder) + "/", "") for p in problems_raised(orgfolder.load, folder)]
    nl = next(n for n, t in enumerate(text.split("\n"), 1) if "<img" in t)
    assert any(p.startswith(f"menu.yml:{nl}: the menu title (nl) contains '<'") for p in found), found
    assert any(p.startswith(f"menu.yml:{nl + 1}: the menu title (en) contains '&lt;'") for p in found), found
