"""Overlay the organisation folder on the project (vpgids/orgfolder.py says what is in it): its own pages
join the files and the menu (with their English menu titles), its texts fill the slots in project pages.

The project's mkdocs.yml and docs/ stay untouched, so an organisation never edits a file the project
changes. Problems stop the build as `file:line` lines; `python3 dev.py serve` reports them instead
(VP_PREVIEW), so a half-finished change does not freeze the preview.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids import conventions, orgfolder  # noqa: E402
from vpgids import organisation as org_mod  # noqa: E402
from vpgids.i18n import i18n_plugin  # noqa: E402
from vpgids.problems import ValidationError, display_path  # noqa: E402

log = logging.getLogger("mkdocs.hooks.overlay")
_state: dict = {}


def _fail(problems) -> None:
    error = ValidationError(list(problems))
    if os.environ.get("VP_PREVIEW"):  # the preview shows the page anyway and lists the problem
        for problem in error.problems:
            log.warning(str(problem))
        return
    raise PluginError(f"The organisation folder has problems:\n{error}")


@event_priority(90)  # after hooks/organisation.py (100), before the translation guard and i18n (-100)
def on_config(config, **kwargs):
    if _state.get("config") is config:  # i18n runs on_config again for each language: apply once
        return config
    project_nav = config.nav or []
    try:
        overlay = orgfolder.load(orgfolder.folder(), docs_dir=Path(config.docs_dir),
                                 nav_titles=orgfolder.nav_titles(project_nav))
    except ValidationError as exc:
        _fail(exc.problems)
        overlay = orgfolder.Overlay(folder=orgfolder.folder())
    problems = []
    try:
        organisation = org_mod.load()
        for langs in overlay.slots.values():
            for path in langs.values():
                problems += org_mod.marker_problems(path.read_text(encoding="utf-8"), display_path(path),
                                                    organisation)
    except ValidationError:
        pass  # hooks/organisation.py reports the organisation file's own problems
    if problems:
        _fail(problems)
    _state.update(config=config, overlay=overlay, problems=[])

    config.nav = orgfolder.apply_nav(project_nav, overlay.menu)
    plugin = i18n_plugin(config)
    added = orgfolder.translations(overlay.menu)
    if plugin and added:
        for language in plugin.config.languages:
            if language.locale != plugin.default_language:
                language.nav_translations = {**(language.nav_translations or {}), **added}
    return config


@event_priority(-50)  # before i18n (-100): it only takes pages that live under docs_dir
def on_files(files, config, **kwargs):
    for src_uri in _state["overlay"].pages:
        # Registered as if under docs/, so i18n pairs NAME.md with NAME.en.md; the real path follows below.
        files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav, config, files, **kwargs):
    # After i18n made its own File objects (on_files, -100) and before any page is read: point them
    # at the organisation's files.
    pages = _state["overlay"].pages
    for file in files:
        if file.src_uri in pages:
            file.abs_src_path = str(pages[file.src_uri])
    return nav


@event_priority(90)  # before other hooks read the Markdown: the slot text is part of the page
def on_page_markdown(markdown, page, config, files, **kwargs):
    lang = getattr(page.file, "locale", None) or config.theme.get("language", "nl")
    markdown = orgfolder.fill_slots(markdown, _state["overlay"], lang)
    # Tabs and task lists would show as literal text: stop with the line (the page as written, and slots).
    if page.file.abs_src_path:
        path = Path(page.file.abs_src_path)
        _state["problems"] += conventions.problems(path.read_text(encoding="utf-8"), display_path(path))
    return markdown


def on_env(env, config, files, **kwargs):
    found = sorted(set(_state.pop("problems", [])))
    for langs in _state["overlay"].slots.values():
        for path in langs.values():
            found += conventions.problems(path.read_text(encoding="utf-8"), display_path(path))
    _state["problems"] = []
    if found:
        _fail(found)
    return env


def on_serve(server, config, builder, **kwargs):
    server.watch(str(_state["overlay"].folder))
    return server
