"""The routing tree "Waar kan ik terecht?": validate the data, generate one page per step per language,
and fill the start and overview pages.

Step pages are generated with File.generated at priority -200, after the i18n plugin's on_files
(-100): generated earlier, i18n crashes on them (stack.md §5). We give them the attributes i18n
sets on real files, so they get the right <html lang>, a language switch to their twin and search
entries, and mark them NOT_IN_NAV so they stay out of the sidebar without a strict-mode warning.

Step pages are most of the site's pages, so they are kept cheap to build (issue #8's build cost):
their page settings go to `page.meta` directly (on_page_markdown) instead of through YAML front
matter, and the contact and helpline cards, which are finished HTML, are put in after Markdown
(on_page_content), as hooks/organisation.py does with its contact cards: Markdown would only parse
them twice (md_in_html, and MkDocs looking for ids) to pass them through unchanged.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from vpgids import helplines as helplines_module  # noqa: E402
from vpgids import organisation, routing  # noqa: E402
from vpgids.problems import ValidationError  # noqa: E402

TEMPLATE = "components/routing-step/routing-step.html"
START_MARKER = "<!-- routing:start -->"
OVERVIEW_MARKER = "<!-- routing:overview -->"
CARDS_MARKER = re.compile(r"<!-- routing:cards (\d+) -->")
ANCHOR_ID = re.compile(r'\sid="([^"]+)"')

_state: dict = {}


def _sources(data_dir: Path):
    """Known roles, the organisation, the helplines. A source whose own file is invalid is left
    out here: its own hook (which runs earlier) reports its problems, once."""
    try:
        org = organisation.load()  # honours ORGANISATION_FILE, like the organisation hook
    except ValidationError:
        org = None
    try:
        lines = helplines_module.load(data_dir / "helplines.yml")
    except ValidationError:
        lines = None
    return set(organisation.ROLES), org, lines


def _cards_marker(html: str) -> str:
    """Stand-in for finished HTML in a step page's Markdown; on_page_content puts the HTML back."""
    cards = _state["cards"]
    cards.append(html)
    return f"<!-- routing:cards {len(cards) - 1} -->"


def _render_contacts(contacts, lang):
    org = _state["organisation"]
    return _cards_marker(organisation.render_contacts(org, lang, contacts=contacts, heading_level=3))


def _render_helplines(items, lang):
    return _cards_marker(helplines_module.render_directory(items, lang, heading_level=3))


@event_priority(-160)  # after the organisation hook's on_config (-150): its errors come first, once
def on_config(config):
    data_dir = Path(config.docs_dir) / "_data"
    roles, org, lines = _sources(data_dir)
    contacts = list(org.contacts) if org is not None else None
    try:
        tree = routing.load(data_dir / "routing.yml", roles=roles, contacts=contacts,
                            helpline_ids=set(lines) if lines is not None else None,
                            docs_dir=Path(config.docs_dir))
    except ValidationError as exc:
        raise PluginError(str(exc)) from None
    _state.update(tree=tree, steps=routing.unfold(tree), organisation=org, contacts=contacts or [],
                  helplines=lines or {})
    return config


def _languages(config):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "nl", "nl", ["nl"]
    return i18n.current_language, i18n.default_language, list(i18n.build_languages)


def _src_uri(step, lang, default):
    suffix = "" if lang == default else f".{lang}"
    return f"{routing.SECTION}/{step.slug}{suffix}.md"


def _url(step, lang, default):
    prefix = "" if lang == default else f"{lang}/"
    return f"{prefix}{routing.SECTION}/{step.slug}/"


def _page_url(name, lang, default):
    prefix = "" if lang == default else f"{lang}/"
    return f"{prefix}{routing.SECTION}/{name}"


def _read_more_title(docs_dir: Path, page: str, lang: str, default: str) -> str:
    """The linked page's own first heading, so the link text matches what the reader will see."""
    path = docs_dir / page
    if lang != default and path.with_suffix(f".{lang}.md").is_file():
        path = path.with_suffix(f".{lang}.md")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page


def _step_page(step, lang, default, config) -> tuple[dict, str]:
    """The step page's settings (page.meta) and its Markdown."""
    node, t = step.node, routing.LABELS[lang]
    here = _url(step, lang, default)

    def rel(target_url):
        return get_relative_url(target_url, here)

    steps = _state["steps"]
    if step.parent is None:
        back = {"text": t["back_to_start"], "href": rel(_page_url("", lang, default))}
    else:
        back = {"text": t["previous"], "href": rel(_url(step.parent, lang, default))}
    meta = {
        "routing": {
            "kind": "question" if node.is_question else "outcome",
            "label": routing.page_title(step, lang).split(" – ")[0],
            "back": back,
            "overview": {"text": t["overview"], "href": rel(_page_url("overzicht/", lang, default))},
            "answers_label": t["answers"],
            "actions_label": t["actions"],
            "or": t["or"],
        },
        "title": routing.page_title(step, lang),
        "description": t["question_description" if node.is_question else "result_description"],
        "reviewed": _state["tree"].reviewed,
        "template": TEMPLATE,
        "hide": ["navigation", "toc"],
    }
    if step.parent is not None:
        meta["routing"]["restart"] = {"text": t["restart"], "href": rel(_url(steps[0], lang, default))}
    if node.is_question or not step.canonical:
        meta["search"] = {"exclude": True}  # questions are signposts; one copy of each outcome is enough
    if node.is_question:
        answers = [{"id": a.id, "text": a.text[lang], "href": rel(_url(child, lang, default))}
                   for a, child in step.children]
        meta["routing"]["answers"] = answers[:-1]
        meta["routing"]["not_sure"] = answers[-1]
        body = routing.heading_html(node.question[lang])
        if node.hint:
            body += f'\n\n<p class="routing-step__hint">{routing.escape(node.hint[lang])}</p>'
    else:
        meta["routing"]["print"] = t["print"]
        docs_dir = Path(config.docs_dir)
        more_url = more_title = ""
        if node.read_more:
            more_url = "../" + node.read_more  # the step pages' sources sit in waar-kan-ik-terecht/
            more_title = _read_more_title(docs_dir, node.read_more, lang, default)
        body = routing.heading_html(node.title[lang]) + "\n\n" + routing.outcome_body(
            node, lang, contacts=_state["contacts"], render_contacts=_render_contacts,
            helplines=_state["helplines"], render_helplines=_render_helplines,
            read_more_url=more_url, read_more_title=more_title)
    return meta, f"{body}\n"


def _make_file(config, step, lang, default, content):
    f = File.generated(config, _src_uri(step, lang, default), content=content,
                       inclusion=InclusionLevel.NOT_IN_NAV)
    f.dest_uri = _url(step, lang, default) + "index.html"
    f.name = step.slug  # i18n strips the language suffix from names; Page.is_index relies on it
    return f


@event_priority(-200)
def on_files(files, config):
    lang, default, languages = _languages(config)
    _state.update(meta={}, cards=[])
    for step in _state["steps"]:
        meta, content = _step_page(step, lang, default, config)
        _state["meta"][_src_uri(step, lang, default)] = meta
        twins = {}
        for other in languages:
            twins[other] = _make_file(config, step, other, default, content if other == lang else "")
        for other, f in twins.items():  # the attributes mkdocs-static-i18n puts on every file
            f.locale = other
            f.locale_alternate_of = lang
            f.localization = None if other == default else other
            f.norm_src_uri = _src_uri(step, default, default)
            f.alternates = twins
        # Not added to i18n.i18n_files_per_language, which feeds sitemap.xml: step pages are
        # noindex, so listing them for crawlers would contradict that.
        files.append(twins[lang])
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.generated_by and page.file.src_uri in _state["meta"]:
        page.meta = _state["meta"][page.file.src_uri]  # a step page: its settings, see the docstring
        return markdown
    if START_MARKER not in markdown and OVERVIEW_MARKER not in markdown:
        return markdown
    lang, default, _ = _languages(config)
    steps = _state["steps"]
    t = routing.LABELS[lang]
    if START_MARKER in markdown:
        link = f"[{t['start']}]({steps[0].slug}.md){{ .md-button .md-button--primary .routing-start }}"
        markdown = markdown.replace(START_MARKER, link)
    if OVERVIEW_MARKER in markdown:
        html = routing.overview_html(steps, lang, lambda s: get_relative_url(_url(s, lang, default), page.url))
        markdown = markdown.replace(OVERVIEW_MARKER, html)
    return markdown


def on_page_content(html, page, config, files):
    if not (page.file.generated_by and page.file.src_uri in _state["meta"]):
        return html
    cards = [_state["cards"][int(n)] for n in CARDS_MARKER.findall(html)]
    # MkDocs validates links to #ids by the ids it saw in the Markdown; these cards it did not see.
    page.present_anchor_ids.update(i for card in cards for i in ANCHOR_ID.findall(card))
    return CARDS_MARKER.sub(lambda m: _state["cards"][int(m.group(1))], html)


def on_serve(server, config, builder):
    # Editing the routing data (or the data it refers to) rebuilds the preview.
    for name in ("routing.yml", "routing-cases.yml", "helplines.yml"):
        path = Path(config.docs_dir) / "_data" / name
        if path.exists():
            server.watch(str(path))
    return server
