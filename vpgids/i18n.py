"""Small facts about the two languages that several hooks and checks need."""

from __future__ import annotations

import posixpath
from pathlib import Path

from .problems import Problem, display_path


def i18n_plugin(config):
    try:
        return config.plugins["i18n"]
    except KeyError:
        raise RuntimeError("mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)") from None


def nested_pass(config) -> bool:
    """True while static-i18n builds a further language inside the default language's build. The
    default pass has then already checked the same files moments before, and failed the build on any
    problem, so a hook may keep what it loaded then instead of loading and checking it again."""
    plugin = config.plugins.get("i18n")
    return bool(plugin and plugin.building)


def language_codes(config) -> tuple[str, list[str]]:
    """The default language and the others, from mkdocs.yml's i18n settings."""
    plugin = i18n_plugin(config)
    default = plugin.default_language
    others = [lang.locale for lang in plugin.config.languages if lang.locale != default]
    return default, others


def url_language(url: str, default: str, others: list[str]) -> str:
    """Language of a site-relative URL such as 'en/contact/' or 'contact/'."""
    first = url.lstrip("/").split("/", 1)[0]
    return first if first in others else default


def twin_url(url: str, target: str, default: str, others: list[str]) -> str:
    """Site-relative URL of the same page in another language ('contact/' -> 'en/contact/')."""
    url = url.lstrip("/")
    source = url_language(url, default, others)
    if source != default:
        url = url[len(source) + 1:]
    return url if target == default else f"{target}/{url}"


def relative_url(target: str, page_url: str) -> str:
    """Relative link from a page at page_url ('en/contact/') to target ('contact/'): '../../contact/'."""
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    rel = posixpath.relpath("/" + target, "/" + page_dir)
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/"
    return "./" if rel in (".", "./") else rel


def missing_twins(docs_dir: Path, languages: list[str], excluded: tuple[str, ...] = ("_data",)) -> list[Problem]:
    """Every page must exist in every language: x.md needs x.en.md and the other way round."""
    problems = []
    suffixes = tuple(f".{lang}.md" for lang in languages)
    for path in sorted(Path(docs_dir).rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if rel.parts[0] in excluded:
            continue
        name = path.name
        shown = display_path(path)
        if name.endswith(suffixes):
            lang = name.rsplit(".", 2)[-2]
            original = path.with_name(name[: -len(f".{lang}.md")] + ".md")
            if not original.exists():
                problems.append(Problem(shown, 1, f"there is no Dutch page {original.name} for this {lang} page",
                                        f"add {display_path(original)} or remove this file"))
        else:
            for lang in languages:
                twin = path.with_name(path.stem + f".{lang}.md")
                if not twin.exists():
                    problems.append(Problem(shown, 1, f"this page has no '{lang}' translation",
                                            f"add {display_path(twin)} with the translated text"))
    return problems


def untranslated_nav_titles(nav, translations: dict, config_file: str, lines: dict | None = None) -> list[Problem]:
    """Every Dutch nav title needs an entry in the language's nav_translations (matched by title)."""
    problems = []

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                for title, value in item.items():
                    if title not in translations:
                        line = (lines or {}).get(title, 0)
                        problems.append(Problem(config_file, line, f"the menu title '{title}' has no translation",
                                                f"add '{title}: <translation>' under nav_translations in {config_file}"))
                    if isinstance(value, list):
                        walk(value)

    walk(nav)
    return problems
