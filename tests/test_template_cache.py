"""hooks/template_cache.py: a template is compiled once per process, an edited one again, and
environments with other syntax settings never share compiled code."""

from __future__ import annotations

import importlib.util

import jinja2

from support import ROOT


def load_hook():
    spec = importlib.util.spec_from_file_location("template_cache_hook", ROOT / "hooks" / "template_cache.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env(hook, folder, **settings):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **settings)
    return hook.on_env(env, config=None, files=None)


def _compiles(monkeypatch) -> list[str]:
    compiled = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_second_language_pass_reuses_compiled_templates(tmp_path, monkeypatch):
    hook = load_hook()
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>")
    compiled = _compiles(monkeypatch)
    assert _env(hook, tmp_path).get_template("page.html").render(text="nl") == "<p>nl</p>"
    assert _env(hook, tmp_path).get_template("page.html").render(text="en") == "<p>en</p>"
    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    hook = load_hook()
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>")
    compiled = _compiles(monkeypatch)
    _env(hook, tmp_path).get_template("page.html")
    (tmp_path / "page.html").write_text("<div>{{ text }}</div>")
    assert _env(hook, tmp_path).get_template("page.html").render(text="x") == "<div>x</div>"
    assert compiled == ["page.html", "page.html"]


def test_other_syntax_settings_do_not_share_compiled_code(tmp_path, monkeypatch):
    hook = load_hook()
    (tmp_path / "page.html").write_text("{% if true %}\n<p>{{ text }}</p>\n{% endif %}")
    compiled = _compiles(monkeypatch)
    assert _env(hook, tmp_path).get_template("page.html").render(text="a") == "\n<p>a</p>\n"
    assert _env(hook, tmp_path, trim_blocks=True).get_template("page.html").render(text="a") == "<p>a</p>\n"
    assert compiled == ["page.html", "page.html"]
