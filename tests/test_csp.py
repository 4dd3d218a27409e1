"""hooks/csp.py: every inline script and style of the built site is hashed into the policy, and
inline event handlers or style attributes fail the build (hashes cannot safely allow them)."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re

import pytest

from support import ROOT, html_pages


def load_hook():
    spec = importlib.util.spec_from_file_location("csp_hook", ROOT / "hooks" / "csp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


csp = load_hook()


def test_hash_is_the_one_browsers_compute():
    # Reference value from the CSP spec's example: sha256 of "alert('Hello, world.');"
    assert csp._sha256("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_collect_finds_scripts_and_styles_but_not_data_blocks(tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head><style>p{color:red}</style><script>var a=1;</script>'
        '<script id="__config" type="application/json">{"x":1}</script>'
        '<script src="x.js"></script></head><body><script type="module">b()</script></body></html>')
    (tmp_path / ".nginx").mkdir()
    (tmp_path / ".nginx" / "ignored.html").write_text("<script>ignored()</script>")
    scripts, styles, problems = csp.collect(tmp_path)
    assert scripts == {csp._sha256("var a=1;"), csp._sha256("b()")}
    assert styles == {csp._sha256("p{color:red}")}
    assert problems == []


def test_inline_handlers_and_style_attributes_are_problems(tmp_path):
    (tmp_path / "p.html").write_text('<p>\n<a onclick="go()">x</a>\n<span style="color:red">y</span></p>')
    _, _, problems = csp.collect(tmp_path)
    assert [str(p) for p in problems] == [
        "p.html:2: the built page has an inline <a onclick=…>, which the Content-Security-Policy blocks — "
        "move the script into a .js file or the style into a .css file (see hooks/csp.py)",
        "p.html:3: the built page has an inline <span style=…>, which the Content-Security-Policy blocks — "
        "move the script into a .js file or the style into a .css file (see hooks/csp.py)",
    ]


def test_collect_reads_tags_as_a_browser_does(tmp_path):
    # '>' inside a quoted value does not end the tag; a commented-out block and tag-like text inside
    # a script are not markup; tag and attribute names are case-insensitive.
    (tmp_path / "a.html").write_text(
        '<p title="a > b" data-x=\'>\'>\n<!-- <script>old()</script> <b onclick="x"> -->'
        '<SCRIPT>var s = "<a onclick=go()>";</SCRIPT ><style media="print">p{}</style>\n'
        '<DIV\n  class="on" STYLE="color:red">')
    scripts, styles, problems = csp.collect(tmp_path)
    assert scripts == {csp._sha256('var s = "<a onclick=go()>";')}
    assert styles == {csp._sha256("p{}")}
    assert [(p.line, p.message.split(" has an inline ")[1].split(",")[0]) for p in problems] == [(3, "<div style=…>")]


def test_built_policy_covers_every_inline_block_of_both_languages(site):
    conf = (site / ".nginx" / "csp.conf").read_text()
    policy = (site / ".nginx" / "csp.txt").read_text().strip()
    assert f'add_header Content-Security-Policy "{policy}" always;' in conf
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    pages = html_pages(site)
    assert (site / "en" / "404.html") in pages and (site / "404.html") in pages
    found = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S) + \
                re.findall(r"<style>(.*?)</style>", html, flags=re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, f"{page}: inline block not in the policy"
            found += 1
    assert found >= len(pages) * 3


@pytest.mark.parametrize("directive", ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                                       "base-uri 'self'", "img-src 'self' data:"])
def test_policy_directives(directive):
    assert directive in csp.policy({"'sha256-x'"}, set()).split("; ")
