"""One search index per language: Dutch results on Dutch pages, English on English pages.

static-i18n merges both languages into one `search/search_index.json` (by design), so a
Dutch word found Dutch pages from the English site. After all languages are built we split
that index into `search/` (default language) and `<lang>/search/`, and point each page's
Material config (`__config.base`) at its own language root. Each index then also loads only
its own lunr language files.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.plugins import event_priority  # noqa: E402

from vpgids import i18n  # noqa: E402

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _rebase(output: str, language: str) -> str:
    def fix(match):
        data = json.loads(match.group(2))
        # A trailing slash matters: Material resolves "search/search_index.json" against it.
        data["base"] = data["base"].rstrip("/") + f"/{language}/"
        return match.group(1) + json.dumps(data) + match.group(3)

    output, count = CONFIG_SCRIPT.subn(fix, output, count=1)
    if count != 1:
        raise RuntimeError("Material's __config script was not found: the theme changed, update this hook")
    return output


def on_post_page(output, page, config):
    default, others = i18n.language_codes(config)
    language = i18n.url_language(page.url, default, others)
    return output if language == default else _rebase(output, language)


def on_post_template(output, template_name, config):
    plugin = i18n.i18n_plugin(config)
    if template_name != "404.html" or plugin.current_language == plugin.default_language:
        return output
    return _rebase(output, plugin.current_language)


@event_priority(-200)  # after static-i18n (-100) has built every language and written the index
def on_post_build(config):
    plugin = i18n.i18n_plugin(config)
    if plugin.building:
        return  # a nested language pass
    default, others = i18n.language_codes(config)
    site = Path(config.site_dir)
    merged_path = site / "search" / "search_index.json"
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    for language in [default, *others]:
        prefix = "" if language == default else f"{language}/"
        docs = []
        for doc in merged["docs"]:
            if i18n.url_language(doc["location"], default, others) == language:
                docs.append({**doc, "location": doc["location"][len(prefix):]})
        index = {"config": {**merged["config"], "lang": [language]}, "docs": docs}
        dest = site / prefix / "search" / "search_index.json"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
