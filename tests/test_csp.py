"""hooks/csp.py: the inline scripts and styles the project's templates make are hashed into the policy;
anything else (a block in a page's content, or one no template explains) fails the build with the
source file, as do inline event handlers or style attributes (hashes cannot safely allow them)."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

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


def patterns_for(templates: dict[str, str]):
    import jinja2
    return csp.template_patterns(jinja2.DictLoader(templates), roots=("main.html",))


@pytest.fixture
def expecting(monkeypatch):
    """Run collect() as if the templates were the given ones (and no page had been rendered)."""
    def use(templates: dict[str, str]):
        monkeypatch.setitem(csp._state, "patterns", patterns_for(templates))
        monkeypatch.setitem(csp._state, "pages", {})
        monkeypatch.setitem(csp._state, "content_problems", {})
        monkeypatch.setitem(csp._state, "docs_files", {})
    return use


def test_template_blocks_become_patterns_with_only_safe_values():
    patterns = patterns_for({
        "main.html": '{% extends "base.html" %}{% block x %}<style>:root{--c:{{ colour }}}</style>{% endblock %}',
        "base.html": '{#- <script>not code</script> -#}{% include "part.html" %}'
                     '<script id="c" type="application/json">{{ data | tojson }}</script>'
                     '<script src="{{ \'a.js\' | url }}"></script>',
        "part.html": '<script>var base = "{{- base_url -}}";  go()</script>',
        "unused.html": "<script>never()</script>",
    })
    found = {(name, kind): pattern for name, _line, kind, pattern in patterns}
    assert set(found) == {("main.html", "style"), ("part.html", "script")}
    assert found["main.html", "style"].fullmatch(":root{--c:#1f5a8c}")
    assert not found["main.html", "style"].fullmatch(":root{--c:red}</style><script>x()</script><style>{}")
    assert found["part.html", "script"].fullmatch('var base = "../..";  go()')
    assert not found["part.html", "script"].fullmatch('var base = "";alert(1);"";  go()')


def test_a_jinja_statement_inside_an_inline_block_stops_the_build():
    from mkdocs.exceptions import PluginError
    with pytest.raises(PluginError, match=r"main.html:1: an inline <script> contains a Jinja statement"):
        patterns_for({"main.html": "<script>{% if x %}a(){% endif %}</script>"})


def test_collect_hashes_only_expected_blocks(tmp_path, expecting):
    expecting({"main.html": "<style>p{color:{{ c }}}</style><script>var a=1;</script>"})
    (tmp_path / "a.html").write_text(
        '<html><head><style>p{color:red}</style><script>var a=1;</script>'
        '<script id="__config" type="application/json">{"x":1}</script>'
        '<script src="x.js"></script></head><body><script type="module">b()</script></body></html>')
    (tmp_path / ".nginx").mkdir()
    (tmp_path / ".nginx" / "ignored.html").write_text("<script>ignored()</script>")
    scripts, styles, problems = csp.collect(tmp_path)
    assert scripts == {csp._sha256("var a=1;")}
    assert styles == {csp._sha256("p{color:red}")}
    assert [p.message for p in problems] == [
        "the built page a.html has a <script>b() block that none of the project's templates makes "
        "(a value from the front matter or a setting that breaks out of its place?)"]


def test_inline_handlers_and_style_attributes_are_problems(tmp_path, expecting):
    expecting({"main.html": ""})
    (tmp_path / "p.html").write_text('<p>\n<a onclick="go()">x</a>\n<span style="color:red">y</span></p>')
    _, _, problems = csp.collect(tmp_path)
    assert [str(p) for p in problems] == [
        "p.html:2: the built page p.html has an inline <a onclick=…>, which the Content-Security-Policy blocks — "
        "move the script into a .js file or the style into a .css file (see hooks/csp.py)",
        "p.html:3: the built page p.html has an inline <span style=…>, which the Content-Security-Policy blocks — "
        "move the script into a .js file or the style into a .css file (see hooks/csp.py)",
    ]


def test_collect_reads_tags_as_a_browser_does(tmp_path, expecting):
    # '>' inside a quoted value does not end the tag; a commented-out block and tag-like text inside
    # a script are not markup; tag and attribute names are case-insensitive.
    expecting({"main.html": '<script>var s = "<a onclick=go()>";</script><style>p{}</style>'})
    (tmp_path / "a.html").write_text(
        '<p title="a > b" data-x=\'>\'>\n<!-- <script>old()</script> <b onclick="x"> -->'
        '<SCRIPT>var s = "<a onclick=go()>";</SCRIPT ><style media="print">p{}</style>\n'
        '<DIV\n  class="on" STYLE="color:red">')
    scripts, styles, problems = csp.collect(tmp_path)
    assert scripts == {csp._sha256('var s = "<a onclick=go()>";')}
    assert styles == {csp._sha256("p{}")}
    assert [(p.line, p.message.split(" has an inline ")[1].split(",")[0]) for p in problems] == [(3, "<div style=…>")]


class FakePage:
    def __init__(self, src: Path, content: str):
        self.content = content
        self.file = type("F", (), {"dest_uri": "p/index.html", "abs_src_path": str(src)})()


def test_a_script_or_style_in_the_page_content_is_a_problem_at_its_source_line(tmp_path, monkeypatch):
    monkeypatch.setitem(csp._state, "pages", {})
    monkeypatch.setitem(csp._state, "content_problems", {})
    source = tmp_path / "p.md"
    source.write_text("# Title\n\nText\n\n<script>\n  location.href = 'https://t.example/'\n</script>\n"
                      "<style>.qe{display:none}</style>\n<script src=\"../x.js\"></script>\n")
    content = ("<h1>Title</h1><p>Text</p><script>\n  location.href = 'https://t.example/'\n</script>\n"
               "<style>.qe{display:none}</style>\n<script src=\"../x.js\"></script>")
    # The template's own script, outside the content, is not the content's problem.
    output = f"<html><head><script>var a=1;</script></head><body><article>{content}</article></body></html>"
    assert csp.on_post_page(output, FakePage(source, content), None) == output
    problems = [(p.file.rsplit("/", 1)[-1], p.line, p.message.split(" element")[0])
                for p in csp._state["content_problems"]["p/index.html"]]
    assert problems == [("p.md", 6, "the page has a <script>location.href = 'https://t.example/'"),
                        ("p.md", 8, "the page has a <style>.qe{display:none}"),
                        ("p.md", 5, "the page has a <script>")]


def test_script_sources_are_the_theme_folders_and_a_docs_script_inside_one_is_a_problem(tmp_path):
    docs_script = tmp_path / "docs" / "assets" / "javascripts" / "x.js"
    folders, problems = csp.script_sources({
        "assets/javascripts/bundle.1.min.js": None, "assets/javascripts/lunr/min/lunr.nl.min.js": None,
        "components/quick-exit/quick-exit.js": None, "assets/javascripts/x.js": docs_script,
        "elsewhere/y.js": tmp_path / "docs" / "elsewhere" / "y.js"})
    assert folders == ["assets/javascripts/", "components/quick-exit/"]
    assert [p.message.split(",")[0] for p in problems] == [
        "a script file in the content would be published as assets/javascripts/x.js"]


def test_lazy_scripts_are_read_from_materials_scripts_block():
    import jinja2
    loader = jinja2.DictLoader({"base.html": "<script src=\"{{ 'assets/javascripts/other.js' | url }}\"></script>"
                                "{% block scripts %}<script src=\"{{ 'assets/javascripts/bundle.ab12.min.js' | url }}"
                                "\"></script>{% endblock %}"})
    assert csp.lazy_scripts(loader, ["extra.js", "https://cdn.example/x.js"]) == [
        "assets/javascripts/bundle.ab12.min.js", "extra.js"]


def test_built_policy_covers_every_inline_block_of_both_languages(site):
    conf = (site / ".nginx" / "csp.conf").read_text()
    policy = (site / ".nginx" / "csp.txt").read_text().strip()
    nginx_form = policy.replace("https://intranet.example.org/vertrouwenspersoon/", "${vp_origin}${vp_base}")
    assert f'add_header Content-Security-Policy "{nginx_form}" always;' in conf
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
                                       "base-uri 'none'", "form-action 'none'", "img-src 'self' data:",
                                       "script-src https://h.example/sub/assets/javascripts/ 'sha256-x'",
                                       "worker-src https://h.example/sub/assets/javascripts/"])
def test_policy_directives(directive):
    assert directive in csp.policy({"'sha256-x'"}, set(), ["assets/javascripts/"], "https://h.example/sub/").split("; ")


def test_built_policy_names_the_site_url_and_the_nginx_variables(site):
    policy = (site / ".nginx" / "csp.txt").read_text()
    conf = (site / ".nginx" / "csp.conf").read_text()
    assert "script-src https://intranet.example.org/vertrouwenspersoon/assets/javascripts/ " in policy
    assert "script-src ${vp_origin}${vp_base}assets/javascripts/ " in conf
    assert "'self'" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("content", [
    "<p>Text with the word script and <code>&lt;script&gt;</code></p>",
    "<p>An unclosed one</p><SCRIPT\n",
    "<!-- a comment --><p style-guide>x</p>",
])
def test_the_content_check_skips_only_content_without_any_block_start(tmp_path, monkeypatch, content):
    # on_post_page reads the content's tokens only if '<script' or '<style' occurs in it: the same
    # problems as reading every page, for content with and without such a start.
    monkeypatch.setitem(csp._state, "pages", {})
    monkeypatch.setitem(csp._state, "content_problems", {})
    source = tmp_path / "p.md"
    source.write_text("# Title\n\n" + content + "\n")
    output = f"<html><body><article>{content}</article></body></html>"
    csp.on_post_page(output, FakePage(source, content), None)
    found = [p.message for p in csp._state["content_problems"]["p/index.html"]]
    assert found == (["the page has an unclosed <script> or <style> element"] if "SCRIPT" in content else [])


def test_a_template_pattern_matches_exactly_what_its_regex_matches():
    # _Pattern only compiles its regex when the text's start and end already fit: a shortcut, never
    # another answer.
    import random
    import re as regex
    rng = random.Random(7)
    bodies = ["var base = \x00;", "\x00", ":root{--c:\x00}", "a\x00b\x00c", "plain()", "\x00\x00x", "x\x00\x00"]
    alphabet = ["a", "b", "c", "x", "#1f5a8c", "../..", "var base = ", ";", ":root{--c:", "}", " ", "plain()", "'", ""]
    for body in bodies:
        compiled = csp._Pattern(body)
        reference = regex.compile(csp.SAFE_VALUE.join(regex.escape(p) for p in body.split("\x00")), regex.S)
        for _ in range(400):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
            assert compiled.fullmatch(text) == bool(reference.fullmatch(text)), (body, text)
