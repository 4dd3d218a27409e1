"""Content is data, never code: refuse what could run, redirect, leak or hide the quick exit.

The rules live in vpgids.content_gate (the editor check uses them too); this hook only feeds it
each page's source and rendered HTML, the files under docs/ and the data files, and fails the
build once, with every problem at its source file and line. It also hands the theme escaped copies
of the values Material prints without escaping (site name, page title and description, edit link).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids import content_gate as gate  # noqa: E402
from vpgids import orgfolder  # noqa: E402
from vpgids import yamlfile  # noqa: E402
from vpgids.i18n import nested_pass  # noqa: E402
from vpgids.organisation import site_url_problem  # noqa: E402
from vpgids.mdtext import front_matter_lines  # noqa: E402
from vpgids.problems import Problem, ValidationError, display_path  # noqa: E402

_state: dict = {"problems": set()}


def _today() -> dt.date:
    return dt.date.today()


@event_priority(90)  # after hooks/organisation.py (100) has chosen the site's address
def on_config(config, **kwargs):
    """The site's own address ends up in every canonical link and the sitemap: https, nothing after it."""
    url = config.site_url
    if not url:
        return config
    reason = site_url_problem(str(url))
    if reason:
        mkdocs_yml = Path(config.config_file_path or "mkdocs.yml")
        lines = mkdocs_yml.read_text(encoding="utf-8").split("\n") if mkdocs_yml.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_url:")), 0)
        source = ("the environment variable SITE_URL" if os.environ.get("SITE_URL") else
                  "site_url")
        raise PluginError(str(ValidationError([Problem(
            display_path(mkdocs_yml), line, f"the site's address '{url}' (from {source}) cannot be used: {reason}",
            "set the address where the site is published, e.g. SITE_URL=https://intranet.example.org/vertrouwenspersoon/")])))
    return config


@event_priority(100)  # before other hooks add their own (escaped) HTML to the data
def on_pre_build(config, **kwargs):
    problems = _state["problems"] = set()
    if nested_pass(config):
        return  # the default language's pass checked the same files, and on_env failed on any problem
    docs = Path(config.docs_dir)
    problems.update(gate.docs_problems(docs, display_path(docs)))
    own = orgfolder.folder()
    problems.update(gate.organisation_folder_problems(own))
    for path in orgfolder.text_files(own):  # slot texts are read into project pages, not as pages
        if not path.is_symlink():
            problems.update(gate.source_problems(path.read_text(encoding="utf-8"), display_path(path), _today()))
    for path in sorted((docs / "_data").glob("*.yml")):
        if path.name in gate.OWN_DATE_RULES:
            continue
        try:
            data = yamlfile.load(path)
        except ValidationError:
            continue  # the file's own validator reports it, with its line
        problems.update(gate.data_future_dates(data, display_path(path), _today()))


def _slot_texts(source: str) -> list[tuple[str, str]]:
    """(text, file) of the organisation's slot texts this page takes in (hooks/overlay.py puts them in)."""
    names = sorted({m["name"] for m in orgfolder.SLOT_RE.finditer(source)})
    if not names:
        return []
    slots = orgfolder.folder() / orgfolder.SLOTS
    found = []
    for name in names:
        for path in (slots / f"{name}.md", slots / f"{name}.en.md"):
            if path.is_file() and not path.is_symlink():
                found.append((path.read_text(encoding="utf-8"), display_path(path)))
    return found


def _source(page) -> tuple[str, str] | None:
    path = page.file.abs_src_path
    if page.file.generated_by or not path or not Path(path).is_file():
        return None
    return Path(path).read_text(encoding="utf-8"), display_path(path)


@event_priority(100)  # the page as the editor wrote it, before other hooks add to it
def on_page_markdown(markdown, page, config, files, **kwargs):
    found = _source(page)
    if not found:
        return markdown
    source, shown = found
    problems = gate.source_problems(source, shown, _today())
    # MkDocs' own reading of the settings, which also takes old "Key: value" lines without ---.
    problems += gate.meta_problems(page.meta, front_matter_lines(source), shown)
    _state["problems"].update(problems)
    return markdown


@event_priority(100)  # the Markdown's own HTML, before the hooks that render data into it
def on_page_content(html, page, config, files, **kwargs):
    found = _source(page)
    if found:
        source, shown = found
        _state["problems"].update(gate.page_problems(source, html, shown, _slot_texts(source)))
        heading = next((n for n, line in enumerate(gate.code_free_lines(source), 1) if line.startswith("# ")),
                       front_matter_lines(source).get("title", 1))
        _state["problems"].update(gate.title_problem(page.title, shown, heading))
    else:  # a page a hook makes from a data file (the routing tree): its HTML obeys the same rules
        shown = page.file.src_uri
        _state["problems"].update(Problem(shown, 0, f.message, f.fix) for f in gate.refused(html))
    return html


def on_env(env, config, files, **kwargs):
    # Every page has been read and rendered by now: fail once, with all problems.
    if _state["problems"]:
        raise PluginError(str(ValidationError(sorted(_state["problems"]))))
    # Material prints the site name unescaped; hooks/organisation.py has added the organisation's name.
    _state["site_name"] = str(config.site_name)
    config.site_name = gate.escape(config.site_name)
    return env


@event_priority(100)  # before static-i18n (-100) builds the next language from this config
def on_post_build(config, **kwargs):
    # static-i18n only accepts a plain str as site_name; the escaped copy served the templates.
    if "site_name" in _state:
        config.site_name = _state.pop("site_name")


@event_priority(-100)  # after the search index has the plain text, before the theme prints it
def on_page_context(context, page, config, nav, **kwargs):
    for key in gate.PRINTED_META:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = gate.escape(page.meta[key])
    if page.edit_url:
        page.edit_url = gate.escape(page.edit_url)
    return context
