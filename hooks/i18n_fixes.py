"""Close static-i18n's gaps in the built HTML (one concern: language links and 404 pages).

- Language switch links point at the page's twin with a relative URL, so they work under any
  sub-path (static-i18n makes home-page links absolute, from site_url's path).
- `<link rel="alternate" hreflang>` is dropped from pages: Material fetches `sitemap.xml` next
  to each one (404s in logs and the console), and static-i18n's own links do the switching.
  The sitemap still lists the language alternates.
- One 404 page per language (upstream #284: the last language's 404 overwrote the Dutch one,
  with stale language links). 404 pages are served at any URL, so their links are absolute.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.plugins import event_priority  # noqa: E402

from vpgids import i18n  # noqa: E402

ALTERNATE_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
SWITCH_LINK = re.compile(r'(<a href=")[^"]*(" hreflang="([a-z-]+)" class="md-select__link">)')

_not_found_pages: dict[str, str] = {}  # language -> 404 HTML, filled once per language pass


def _drop_alternate_links(html: str) -> str:
    """Remove each link with the whitespace before it. Not one regex starting with \\s*: that is
    tried at every character of the page, which made it this hook's largest cost."""
    parts = ALTERNATE_LINK.split(html)
    return "".join(part.rstrip() for part in parts[:-1]) + parts[-1]


def _switch_links(html: str, href_for) -> str:
    return SWITCH_LINK.sub(lambda m: m.group(1) + href_for(m.group(3)) + m.group(2), html)


@event_priority(-200)  # after static-i18n has written its links
def on_post_page(output, page, config):
    output = _drop_alternate_links(output)
    default, others = i18n.language_codes(config)
    return _switch_links(output, lambda lang: i18n.relative_url(
        i18n.twin_url(page.url, lang, default, others), page.url))


@event_priority(-200)  # last, so the stored page includes other hooks' changes
def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    default, _ = i18n.language_codes(config)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    output = _drop_alternate_links(output)
    output = _switch_links(output, lambda lang: base if lang == default else f"{base}{lang}/")
    _not_found_pages[i18n.i18n_plugin(config).current_language] = output
    return output


@event_priority(-200)  # after static-i18n (-100) has built every language into one site_dir
def on_post_build(config):
    plugin = i18n.i18n_plugin(config)
    if plugin.building:
        return  # a nested language pass; the outer pass ends after all of them
    default, others = i18n.language_codes(config)
    site = Path(config.site_dir)
    for lang in [default, *others]:
        if lang not in _not_found_pages:
            raise RuntimeError(f"no 404 page was rendered for language '{lang}'")
        dest = site / ("404.html" if lang == default else f"{lang}/404.html")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_not_found_pages[lang], encoding="utf-8")
    _not_found_pages.clear()
