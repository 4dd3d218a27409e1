"""hooks/theme_files.py: MkDocs publishes exactly the same theme files with the shortcut listing as
with Jinja's full one, the shortcut is what MkDocs' own filter gets, and anything else gets the
full listing."""

from __future__ import annotations

import importlib.util
import os

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from support import ROOT


def load_hook():
    spec = importlib.util.spec_from_file_location("theme_files_hook", ROOT / "hooks" / "theme_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _published(config, env) -> list[str]:
    files = Files([])
    files.add_files_from_theme(env, config)  # MkDocs' own code, with its own filter
    return sorted(f.src_uri for f in files)


def _config(custom_dir=None):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    if custom_dir is not None:  # a fixture theme folder in front of Material, as custom_dir is
        config.theme.dirs.insert(0, str(custom_dir))
    return config


def test_the_project_theme_publishes_the_same_files_with_the_shortcut():
    hook = load_hook()
    config = _config()
    full = _published(config, config.theme.get_env())
    hook.on_config(config)
    assert _published(config, config.theme.get_env()) == full
    assert hook._stats == {"shortcut": 1, "full": 0}
    assert "components/quick-exit/quick-exit.js" in full and not any("/." in f or f.startswith(".") for f in full)


def test_dot_folders_and_files_at_any_depth_are_left_out_as_mkdocs_leaves_them_out(tmp_path):
    hook = load_hook()
    for path in ("keep.css", "assets/keep.js", ".hidden/drop.css", "assets/.cache/drop.js",
                 "assets/.drop.css", "deep/er/.git/config", "deep/er/keep.svg"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    config = _config(tmp_path)
    full = _published(config, config.theme.get_env())
    hook.on_config(config)
    fast = _published(config, config.theme.get_env())
    assert fast == full
    assert {"keep.css", "assets/keep.js", "deep/er/keep.svg"} <= set(fast)
    assert hook._stats["shortcut"] == 1


def test_other_callers_and_other_filters_get_the_full_listing(tmp_path):
    hook = load_hook()
    (tmp_path / ".icons").mkdir()
    (tmp_path / ".icons" / "a.svg").write_text("<svg/>")
    (tmp_path / "b.html").write_text("b")
    env = hook.fast_listing(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))))
    assert env.list_templates() == [".icons/a.svg", "b.html"]
    assert env.list_templates(filter_func=lambda name: True) == [".icons/a.svg", "b.html"]
    assert env.list_templates(extensions=["svg"]) == [".icons/a.svg"]

    def filter(name):  # same name as MkDocs' filter, but keeps dot paths: a newer MkDocs might
        return True

    filter.__qualname__ = hook.MKDOCS_FILTER
    assert env.list_templates(filter_func=filter) == [".icons/a.svg", "b.html"]
    assert hook._stats == {"shortcut": 0, "full": 4}


def test_a_theme_with_another_loader_is_left_alone():
    hook = load_hook()
    env = jinja2.Environment(loader=jinja2.DictLoader({".x": "", "y": ""}))
    assert hook.fast_listing(env) is env and "list_templates" not in vars(env)
