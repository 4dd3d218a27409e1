"""List the theme's files without reading Material's 14,500 icons, once per language pass.

Before each language pass MkDocs lists every file in the theme folders, to publish the theme's
static files (Files.add_files_from_theme), and then drops every path with a part that starts with
'.' — Material's .icons folder among them: 14,500 SVG files that Material reads from that folder
itself. Listing those paths and matching each against MkDocs' ~20 patterns took ~85 ms per pass, a
stock build's largest single step after the pages. This hook hands MkDocs' own filter the same
listing without the folders and files whose name starts with '.', which that filter drops anyway,
so the same files are published. Any other caller, or a filter that would keep a dot path (a newer
MkDocs), gets Jinja's full listing.

Build speed only: the output is the same with or without this hook.
"""

from __future__ import annotations

import os

import jinja2

# MkDocs 1.6's filter in Files.add_files_from_theme; anything else gets Jinja's own listing.
MKDOCS_FILTER = "Files.add_files_from_theme.<locals>.filter"
# Paths that filter must refuse for the shortcut to be the same listing: a dot folder or file at
# the top, and one deeper down.
DOT_PROBES = (".icons/material/home.svg", ".hidden", "assets/.cache/x.css", "assets/.x.js")

_stats = {"shortcut": 0, "full": 0}  # for the tests: which listing each call got


def _drops_dot_paths(filter_func) -> bool:
    return (getattr(filter_func, "__qualname__", "") == MKDOCS_FILTER
            and not any(filter_func(path) for path in DOT_PROBES))


def visible_templates(loader: jinja2.FileSystemLoader) -> list[str]:
    """loader.list_templates() without paths that have a part starting with '.' (same order, same form)."""
    found = set()
    for searchpath in loader.searchpath:
        for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for filename in filenames:
                if filename.startswith("."):
                    continue
                template = os.path.join(dirpath, filename)[len(searchpath):].strip(os.path.sep).replace(os.path.sep, "/")
                found.add(template[2:] if template[:2] == "./" else template)
    return sorted(found)


def fast_listing(env: jinja2.Environment) -> jinja2.Environment:
    """Give `env` the shortcut listing for MkDocs' filter (idempotent; other loaders are left alone)."""
    if type(env.loader) is not jinja2.FileSystemLoader or "list_templates" in vars(env):
        return env
    full = env.list_templates

    def list_templates(extensions=None, filter_func=None):
        if extensions is None and filter_func is not None and _drops_dot_paths(filter_func):
            _stats["shortcut"] += 1
            return [name for name in visible_templates(env.loader) if filter_func(name)]
        _stats["full"] += 1
        return full(extensions=extensions, filter_func=filter_func)

    env.list_templates = list_templates
    return env


def on_config(config):
    # MkDocs makes the environment (config.theme.get_env) and lists the theme's files before the
    # first event that is handed the environment, so the theme hands out environments with the
    # shortcut. Each language pass has its own config and theme.
    theme = config.theme
    if "get_env" not in vars(theme):
        make_env = theme.get_env
        theme.get_env = lambda: fast_listing(make_env())
    return config
