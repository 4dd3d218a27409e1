"""organisation.yml: one small broken file per validation rule (exact message and line), rendering,
and real strict builds that apply the file (names, logo, noindex, robots.txt, edit links, markers)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from support import ROOT, build, copy_project, problems_raised
from vpgids import organisation as org

EXAMPLE = ROOT / "examples" / "organisation" / "organisation.yml"  # the project's fictional example
GEMEENTE = ROOT / "tests" / "fixtures" / "org-gemeente"  # an organisation folder of its own

VALID = """\
name:
  nl: Voorbeeld
  en: Example
brand_colour: "#1d4f91"
contacts:
  - id: vp
    role: external-vp
    name: Anna
    email: anna@example.org
"""


def write(tmp_path: Path, text: str, name: str = "org.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [p.replace(str(path.parent) + "/", "") for p in problems_raised(org.load, path)]


def test_valid_minimal_file_loads(tmp_path):
    organisation = org.load(write(tmp_path, VALID))
    assert organisation.name == {"nl": "Voorbeeld", "en": "Example"}
    assert organisation.quick_exit_url == org.DEFAULT_QUICK_EXIT_URL
    assert organisation.allow_indexing is False and organisation.repository is None
    assert [c.id for c in organisation.contacts] == ["vp"]


def test_shipped_example_has_every_role_and_is_marked_as_example():
    organisation = org.load(EXAMPLE)
    assert organisation.roles == set(org.ROLES)
    assert organisation.example is True
    for contact in organisation.contacts:
        assert contact.email is None or contact.email.endswith("example.org")
        assert contact.web is None or ".example.org" in contact.web or "//example.org" in contact.web
    html = org.render_contacts(organisation, "nl")
    assert html.count("(voorbeeldnummer)") == sum(1 for c in organisation.contacts if c.phone)


# Each case: a broken file, and the one exact problem it must produce (file:line: message — fix).
CASES = {
    "yaml-syntax": (
        VALID.replace("  en: Example\n", "  en: Example\n   bad: [\n"),
        "org.yml:4: YAML syntax error: mapping values are not allowed here — check indentation (spaces, not tabs), "
        "colons after keys, and quotes around text with a colon",
    ),
    "unknown-setting": (
        VALID + "brand_color: '#000000'\n",
        "org.yml:10: unknown setting 'brand_color' — did you mean 'brand_colour'?",
    ),
    "missing-setting": (
        VALID.replace('brand_colour: "#1d4f91"\n', ""),
        "org.yml:1: the setting 'brand_colour' is missing — add 'brand_colour:' (see the example organisation.yml)",
    ),
    "missing-translation": (
        VALID.replace("  en: Example\n", ""),
        "org.yml:1: the organisation name has no English text — add 'en: …' under 'name:'",
    ),
    "text-not-per-language": (
        VALID + "    hours: 9 tot 5\n",
        "org.yml:10: the hours must be given in Dutch and English — write it as two lines under 'hours:': "
        "'nl: …' and 'en: …'",
    ),
    "bad-colour": (
        VALID.replace('"#1d4f91"', "blue"),
        "org.yml:4: the brand colour 'blue' is not a colour code — write it as a hex code in quotes, "
        "e.g. \"#1d4f91\"",
    ),
    "low-contrast": (
        VALID.replace('"#1d4f91"', '"#ffcc00"'),
        "org.yml:4: white text on the brand colour #ffcc00 has a contrast of 1.51:1, below the 4.5:1 that "
        "WCAG AA requires (the header uses white text on it) — use a darker shade, e.g. \"#8f7200\"",
    ),
    "quick-exit-not-https": (
        VALID + "quick_exit_url: http://weather.example.org/\n",
        "org.yml:10: 'http://weather.example.org/' is not a valid web address for quick_exit_url — "
        "write a full address starting with https://",
    ),
    "indexing-not-boolean": (
        VALID + "allow_indexing: maybe\n",
        "org.yml:10: 'allow_indexing' must be true or false, not 'maybe' — write true or false",
    ),
    "logo-missing": (
        VALID + "logo: nowhere.svg\n",
        "org.yml:10: the logo file 'nowhere.svg' does not exist (looked in {dir}) — put the file next to "
        "the organisation file or correct the path",
    ),
    "bad-email": (
        VALID.replace("anna@example.org", "anna(at)example.org"),
        "org.yml:9: 'anna(at)example.org' is not a valid e-mail address — write it as name@example.org, "
        "without 'mailto:'",
    ),
    "bad-phone": (
        VALID + "    phone: 020 123 456\n",
        "org.yml:10: '020 123 456' is not a valid phone number — write a Dutch number with 10 digits "
        "(020 123 4567, 06 1234 5678), a 0800/0900 number, or an international number starting with + "
        "(e.g. +31 20 123 4567)",
    ),
    "javascript-url": (
        VALID + "    web: javascript:alert(1)\n",
        "org.yml:10: 'javascript:alert(1)' is not a valid web address for the contact's web address — "
        "write a full address starting with http:// or https://",
    ),
    "unknown-contact-field": (
        VALID + "    mail: anna@example.org\n",
        "org.yml:10: unknown contact field 'mail' — did you mean 'email'?",
    ),
    "unknown-role": (
        VALID.replace("role: external-vp", "role: extern"),
        "org.yml:7: unknown role 'extern' — did you mean 'external-vp'?",
    ),
    "role-as-translation": (
        VALID.replace("role: external-vp", "role: {nl: extern, en: external}"),
        "org.yml:7: the role must be one word, not a list or a translation — use one of: internal-vp, "
        "external-vp, integrity-vp, complaints-committee, reporting-procedure, occupational-physician, hr, "
        "works-council (the site shows its name in each language)",
    ),
    "missing-contact-field": (
        VALID.replace("    name: Anna\n", ""),
        "org.yml:6: this contact has no 'name' — add 'name:'",
    ),
    "unreachable-contact": (
        VALID.replace("    email: anna@example.org\n", ""),
        "org.yml:6: this contact has no phone number, e-mail address or web address — add at least one of "
        "'phone:', 'email:' or 'web:' so readers can reach them",
    ),
    "duplicate-id": (
        VALID + "  - id: vp\n    role: hr\n    name: HR\n    email: hr@example.org\n",
        "org.yml:10: the contact id 'vp' is used twice (first on line 6) — give every contact its own id",
    ),
    "no-vp": (
        VALID.replace("role: external-vp", "role: hr"),
        "org.yml:5: there is no confidential adviser (vertrouwenspersoon) among the contacts — add a contact "
        "with 'role: internal-vp' or 'role: external-vp'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validator_rule(tmp_path, case):
    text, expected = CASES[case]
    path = write(tmp_path, text)
    expected = expected.replace("{dir}", str(tmp_path))
    assert problems_of(path) == [expected]


def test_every_problem_is_reported_at_once(tmp_path):
    text = (VALID.replace("anna@example.org", "nope").replace('"#1d4f91"', '"#eeeeee"')
            + "    phone: '12'\n    colour: red\n")
    lines = problems_of(write(tmp_path, text))
    assert [line.split(":")[1] for line in lines] == ["4", "9", "10", "11"]


@pytest.mark.parametrize("raw, href", [
    ("020 012 3456", "+31200123456"), ("06-12345678", "+31612345678"), ("0800-0113", "08000113"),
    ("+31 (0)20 123 4567", "+31201234567"), ("+44 20 7946 0958", "+442079460958"),
    ("020 123 456", None), ("+31 020 1234567", None), ("112", None), ("tel:0201234567", None),
])
def test_phone_numbers(raw, href):
    assert org.normalise_phone(raw) == href


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(org.contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(org.contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the classic AA grey
    assert org.contrast_ratio(org.darken_to_contrast("#ffcc00"), "#ffffff") >= 4.5


def test_render_contact_escapes_everything(tmp_path):
    text = VALID.replace("name: Anna", "name: \"<script>alert('x')</script> & Co\"") + \
        "    note:\n      nl: 'a <b>vet</b>'\n      en: 'a \"quote\"'\n"
    organisation = org.load(write(tmp_path, text))
    html = org.render_contact(organisation.contacts[0], "en")
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in html
    assert "a &quot;quote&quot;" in html
    assert 'href="mailto:anna@example.org"' in html and 'id="contact-vp"' in html
    assert "External confidential adviser" in html
    assert "<b>" not in org.render_contact(organisation.contacts[0], "nl")


def test_a_contact_shown_twice_on_a_page_keeps_its_id_once(tmp_path):
    """The list of all contacts and a slot or page text naming one of them: ids stay unique (valid
    HTML; a link to #contact-vp goes to the first card), and every card is still shown."""
    organisation = org.load(write(tmp_path, VALID + "  - {id: hr, role: hr, name: Bo, email: bo@example.org}\n"))
    page = "<!-- vp-contact: hr -->\n<p>x</p>\n<!-- vp-contacts -->\n<!-- vp-contact: vp -->\n<!-- vp-contact: hr -->"
    html = org.replace_markers(page, organisation, "nl")
    assert html.count('id="contact-vp"') == 1 and html.count('id="contact-hr"') == 1
    assert html.index('id="contact-hr"') < html.index("<p>x</p>")  # the first card in page order has it
    assert html.count('class="vp-contact__name">Anna<') == 2 and html.count('class="vp-contact__name">Bo<') == 3
    assert "<!--" not in html


def test_organisation_file_env_var(tmp_path, monkeypatch):
    path = write(tmp_path, VALID)
    monkeypatch.setenv("ORGANISATION_FILE", str(path))
    assert org.organisation_path() == path
    assert org.load().name["en"] == "Example"
    monkeypatch.delenv("ORGANISATION_FILE")
    monkeypatch.delenv("VP_ORGANISATION", raising=False)
    # Without a choice: the repository's own organisation/ folder, else the project's example.
    own = ROOT / "organisation" / "organisation.yml"
    assert org.organisation_path() == (own if own.exists() else EXAMPLE)


def test_organisation_folder_env_var(tmp_path, monkeypatch):
    path = write(tmp_path, VALID, name="organisation.yml")
    monkeypatch.setenv("VP_ORGANISATION", str(tmp_path))
    monkeypatch.setenv("ORGANISATION_FILE", "/elsewhere/ignored.yml")  # the folder wins
    assert org.organisation_path() == path and org.load().name["en"] == "Example"


# --------------------------------------------------------------------------- real builds


def test_build_applies_the_organisation_in_use(site):
    """Whatever organisation folder the repository has (the example in the project itself)."""
    example = org.load(org.organisation_path())
    for lang, prefix in (("nl", ""), ("en", "en/")):
        page = (site / prefix / "contact" / "index.html").read_text(encoding="utf-8")
        # Every contact in the list (a slot text on the page may show one of them once more).
        assert page.count('class="vp-contact ') >= len(example.contacts)
        for contact in example.contacts:
            assert f'id="contact-{contact.id}"' in page
        assert "<!-- vp-contacts -->" not in page
        assert f"· {example.name[lang]}</title>" in page
        noindex = '<meta name="robots" content="noindex, nofollow">' in page
        assert noindex != example.allow_indexing
        assert f"<style>:root{{--vp-brand:{example.brand_colour}}}</style>" in page
        if example.logo:
            logo = re.search(r'src="([^"]*assets/organisation/logo\.[0-9a-f]{8}' + re.escape(example.logo.suffix.lower())
                             + ')"', page)
            assert logo, "the logo is not in the header"
            assert (site / "contact" / prefix / Path(logo.group(1))).resolve().is_file()
        assert ('rel="edit"' in page) == bool(example.repository)
    robots = "Allow" if example.allow_indexing else "Disallow"
    assert (site / "robots.txt").read_text() == f"User-agent: *\n{robots}: /\n"


def test_build_with_repository_and_indexing(tmp_path):
    path = write(tmp_path, VALID + "allow_indexing: true\n"
                 "site_url: https://intranet.example.org/elders/\n"
                 "repository: https://git.example.org/hr/gids/-/edit/main/docs\n")
    dest = tmp_path / "site"
    # SITE_URL overrides the file's site_url (the file's own value is used by the external-only
    # fixture in test_nginx.py, which is built without SITE_URL).
    build(dest, site_url="https://andere.example.org/hier/", env={"ORGANISATION_FILE": str(path)})
    nl = (dest / "contact" / "index.html").read_text(encoding="utf-8")
    en = (dest / "en" / "contact" / "index.html").read_text(encoding="utf-8")
    # A page's own file (data-backed pages such as Contact point at their data file: tests/test_overlay.py).
    privacy_nl = (dest / "privacy" / "index.html").read_text(encoding="utf-8")
    privacy_en = (dest / "en" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/hr/gids/-/edit/main/docs/privacy.md"' in privacy_nl
    assert 'href="https://git.example.org/hr/gids/-/edit/main/docs/privacy.en.md"' in privacy_en
    assert '<link rel="canonical" href="https://andere.example.org/hier/contact/">' in nl
    assert 'name="robots"' not in nl
    assert "md-source" not in nl, "no repository widget: it would call the Git host's API"
    assert (dest / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert "assets/organisation" not in nl  # no logo configured: Material's default icon


def test_build_fails_with_every_organisation_problem(tmp_path):
    path = write(tmp_path, VALID.replace("anna@example.org", "nope") + "quick_exit_url: ftp://x.example.org\n")
    proc = build(tmp_path / "site", env={"ORGANISATION_FILE": str(path)}, check=False)
    assert proc.returncode != 0
    assert f"{path}:9: 'nope' is not a valid e-mail address" in proc.stdout
    assert f"{path}:10: 'ftp://x.example.org' is not a valid web address for quick_exit_url" in proc.stdout


def test_contact_marker_in_a_page(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "hulplijnen.md"
    page.write_text(page.read_text() + "\nBel gerust:\n\n<!-- vp-contact: bureau-noord -->\n", encoding="utf-8")
    build(tmp_path / "site", cwd=project, env={"VP_ORGANISATION": str(GEMEENTE)})
    html = (tmp_path / "site" / "hulplijnen" / "index.html").read_text(encoding="utf-8")
    assert 'id="contact-bureau-noord"' in html and "Externe vertrouwenspersoon" in html


def test_unknown_contact_id_fails_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "hulplijnen.md"
    text = page.read_text()
    page.write_text(text + "\n<!-- vp-contact: bureau-nord -->\n", encoding="utf-8")
    line = text.count("\n") + 2
    proc = build(tmp_path / "site", cwd=project, check=False, env={"VP_ORGANISATION": str(GEMEENTE)})
    assert proc.returncode != 0
    assert (f"docs/hulplijnen.md:{line}: there is no contact with the id 'bureau-nord' — did you mean 'bureau-noord'?"
            in proc.stdout), proc.stdout
