"""The organisation folder: everything an organisation owns, in one folder the project never ships
changes into, so that pulling a new project version never conflicts and never brings example data back.

    organisation/                    at the top of the repository (VP_ORGANISATION=DIR selects another)
      organisation.yml               settings and contacts (validated by vpgids.organisation)
      logo-ours.svg                  any name; `logo:` in organisation.yml names it
      menu.yml                       own pages in the menu (title in nl and en, page, optional after:)
      pages/NAME.md + NAME.en.md     own pages, in both languages
      slots/SLOT.md + SLOT.en.md     own text for the places `<!-- vp-slot: SLOT -->` in project pages
      woordenlijst.txt               own spelling words, one per line

Without an organisation folder the project's fictional example (examples/organisation/) is used, so a
fresh clone shows a complete site. The build overlays the folder (hooks/overlay.py); the editors'
check validates it with `check(root)`. Plain functions: load, apply to a nav, fill slots.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import content_gate, entries
from .problems import Problem, ValidationError, display_path
from .yamlfile import load as load_yaml

ROOT = Path(__file__).resolve().parent.parent
OWN_FOLDER = "organisation"  # an organisation's own folder at the top of its repository
EXAMPLE_FOLDER = Path("examples") / "organisation"
SETTINGS = "organisation.yml"
MENU = "menu.yml"
PAGES = "pages"
SLOTS = "slots"
WORDS = "woordenlijst.txt"
LANGS = ("nl", "en")
# A place in a project page where an organisation's own text goes; nothing is shown when it has none.
SLOT_RE = re.compile(r"^(?P<indent>[ \t]*)<!--\s*vp-slot:\s*(?P<name>[^\s>]*)\s*-->[ \t]*$", re.M)
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MENU_KEYS = ("title", "page", "after")

MENU_TEXT = entries.TextWords(
    not_a_map=entries.Words("the {what} must be text in Dutch and English",
                            "write it as two lines under '{key}:': 'nl: …' and 'en: …'"),
    unknown_language=entries.Words("unknown language '{lang}' in the {what}", "use 'nl' (Dutch) and 'en' (English)"),
    missing=entries.Words("the {what} has no {language} text", "add '{lang}: …' under '{key}:'"),
    not_text=entries.Words("the {what} ({lang}) must be text", "put the text in quotes"),
)
NOT_AN_ENTRY = entries.Words("menu entry {n} is not a list of fields",
                             "write each entry as '- title: …' with 'page:' under it")


def folder(root: Path = ROOT) -> Path:
    """The organisation folder in use: $VP_ORGANISATION; else the folder of $ORGANISATION_FILE (older
    set-ups); else organisation/ at the top of `root`; else the fictional example organisation."""
    chosen = os.environ.get("VP_ORGANISATION")
    if chosen:
        return _absolute(chosen)
    legacy = os.environ.get("ORGANISATION_FILE")
    if legacy:
        return _absolute(legacy).parent
    own = Path(root) / OWN_FOLDER
    if (own / SETTINGS).exists():
        return own
    if (Path(root) / SETTINGS).exists():  # set-ups from before the folder: organisation.yml at the top
        return Path(root)
    return Path(root) / EXAMPLE_FOLDER


def settings_file(root: Path = ROOT) -> Path:
    """organisation.yml of the folder in use ($ORGANISATION_FILE names another file directly)."""
    legacy = os.environ.get("ORGANISATION_FILE")
    if legacy and not os.environ.get("VP_ORGANISATION"):
        return _absolute(legacy)
    return folder(root) / SETTINGS


def _absolute(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else Path.cwd() / path


@dataclass(frozen=True)
class MenuEntry:
    title: dict[str, str]
    page: str           # src_uri of the Dutch page, e.g. klachtenregeling.md
    after: str | None   # Dutch title of the project menu entry it follows; None: at the end
    line: int


@dataclass(frozen=True)
class Overlay:
    folder: Path
    pages: dict[str, Path] = field(default_factory=dict)          # src_uri -> file (both languages)
    menu: tuple[MenuEntry, ...] = ()
    slots: dict[str, dict[str, Path]] = field(default_factory=dict)  # slot -> language -> file
    words: Path | None = None
    warnings: tuple[Problem, ...] = ()  # reported by ./check, never a reason to stop a build

    def slot_text(self, name: str, lang: str) -> str:
        path = self.slots.get(name, {}).get(lang)
        return path.read_text(encoding="utf-8").strip("\n") if path else ""


def _language(path: Path) -> str:
    return "en" if path.name.endswith(".en.md") else "nl"


def _twin(path: Path) -> Path:
    return path.with_name(path.name[:-len(".en.md")] + ".md") if _language(path) == "en" \
        else path.with_name(path.name[:-len(".md")] + ".en.md")


def _twins(files: list[Path], base: Path, what: str, problem) -> None:
    for path in files:
        if not _twin(path).exists():
            other = "English" if _language(path) == "nl" else "Dutch"
            problem(display_path(path), 1, f"this {what} has no {other} twin ({_twin(path).name})",
                    f"add {display_path(_twin(path))} with the same text in {other}")


def slot_names(docs_dir: Path) -> dict[str, list[str]]:
    """Slot name -> project pages (docs/…) that have the marker."""
    found: dict[str, list[str]] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        if "_data" in page.relative_to(docs_dir).parts:
            continue
        for match in SLOT_RE.finditer(page.read_text(encoding="utf-8")):
            found.setdefault(match["name"], []).append(display_path(page))
    return found


def load(where: Path | None = None, *, docs_dir: Path | None = None, nav_titles: set[str] | None = None) -> Overlay:
    """Read and validate the folder's own pages, menu, slots and words; raise ValidationError with every
    problem. `nav_titles` are the project's (Dutch) menu titles, for `after:`; `docs_dir` the project pages."""
    where = Path(where) if where else folder()
    docs_dir = docs_dir or ROOT / "docs"
    if not where.is_dir():
        raise ValidationError([Problem(display_path(where), 0, "the organisation folder does not exist",
                                       "check VP_ORGANISATION (or --organisation): it names a folder with "
                                       "organisation.yml in it")])
    problems: list[Problem] = []
    warnings: list[Problem] = []

    def problem(file, line, message, fix, severity="error"):
        (problems if severity == "error" else warnings).append(Problem(file, line, message, fix, severity))

    pages: dict[str, Path] = {}
    pages_dir = where / PAGES
    if pages_dir.is_dir():
        files = sorted(p for p in pages_dir.rglob("*.md") if p.is_file())
        _twins(files, pages_dir, "page", problem)
        for path in files:
            src_uri = path.relative_to(pages_dir).as_posix()
            if (docs_dir / src_uri).exists():
                problem(display_path(path), 1, f"the project already has a page {src_uri}",
                        "give your own page another file name (your page cannot replace a project page; "
                        "add your text to one of its slots instead)")
            pages[src_uri] = path

    menu = tuple(_menu(where / MENU, pages, nav_titles, problem)) if (where / MENU).exists() else ()
    in_menu = {entry.page for entry in menu}
    for src_uri, path in pages.items():
        if _language(path) == "nl" and src_uri not in in_menu:
            problem(display_path(path), 1, "this page is not in the menu",
                    f"add an entry for '{src_uri}' to {display_path(where / MENU)} (title in nl and en)")

    slots: dict[str, dict[str, Path]] = {}
    slots_dir = where / SLOTS
    if slots_dir.is_dir():
        files = sorted(p for p in slots_dir.glob("*.md") if p.is_file())
        _twins(files, slots_dir, "slot text", problem)
        known = slot_names(docs_dir)
        for path in files:
            name = path.name[:-len(".en.md")] if _language(path) == "en" else path.stem
            if name not in known:
                names = ", ".join(sorted(known)) or "none"
                problem(display_path(path), 1, f"the project pages have no place called '{name}'",
                        f"rename the file to one of the places: {names}")
                continue
            slots.setdefault(name, {})[_language(path)] = path

    words = where / WORDS
    if problems:
        raise ValidationError(problems)
    return Overlay(folder=where, pages=pages, menu=menu, slots=slots, words=words if words.is_file() else None,
                   warnings=tuple(warnings))


def _menu(path: Path, pages: dict[str, Path], nav_titles, problem) -> list[MenuEntry]:
    shown = display_path(path)
    data = load_yaml(path)
    report = lambda line, message, fix, severity="error": problem(shown, line, message, fix, severity)  # noqa: E731
    if data is None:
        return []
    if not isinstance(data, list):
        report(1, "menu.yml must be a list of menu entries", "start every entry with '- title:'")
        return []
    def plain_title(text, at, lang):  # the theme prints menu titles unescaped, also in <title>
        markup = content_gate.MARKUP_IN_TEXT.search(text)
        if markup:
            report(at, f"the menu title ({lang}) contains '{markup.group(0)}': the menu is on every page, where "
                   "markup could run a program", "write the title as plain text, without < > and &…;")

    found = []
    for _, line, item in entries.mappings(data, report, NOT_AN_ENTRY):
        entries.unknown_keys(item, MENU_KEYS, report)
        title = entries.text_map(item["title"], item.lines["title"], MENU_TEXT, report, plain_title, key="title",
                                 what="menu title") if "title" in item else None
        if "title" not in item:
            report(line, "this menu entry has no title", "add 'title:' with 'nl:' and 'en:'")
        page = item.get("page")
        if not isinstance(page, str) or not page:
            report(item.lines.get("page", line), "this menu entry names no page",
                   "add 'page: NAME.md' (a file in pages/)")
            page = None
        elif page not in pages or page.endswith(".en.md"):
            known = ", ".join(p for p in pages if not p.endswith(".en.md")) or "none yet"
            report(item.lines["page"], f"there is no page '{page}' in pages/",
                   f"use the Dutch page's file name (known: {known})")
            page = None
        after = item.get("after")
        if after is not None and not isinstance(after, str):
            report(item.lines["after"], "'after:' must be the Dutch title of a menu entry",
                   "write the title as the site shows it, e.g. after: Contact")
            after = None
        elif after is not None and nav_titles is not None and after not in nav_titles:
            # A project update may rename a menu entry: the page then goes at the end, and the build goes on.
            report(item.lines["after"], f"the menu has no entry '{after}' (any more), so this page is at the end "
                   "of the menu", "use the Dutch title of a menu entry exactly as the site shows it, or remove "
                   "'after:'", "warning")
            after = None
        if title and len(title) == len(LANGS) and page:
            found.append(MenuEntry(title=title, page=page, after=after, line=line))
    return found


# --------------------------------------------------------------------------- applying it to a build


def nav_titles(nav) -> set[str]:
    titles: set[str] = set()
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.add(str(title))
                if isinstance(value, list):
                    titles |= nav_titles(value)
    return titles


def apply_nav(nav: list, menu: tuple[MenuEntry, ...]) -> list:
    """A copy of the project's nav (mkdocs.yml) with the organisation's entries inserted."""
    result = _copy(nav)
    for entry in menu:
        item = {entry.title["nl"]: entry.page}
        if entry.after is None or not _insert_after(result, entry.after, item):
            result.append(item)
    return result


def _copy(nav):
    return [{k: _copy(v) if isinstance(v, list) else v for k, v in item.items()} if isinstance(item, dict) else item
            for item in nav]


def _insert_after(items: list, title: str, new: dict) -> bool:
    for index, item in enumerate(items):
        if isinstance(item, dict):
            if title in item:
                items.insert(index + 1, new)
                return True
            for value in item.values():
                if isinstance(value, list) and _insert_after(value, title, new):
                    return True
    return False


def translations(menu: tuple[MenuEntry, ...]) -> dict[str, str]:
    return {entry.title["nl"]: entry.title["en"] for entry in menu}


def fill_slots(markdown: str, overlay: Overlay, lang: str) -> str:
    """Each slot marker replaced by the organisation's text in `lang` (indented like the marker, so a
    slot inside an admonition stays inside it); a slot without text leaves nothing behind."""
    def one(match):
        text = overlay.slot_text(match["name"], lang)
        indent = match["indent"]
        return "\n".join(indent + line if line.strip() else "" for line in text.splitlines())
    return SLOT_RE.sub(one, markdown)


def text_files(where: Path, *, pages_only: bool = False) -> list[Path]:
    """The folder's own pages and slot texts (for spelling, dates and readability), valid or not."""
    pages = sorted(p for p in (where / PAGES).rglob("*.md") if p.is_file())
    return pages if pages_only else pages + sorted(p for p in (where / SLOTS).glob("*.md") if p.is_file())


def check(root: Path) -> list[Problem]:
    """For the editors' check: every problem in the organisation folder (pages, menu, slots)."""
    from .buildlog import docs_dir as project_docs
    import yaml

    config = root / "mkdocs.yml"
    nav = None
    if config.exists():
        class Loader(yaml.SafeLoader):  # mkdocs.yml uses !ENV and !!python/name tags: ignore their values
            pass
        Loader.add_multi_constructor("", lambda loader, suffix, node: None)
        nav = (yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}).get("nav")
    if not folder(root).is_dir() and not os.environ.get("VP_ORGANISATION"):
        return []  # a project without any organisation folder (test fixtures): nothing to overlay
    try:
        overlay = load(folder(root), docs_dir=project_docs(root), nav_titles=nav_titles(nav) if nav else None)
    except ValidationError as exc:
        return list(exc.problems)
    return list(overlay.warnings)


__all__ = ["folder", "settings_file", "load", "Overlay", "MenuEntry", "apply_nav", "translations",
           "fill_slots", "check", "text_files", "SLOT_RE"]
