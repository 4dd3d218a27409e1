"""Privacy by construction: settings that would leak to other hosts or into URLs stay off,
and the privacy plugin turns any new external asset into a build failure."""

from __future__ import annotations

import yaml

from support import ROOT, build, copy_project


class _Loader(yaml.SafeLoader):
    pass


# mkdocs.yml uses !ENV and !!python/name tags; their values do not matter here.
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _config():
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def test_features_that_leak_stay_off():
    config = _config()
    features = config["theme"].get("features", [])
    # instant: breaks language links and the exit button's bfcache reset;
    # highlight/share: put search terms in the URL, so in browser history.
    for forbidden in ("navigation.instant", "search.highlight", "search.share"):
        assert forbidden not in features
    assert config["theme"]["font"] is False, "web fonts would be fetched from Google"
    assert "repo_url" not in config, "Material's repository widget calls the host's API from the reader's browser"
    assert config["extra"]["generator"] is False
    plugins = {next(iter(p)) if isinstance(p, dict) else p: p for p in config["plugins"]}
    assert "offline" not in plugins, "the offline plugin injects a script from unpkg.com"
    privacy = plugins["privacy"]["privacy"]
    assert privacy["assets_fetch"] is False


def test_an_external_asset_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "privacy.md"
    page.write_text(page.read_text() + '\n![logo](https://cdn.example.com/logo.png)\n')
    proc = build(tmp_path / "out", cwd=project, config=project / "mkdocs.yml", check=False)
    assert proc.returncode != 0
    assert "cdn.example.com" in proc.stdout


def test_no_built_page_references_another_host_for_an_asset(site):
    """Links to outside help are fine; anything the browser fetches by itself is not."""
    from html.parser import HTMLParser

    fetched_rels = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch", "apple-touch-icon"}

    class Assets(HTMLParser):
        def __init__(self):
            super().__init__()
            self.external = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and not fetched_rels & set((attrs.get("rel") or "").split()):
                return
            for name in ("src", "href", "srcset", "data", "poster"):
                value = attrs.get(name) or ""
                if tag in ("script", "link", "img", "iframe", "source", "video", "audio", "object", "embed") \
                        and value.startswith(("http:", "https:", "//")):
                    self.external.append(f"<{tag} {name}={value}>")

    offenders = []
    for page in site.rglob("*.html"):
        parser = Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(site)}: {x}" for x in parser.external]
    assert not offenders, "\n".join(offenders)
