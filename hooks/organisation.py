"""Apply organisation.yml to the build: names, logo, brand colour, indexing, edit links, contacts.

Validation lives in vpgids.organisation (shared with the editor check and the routing tree);
this hook only wires the result into MkDocs. It runs once per language pass (i18n).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids import organisation as org_mod  # noqa: E402
from vpgids.problems import ValidationError, display_path  # noqa: E402

LOGO_DIR = "assets/organisation"
# The site name before the organisation name, per language; captured from the config on the first
# pass of each language (i18n restores its own per-language site_name; serve rebuilds reuse this).
_base_site_names: dict[str, str] = {}
_state: dict = {}


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return (i18n.current_language or i18n.default_language) if i18n else config.theme.get("language", "nl")


def _is_default_language(config) -> bool:
    i18n = config.plugins.get("i18n")
    return not i18n or _language(config) == i18n.default_language


@event_priority(100)  # early: other plugins and hooks should see the organisation's site_url
def on_config(config, **kwargs):
    try:
        organisation = org_mod.load()
    except ValidationError as exc:
        raise PluginError(f"The organisation file has problems:\n{exc}") from None
    _state["organisation"] = organisation
    _state["problems"] = []

    # SITE_URL (set per deployment) wins over the file; mkdocs.yml's value is the last resort.
    if not os.environ.get("SITE_URL") and organisation.site_url:
        # A trailing slash, as MkDocs' own validation adds: without it urljoin drops the sub-path.
        config["site_url"] = organisation.site_url.rstrip("/") + "/"

    logo_url = None
    _state.pop("logo", None)  # `mkdocs serve` rebuilds reuse this module
    if organisation.logo:
        # Fingerprinted name, so the server may cache it for a year (see deploy/nginx).
        digest = hashlib.sha256(organisation.logo.read_bytes()).hexdigest()[:8]
        logo_url = f"{LOGO_DIR}/logo.{digest}{organisation.logo.suffix.lower()}"
        config.theme["logo"] = logo_url
        _state["logo"] = (organisation.logo, logo_url)
    config.extra["organisation"] = organisation.to_extra(logo_url)

    # "Edit this page": a FULL edit_uri and no repo_url, because Material's repository widget
    # would make every reader's browser call the Git host's API.
    if organisation.repository:
        config["repo_url"] = None
        config["edit_uri"] = organisation.repository
        features = config.theme.get("features") or []
        if "content.action.edit" not in features:
            config.theme["features"] = [*features, "content.action.edit"]
    return config


def on_pre_build(config, **kwargs):
    # Here, not in on_config: i18n sets the language and resets site_name in its on_config.
    lang = _language(config)
    base = _base_site_names.setdefault(lang, config.site_name)
    config.site_name = f"{base} · {_state['organisation'].name[lang]}"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Report markers naming an unknown contact with the file:line of the marker."""
    # Scan the file as written (front matter included) so line numbers match the editor's view.
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else markdown
    shown = display_path(page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri
    _state["problems"].extend(org_mod.marker_problems(source, shown, _state["organisation"]))
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    return org_mod.replace_markers(html, _state["organisation"], page.file.locale or _language(config))


def on_env(env, config, files, **kwargs):
    # All pages have been read by now: fail once, with every unknown id at once.
    if _state.get("problems"):  # a fallback page is read in both languages: report it once
        raise PluginError(str(ValidationError(sorted(set(_state["problems"])))))
    return env


def on_post_build(config, **kwargs):
    if not _is_default_language(config):
        return  # one copy at the site root serves both languages
    site = Path(config.site_dir)
    if "logo" in _state:
        source, url = _state["logo"]
        target = site / url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    organisation = _state["organisation"]
    # Crawlers only read robots.txt at the host root; the noindex meta tag on every page is what
    # really keeps the site out of search engines when it lives under a sub-path.
    robots = "User-agent: *\nAllow: /\n" if organisation.allow_indexing else "User-agent: *\nDisallow: /\n"
    (site / "robots.txt").write_text(robots, encoding="utf-8")


def on_serve(server, config, builder, **kwargs):
    server.watch(str(org_mod.organisation_path()))
    return server

