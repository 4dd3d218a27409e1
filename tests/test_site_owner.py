"""site_owner: in the organisation file: who answers questions about the site itself (issue 14, item 16).
Validated with file:line, rendered escaped, shown by <!-- vp-site-owner --> on About, Accessibility and Privacy,
with an honest sentence when an organisation has not filled it in."""

from __future__ import annotations

import textwrap

import pytest

from support import problems_raised
from vpgids import organisation as org

VALID = """\
name: {nl: Voorbeeld, en: Example}
brand_colour: "#1d4f91"
contacts:
  - {id: vp, role: external-vp, name: Anna, email: anna@example.org}
"""


def load(tmp_path, extra: str):
    path = tmp_path / "org.yml"
    path.write_text(textwrap.dedent(VALID + extra), encoding="utf-8")
    return path


def test_site_owner_is_loaded_and_rendered_escaped(tmp_path):
    owner = "site_owner:\n  name:\n    nl: Team <Intranet> & co\n    en: Intranet team\n  email: site@example.org\n"
    found = org.load(load(tmp_path, owner))
    assert found.site_owner == {"name": {"nl": "Team <Intranet> & co", "en": "Intranet team"},
                                "email": "site@example.org", "web": None}
    html = org.render_site_owner(found, "nl")
    assert html == ('<p class="vp-site-owner">Vragen over deze site, of een fout gezien? Neem contact op met '
                    'Team &lt;Intranet&gt; &amp; co: <a href="mailto:site@example.org">site@example.org</a>.</p>')
    assert "Contact Intranet team:" in org.render_site_owner(found, "en")
    page = "<p>x</p>\n<!-- vp-site-owner -->\n"
    assert org.render_site_owner(found, "en") in org.replace_markers(page, found, "en")


def test_without_site_owner_the_page_says_so_honestly(tmp_path):
    found = org.load(load(tmp_path, ""))
    assert found.site_owner is None
    assert "nog niet ingevuld" in org.render_site_owner(found, "nl")
    assert "has not yet filled in" in org.render_site_owner(found, "en")


@pytest.mark.parametrize("extra,expected", [
    ("site_owner: intranet@example.org\n",
     ["org.yml:5: site_owner must have a name and an e-mail address or web address — write it as lines under "
      "'site_owner:': 'name: …' and 'email: …' (or 'web: https://…')"]),
    ("site_owner:\n  name: IT\n",
     ["org.yml:5: site_owner has no e-mail address and no web address — add 'email: …' or 'web: https://…', so "
      "readers can reach the people who run the site"]),
    ("site_owner:\n  name: IT\n  email: geen-adres\n",
     ["org.yml:7: the site owner's e-mail address 'geen-adres' is not valid — write it as name@example.org, "
      "without 'mailto:'"]),
    ("site_owner:\n  name: IT\n  web: javascript:alert(1)\n",
     ["org.yml:7: 'javascript:alert(1)' is not a valid web address for the site owner — write a full address "
      "starting with https://"]),
])
def test_site_owner_rules(tmp_path, extra, expected):
    path = load(tmp_path, extra)
    assert [p.replace(str(path.parent) + "/", "") for p in problems_raised(org.load, path)] == expected


@pytest.mark.parametrize("page", ["over-deze-site", "toegankelijkheid", "privacy"])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_pages_about_the_site_show_whom_to_contact(site, page, prefix):
    html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
    assert 'class="vp-site-owner"' in html and "vp-site-owner -->" not in html
