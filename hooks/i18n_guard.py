"""Fail the build when a page or a menu title exists in one language only.

static-i18n silently falls back to Dutch text under an English label (`<html lang="en">`),
and matches menu translations by title, so a renamed title quietly stays Dutch.
"""

import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from vpgids import i18n  # noqa: E402
from vpgids.problems import ValidationError, display_path  # noqa: E402

log = logging.getLogger("mkdocs.hooks.i18n_guard")


def _nav_title_lines(config_file: Path) -> dict:
    """Line of each nav title in mkdocs.yml, for file:line messages."""
    lines, in_nav = {}, False
    for number, text in enumerate(config_file.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith("nav:"):
            in_nav = True
        elif in_nav and text and not text.startswith((" ", "-", "#")):
            break
        elif in_nav and text.strip().startswith("- ") and ":" in text:
            lines.setdefault(text.strip()[2:].split(":", 1)[0].strip(), number)
    return lines


def on_config(config):
    plugin = i18n.i18n_plugin(config)
    if plugin.current_language not in (None, plugin.default_language):
        return config  # checked once, on the first pass
    default, others = i18n.language_codes(config)
    problems = i18n.missing_twins(Path(config.docs_dir), others)
    config_file = Path(config.config_file_path)
    for language in plugin.config.languages:
        if language.locale != default:
            problems += i18n.untranslated_nav_titles(
                config.nav, language.nav_translations or {}, display_path(config_file),
                _nav_title_lines(config_file))
    if problems and os.environ.get("VP_PREVIEW"):
        # `dev.py serve`: a Dutch page saved before its English twin must not freeze the preview.
        # The preview lists these on every page; the strict build and ./check still fail on them.
        for problem in ValidationError(problems).problems:
            log.warning(str(problem))
    elif problems:
        raise PluginError(str(ValidationError(problems)))
    return config
