"""Quick exit ("Snel weg"): check its words and its destination once, hand both to the template.

The button is on every page, so a missing translation or an unsafe destination must stop the
build with a message an editor can act on, instead of showing an empty or dangerous button.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from vpgids.organisation import organisation_path, url_problem  # noqa: E402
from vpgids.problems import Problem, ValidationError, display_path  # noqa: E402
from vpgids.yamlfile import line_at, line_of, load  # noqa: E402

UNSAFE_WORDS = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")

TEXT_FILE = "quick-exit.yml"  # in docs/_data/
# key -> what it is for, shown when it is missing.
KEYS = {
    "label": "the text on the button",
    "skip_link": "the text of the hidden link right after 'skip to content'",
    "press_two": "what a screen reader says after the first Shift press",
    "press_one": "what a screen reader says after the second Shift press",
    "expired": "what a screen reader says when the Shift presses were too slow",
    "safety_link": "the footer link to the page 'Veilig browsen'",
    "help_link": "the hidden link on the home page to 'Waar kan ik terecht?', right after the quick exit's",
}
SAFETY_SLUG = "veilig-browsen"  # the page that explains the button; its URL is kept stable
HELP_SLUG = "waar-kan-ik-terecht"  # the routing tree's start page (components/skip-link)


def languages(config) -> tuple[list[str], str]:
    """The site's languages and the default one (served at the root, without a prefix)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        language = config.theme["language"]
        return [language], language
    locales = [lang.locale for lang in i18n.config.languages]
    default = next((lang.locale for lang in i18n.config.languages if lang.default), locales[0])
    return locales, default


def check_text(data, path: str, locales: list[str]) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(path, line_of(data), "the file must list the languages (nl:, en:) with their words",
                        "start each language on its own line, e.g. 'nl:'")]
    problems = []
    for locale in locales:
        words = data.get(locale)
        if not isinstance(words, dict):
            problems.append(Problem(path, data.lines.get(locale, 1) if locale in data else 1,
                                    f"the language '{locale}' has no words for the quick-exit button",
                                    f"add '{locale}:' with the keys {', '.join(KEYS)}"))
            continue
        for key, purpose in KEYS.items():
            value = words.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(path, words.lines.get(key, words.line), f"'{locale}' has no '{key}' ({purpose})",
                                        f"add '{key}: ...' under '{locale}:'"))
            elif UNSAFE_WORDS.search(value):  # printed on every page, in text and in attributes
                at = UNSAFE_WORDS.search(value)
                problems.append(Problem(path, line_at(value, at.start(), words.lines.get(key, words.line)),
                                        f"'{locale}' '{key}' contains "
                                        + (f"'{at.group(0)}'" if at.group(0) in "<>" else "a control character")
                                        + ": these words are on every page, where markup could hide the button",
                                        "write plain text, without < and >"))
        for key in words:
            if key not in KEYS:
                problems.append(Problem(path, words.lines[key], f"'{locale}' has an unknown key '{key}'",
                                        f"use only {', '.join(KEYS)} (check the spelling)"))
    for locale in data:
        if locale not in locales:
            problems.append(Problem(path, data.lines[locale], f"'{locale}' is not a language of this site",
                                    f"use one of {', '.join(locales)}"))
    return problems


def destination(config) -> tuple[str, str]:
    """The organisation file's neutral page (hooks/organisation.py puts it in config.extra, with a
    default when the file sets none); `extra.quick_exit_url` only serves a build without that hook."""
    organisation = config.extra.get("organisation") or {}
    if isinstance(organisation, dict) and organisation.get("quick_exit_url"):
        return str(organisation["quick_exit_url"]), display_path(organisation_path())
    return str(config.extra.get("quick_exit_url") or ""), display_path(getattr(config, "config_file_path", None)
                                                                        or "mkdocs.yml")


def _line_of(shown: str, key: str) -> int:
    """The line that sets `key` in the file named `shown` (0 when it is not there)."""
    path = Path(shown) if Path(shown).is_absolute() else Path(__file__).resolve().parent.parent / shown
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return 0
    return next((n for n, text in enumerate(lines, 1) if re.match(rf"^\s*{key}\s*:", text)), 0)


def check_destination(url: str, where: str, line: int = 0) -> list[Problem]:
    """The same strict rules as organisation.yml's quick_exit_url: https, and nothing that could end
    the href="…" it is printed in (a quote, '>', a space), add target="_blank" or hide the host."""
    reason = url_problem(url, ("https",))
    if reason:
        said = "" if reason == "scheme" else f" ({reason})"
        return [Problem(where, line, f"the quick-exit address '{url}' is not a full https:// web address{said}",
                        "use a neutral public page, e.g. https://www.buienradar.nl/")]
    return []


@event_priority(-160)  # after hooks/organisation.py (-150), which fills config.extra.organisation
def on_config(config):
    locales, default = languages(config)
    path = Path(config.docs_dir) / "_data" / TEXT_FILE
    shown = display_path(path)
    try:
        data = load(path)
        problems = check_text(data, shown, locales)
    except ValidationError as exc:
        problems, data = list(exc.problems), {}
    url, where = destination(config)
    problems += check_destination(url, where, _line_of(where, "quick_exit_url"))
    if problems:
        raise PluginError(str(ValidationError(problems)))
    page = SAFETY_SLUG + ("/" if config.use_directory_urls else ".html")
    help_page = HELP_SLUG + ("/" if config.use_directory_urls else "/index.html")  # a section's index page
    config.extra["quick_exit"] = {
        "url": url,
        "text": {locale: {key: str(data[locale][key]).strip() for key in KEYS} for locale in locales},
        # Site-root-relative links to the explanation page and the routing tree in each language;
        # the templates apply `url`.
        "safety_page": {locale: (page if locale == default else f"{locale}/{page}") for locale in locales},
        "help_page": {locale: (help_page if locale == default else f"{locale}/{help_page}") for locale in locales},
        "default": default,
    }
    return config
