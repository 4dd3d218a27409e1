"""Replace `<!-- fact: id -->` markers with the fact's text, its source and the source's date.

The facts live once in docs/_data/facts.yml (validated by vpgids.facts); pages and glossary definitions
embed them by id, so a change of status is one line in the data. The replacement happens in
on_page_markdown, after the glossary hook has put its definitions (which may hold markers) on its page.
An unknown id stops the build with the page and line.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from vpgids import facts as facts_mod  # noqa: E402
from vpgids.problems import Problem, ValidationError, display_path, load_dated  # noqa: E402

_data: dict = {}


def _path(config) -> Path:
    return Path(config.docs_dir) / "_data" / "facts.yml"


def on_pre_build(config):
    try:
        _data["facts"] = load_dated(facts_mod.load, facts_mod.future_dates, _path(config), dt.date.today())
    except ValidationError as exc:
        raise PluginError(f"The facts file has problems:\n{exc}") from None
    # Shared with the routing tree's outcomes (facts_mod.render_fact): the same validated data.
    facts_mod._loaded["facts"] = _data["facts"]


def on_page_markdown(markdown, page, config, files):
    if "<!--" not in markdown or not facts_mod.MARKER.search(markdown):
        return markdown
    lang = page.file.locale if getattr(page.file, "locale", None) in facts_mod.LANGS else facts_mod.LANGS[0]
    facts = _data["facts"]
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    problems = facts_mod.unknown_ids(source, display_path(page.file.abs_src_path), facts)

    def replace(match):
        fact_id = match.group(1)
        if fact_id not in facts:
            if not problems:  # a marker that is not in the page's file came from generated text (the glossary)
                problems.append(Problem(display_path(page.file.abs_src_path), 0,
                                        f"the fact '{fact_id}' does not exist",
                                        "use an id from docs/_data/facts.yml: " + ", ".join(facts.facts)))
            return match.group(0)
        return facts_mod.render_markdown(facts[fact_id], lang)

    result = facts_mod.MARKER.sub(replace, markdown)
    if problems:
        raise PluginError(str(ValidationError(problems)))
    return result


def on_serve(server, config, builder):
    server.watch(str(_path(config)))
    return server
