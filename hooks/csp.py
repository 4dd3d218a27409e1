"""Content-Security-Policy with sha256 hashes of every inline script and style, written at build time.

Material puts a few small inline scripts in every page (and their text depends on the page's depth),
and we put the brand colour in one inline <style>. Rather than allow 'unsafe-inline', this hook
reads the finished HTML of both languages, hashes each inline block and writes the policy as an
nginx include: site/.nginx/csp.conf (plus the bare policy in site/.nginx/csp.txt for other servers).
deploy/nginx/vertrouwenspersoon.conf includes it and never serves the .nginx folder.

The build fails if a page has an inline event handler (onclick=...) or style attribute: hashes
cannot allow those without weakening the policy for everything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids.problems import Problem, ValidationError  # noqa: E402

OUTPUT_DIR = ".nginx"
# Types a browser executes; anything else (e.g. application/json config) is data, not script.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


# The built pages are valid HTML (tests/test_quality_html.py runs the Nu Html Checker), so one regex
# pass finds what we need; html.parser's per-tag callbacks were most of this hook's build time.
# Quoted attribute values may hold '>'; comments hide the tags inside them; like html.parser's CDATA
# mode, a script or style body is raw text up to its closing tag. Possessive quantifiers (*+): a
# tag's attributes can be read only one way, and not keeping ways back halves the regex's time.
_ATTRIBUTES = r"""((?:[^>"']++|"[^"]*+"|'[^']*+')*+)"""
_TOKEN = re.compile(rf"<!--.*?-->|<(script|style)(?=[\s/>]){_ATTRIBUTES}>(.*?)</\s*\1\s*>"
                    rf"|<([a-z][^\s/>]*){_ATTRIBUTES}>", re.S | re.I)
_MAYBE_SUSPECT = re.compile(r"""[\s"'/](?:on|style\b)""", re.I)  # a quick look before reading attributes
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def _scan(text: str):
    """In document order: ("script" | "style", body) for each inline block to hash, and
    ("attribute", (line, "<tag name=…>")) for each inline event handler or style attribute."""
    for match in _TOKEN.finditer(text):
        block, block_attributes, body, tag, tag_attributes = match.groups()
        if block is None and not (tag_attributes and _MAYBE_SUSPECT.search(tag_attributes)):
            continue  # a comment, or one of the many tags without a suspect attribute
        tag, source = (block or tag).lower(), block_attributes if block else tag_attributes
        attributes = {}
        for name, *value in _ATTRIBUTE.findall(source):
            name = name.lower()
            attributes.setdefault(name, "".join(value))
            if name.startswith("on") or name == "style":
                yield "attribute", (text.count("\n", 0, match.start()) + 1, f"<{tag} {name}=…>")
        if block and (tag == "style" or "src" not in attributes and
                      html.unescape(attributes.get("type", "")).strip().lower() in SCRIPT_TYPES):
            yield tag, body


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def collect(site_dir: Path) -> tuple[set[str], set[str], list[Problem]]:
    """Hashes of all inline scripts and styles in the built site, plus attribute problems."""
    scripts, styles, problems = set(), set(), []
    for page in sorted(site_dir.rglob("*.html")):
        if OUTPUT_DIR in page.relative_to(site_dir).parts:
            continue
        for kind, found in _scan(page.read_text(encoding="utf-8")):
            if kind == "script":
                scripts.add(_sha256(found))
            elif kind == "style":
                styles.add(_sha256(found))
            else:
                line, what = found
                problems.append(Problem(
                    str(page.relative_to(site_dir)), line,
                    f"the built page has an inline {what}, which the Content-Security-Policy blocks",
                    "move the script into a .js file or the style into a .css file (see hooks/csp.py)"))
    return scripts, styles, problems


def policy(scripts: set[str], styles: set[str]) -> str:
    """Only this site's own files, plus the hashed inline blocks. No external host anywhere."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(sorted(scripts)),
        "style-src 'self' " + " ".join(sorted(styles)),
        "img-src 'self' data:",  # Material's icons are data: SVGs in its CSS
        "font-src 'self'",
        "connect-src 'self'",  # search index, sitemap
        "worker-src 'self'",  # search worker
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]).strip()


@event_priority(-1000)  # last: after i18n has built the other languages and the 404 pages exist
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building:
        return  # a nested language pass: the default-language pass finishes last and sees every page
    site = Path(config.site_dir)
    scripts, styles, problems = collect(site)
    if problems:
        raise PluginError(str(ValidationError(problems)))
    text = policy(scripts, styles)
    out = site / OUTPUT_DIR
    out.mkdir(exist_ok=True)
    (out / "csp.txt").write_text(text + "\n", encoding="utf-8")
    (out / "csp.conf").write_text(
        "# Generated by hooks/csp.py at build time: do not edit; rebuild instead.\n"
        f"# {len(scripts)} inline script hash(es), {len(styles)} inline style hash(es).\n"
        f'add_header Content-Security-Policy "{text}" always;\n',
        encoding="utf-8")
