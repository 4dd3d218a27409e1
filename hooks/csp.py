"""Content-Security-Policy that allows only the project's own code, written at build time.

Material puts a few small inline scripts in every page (their text depends on the page's depth),
and our components add a few more plus the brand-colour <style>. Rather than allow 'unsafe-inline',
the policy lists the sha256 hash of each inline block. But hashing whatever the output contains
would also allow a <script> an editor (or a compromised account) put in a page. So:

* The expected blocks come from the templates: this hook reads every template reachable from the
  theme (overrides/ first, then Material) and turns each inline <script>/<style> in their source
  into a pattern, where a printed value ({{ … }}) may only be a short run of URL/colour characters
  (no quote, bracket, parenthesis, semicolon or space, so no value can add code of its own).
* A built block is hashed only if it lies outside the page's own content (page.content) and
  matches one of those patterns. Any script or style element inside a page's content, and any
  block no template explains (a front matter title or a setting that broke out of its place),
  fails the build naming the page's source file and, where the text is found, its line.
* script-src names the theme's own script folders (path sources, so a docs/x.js is not allowed)
  instead of 'self'; the lazy loader (components/lazy-material) only loads the scripts in
  config.extra.vp_lazy_scripts, which this hook bakes from Material's template.

Output: site/.nginx/csp.conf, an nginx include whose path sources use the variables $vp_origin and
$vp_base that deploy/nginx/vertrouwenspersoon.conf sets (CSP paths need absolute URLs, and the host
a reader uses is only known per request), plus site/.nginx/csp.txt, the same policy for the
site_url's own origin, for other servers. The build also fails on an inline event handler
(onclick=…) or style attribute: hashes cannot allow those without weakening the policy for all.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vpgids.problems import Problem, ValidationError, display_path  # noqa: E402

OUTPUT_DIR = ".nginx"
# Types a browser executes; anything else (e.g. application/json config) is data, not script.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
# What a template may print inside an inline block: base_url ("../.."), a colour ("#1f5a8c"), a path.
SAFE_VALUE = r"[A-Za-z0-9#./_:%~+-]*"
# Where templates are read from: every page template, the 404 page, and what they include.
ROOT_TEMPLATES = ("main.html", "404.html")
# nginx variables (deploy/nginx) for the origin and sub-path of the site as the reader reaches it.
NGINX_BASE = "${vp_origin}${vp_base}"
SCRIPT_SUFFIXES = (".js", ".mjs")
FIX_CONTENT = ("remove it: a page holds text, links and images, and code belongs in overrides/components/ "
               "(see CONTRIBUTING, 'what is allowed')")

_state: dict = {"patterns": [], "pages": {}, "content_problems": {}, "scripts": {}}


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
# An unclosed <script or <style (the closing tag missing) still starts a raw-text element in a browser.
_OPEN_BLOCK = re.compile(r"<(script|style)(?=[\s/>])", re.I)


def _attributes(source: str) -> dict[str, str]:
    attributes = {}
    for name, *value in _ATTRIBUTE.findall(source):
        attributes.setdefault(name.lower(), "".join(value))
    return attributes


def _is_inline(tag: str, attributes: dict[str, str]) -> bool:
    """A block the CSP must hash: any <style>, and a <script> without src that a browser executes."""
    return tag == "style" or ("src" not in attributes and
                              html.unescape(attributes.get("type", "")).strip().lower() in SCRIPT_TYPES)


def _scan(text: str):
    """In document order: (kind, start, found) with kind "script" | "style" (found: the body of an
    inline block to hash), "element" (found: "<script …>" for a script element that is not inline:
    src, lazy or data) or "attribute" (found: "<tag name=…>" for an inline event handler or style)."""
    for match in _TOKEN.finditer(text):
        block, block_attributes, body, tag, tag_attributes = match.groups()
        if block is None and not (tag_attributes and _MAYBE_SUSPECT.search(tag_attributes)):
            continue  # a comment, or one of the many tags without a suspect attribute
        tag, source = (block or tag).lower(), block_attributes if block else tag_attributes
        attributes = _attributes(source)
        for name in attributes:
            if name.startswith("on") or name == "style":
                yield "attribute", match.start(), f"<{tag} {name}=…>"
        if block:
            yield (tag, match.start(), body) if _is_inline(tag, attributes) else ("element", match.start(), f"<{tag}>")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- The expected blocks, from the templates' source ----------------------------------------------

_JINJA = re.compile(r"(\{#-?.*?-?#\}|\{\{-?.*?-?\}\}|\{%-?.*?-?%\})", re.S)
_REFERENCE = re.compile(r"""\{%-?\s*(?:include|import|extends|from)\s+(["'])([^"']+)\1""")
_EXPRESSION, _STATEMENT = "\x00", "\x01"


def _skeleton(source: str) -> str:
    """The template as it prints: comments dropped, each {{ … }} as _EXPRESSION, each {% … %} as
    _STATEMENT, with Jinja's whitespace control ({{- … -}}) applied to the text beside it."""
    parts = _JINJA.split(source)
    out: list[str] = []
    strip_next = False
    for index, part in enumerate(parts):
        if index % 2 == 0:  # literal text
            out.append(part.lstrip() if strip_next else part)
            strip_next = False
            continue
        if part[2:3] == "-" and out:
            out[-1] = out[-1].rstrip()
        strip_next = part[-3:-2] == "-"
        out.append("" if part.startswith("{#") else _EXPRESSION if part.startswith("{{") else _STATEMENT)
    return "".join(out)


class _Pattern:
    """What an inline block of a template can print: its literal text, with a short run of
    SAFE_VALUE characters for each printed value. Compiled on first use: a build meets a handful of
    the ~15 blocks its templates hold, and the text of most blocks already differs at its start or end."""

    __slots__ = ("pieces", "_regex")

    def __init__(self, body: str):
        self.pieces = tuple(body.split(_EXPRESSION))
        self._regex = None

    def fullmatch(self, text: str) -> bool:
        first, last = self.pieces[0], self.pieces[-1]
        if len(self.pieces) == 1:
            return text == first
        if len(text) < len(first) + len(last) or not (text.startswith(first) and text.endswith(last)):
            return False
        if self._regex is None:
            self._regex = re.compile(SAFE_VALUE.join(re.escape(piece) for piece in self.pieces), re.S)
        return self._regex.fullmatch(text) is not None


def template_patterns(loader: jinja2.BaseLoader, roots=ROOT_TEMPLATES) -> list[tuple[str, int, str, _Pattern]]:
    """(template, line, kind, pattern) for each inline block in the templates reachable from roots.
    Names Jinja resolves at render time (e.g. the analytics provider) are not followed: whatever
    they would print is not expected, so the build fails if it ever appears."""
    env = jinja2.Environment(loader=loader)
    found, seen, todo = [], set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source = loader.get_source(env, name)[0]
        except jinja2.TemplateNotFound:
            continue
        todo.extend(match.group(2) for match in _REFERENCE.finditer(source))
        found.extend(_template_blocks(name, source))
    return found


@functools.lru_cache(maxsize=256)  # each language's pass reads the same templates: read each text once
def _template_blocks(name: str, source: str) -> tuple[tuple[str, int, str, _Pattern], ...]:
    skeleton = _skeleton(source)
    found = []
    for match in _TOKEN.finditer(skeleton):
        block, attributes, body = match.group(1), match.group(2), match.group(3)
        if not block or not _is_inline(block.lower(), _attributes(attributes or "")):
            continue
        # A line number in the skeleton is close enough to point a developer at the block.
        line = _line(skeleton, match.start())
        if _STATEMENT in body:
            raise PluginError(f"{name}:{line}: an inline <{block}> contains a Jinja statement ({{% … %}}), so "
                              "hooks/csp.py cannot know its text in advance — move the logic outside the block")
        found.append((name, line, block.lower(), _Pattern(body)))
    return tuple(found)


def lazy_scripts(loader: jinja2.BaseLoader, extra_javascript) -> list[str]:
    """The scripts Material's scripts block loads (its bundle, then extra_javascript), site-relative."""
    env = jinja2.Environment(loader=loader)
    source = loader.get_source(env, "base.html")[0]
    block = re.search(r"\{%-?\s*block scripts\s*-?%\}(.*?)\{%-?\s*endblock", source, re.S)
    bundles = re.findall(r"""['"](assets/javascripts/[^'"\s]+\.js)['"]""", block.group(1)) if block else []
    if not bundles:
        raise PluginError("hooks/csp.py: Material's base.html has no scripts block with its bundle any more — "
                          "update lazy_scripts() for the new Material version")
    extra = [str(getattr(script, "path", script)) for script in extra_javascript or []]
    return bundles + [path for path in extra if not urlsplit(path).scheme and not path.startswith("//")]


# --- Finding where a block came from ----------------------------------------------------------------

def _snippet(found: str) -> str:
    lines = [line.strip() for line in found.splitlines() if line.strip()]
    return lines[0][:40] if lines else ""


def _locate(found: str, kind: str, candidates: list[Path]) -> tuple[str, int] | None:
    """The first candidate file (and line) that contains the block's first line, else its tag."""
    snippet = _snippet(found)
    texts = []
    for path in candidates:
        try:
            texts.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    for needle, flags in ((snippet, 0), (rf"<{kind}\b" if kind in ("script", "style") else "", re.I)):
        if not needle:
            continue
        for path, text in texts:
            match = re.search(needle if flags else re.escape(needle), text, flags)
            if match:
                return display_path(path), _line(text, match.start())
    return None


def _settings_files(config) -> list[Path]:
    """Where values printed outside a page's content come from: the organisation and data files."""
    from vpgids import organisation as org_mod

    return [org_mod.organisation_path(), *sorted((Path(config.docs_dir) / "_data").glob("*.yml")),
            Path(config.config_file_path)]


def _what(kind: str, found: str) -> str:
    return f"<{kind}>{_snippet(found)}" if kind in ("script", "style") else found


# --- MkDocs events ----------------------------------------------------------------------------------

def on_files(files, config, **kwargs):
    """Which script files the site will contain, and whether they come from the theme (overrides/,
    Material) or from content (docs/, the organisation folder): only the theme's may run."""
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building:
        return files  # a nested language pass: the default-language pass has the site's own files
    theme = [Path(folder).resolve() for folder in config.theme.dirs]
    scripts = {}
    for file in files:
        if file.dest_uri.endswith(SCRIPT_SUFFIXES):
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            from_theme = source is not None and any(folder in source.parents for folder in theme)
            scripts[file.dest_uri] = None if from_theme else (source or Path(file.src_uri))
    _state["scripts"] = scripts
    _state["docs_files"] = {file.dest_uri: Path(file.abs_src_path) for file in files
                            if file.abs_src_path and file.dest_uri.endswith(".html") and not file.is_documentation_page()}
    return files


def on_env(env, config, files, **kwargs):
    # Page templates of our components (set per page, e.g. the routing tree's) are roots as well.
    # (Listed from the overrides folder: the loader's list_templates walks Material's 14,500 icons.)
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    components = tuple(sorted(path.relative_to(custom).as_posix() for path in custom.glob("components/*/*.html"))) \
        if custom else ()
    _state["patterns"] = template_patterns(env.loader, ROOT_TEMPLATES + components)
    # The lazy loader's allowlist (overrides/components/lazy-material), baked from Material's template.
    config.extra["vp_lazy_scripts"] = lazy_scripts(env.loader, config.extra_javascript)
    return env


@event_priority(100)  # before hooks/valid_html.py edits the output: page.content is still found verbatim
def on_post_page(output, page, config, **kwargs):
    """Inside the page's own content no script or style element is allowed: record each as a problem."""
    dest = page.file.dest_uri
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    _state["pages"][dest] = source
    content = page.content or ""
    start = output.find(content) if content else -1
    if start < 0 and content:  # something changed the content on its way out: use the whole article
        start = output.find('<article class="md-content__inner')
        content = output[start:output.rfind("</article>")] if start >= 0 else ""
    problems = []
    region = output[start:start + len(content)] if content else ""
    # Without '<script' or '<style' the content holds no block to report (attributes are reported
    # for the whole page in on_post_build): most pages, and the reading of tokens is skipped.
    if region and _OPEN_BLOCK.search(region):
        tokens = list(_scan(region))
        for kind, _offset, found in tokens:
            if kind == "attribute":
                continue  # reported for the whole page in on_post_build
            where = _locate(found if kind != "element" else "", "script" if kind == "element" else kind,
                            [source]) if source else None
            shown, line = where or (display_path(source) if source else dest, 0)
            problems.append(Problem(
                shown, line, f"the page has a {_what(kind, found)} element, which the site never runs or applies "
                "(only the project's own templates may add code)", FIX_CONTENT))
        # An unclosed block (no closing tag) runs to the end of the page in a browser: also not content.
        closed = sum(1 for kind, _o, _f in tokens if kind in ("script", "style", "element"))
        if len(_OPEN_BLOCK.findall(region)) > closed and source:
            shown, line = _locate("", "script", [source]) or _locate("", "style", [source]) or (display_path(source), 0)
            problems.append(Problem(shown, line, "the page has an unclosed <script> or <style> element", FIX_CONTENT))
    _state["content_problems"][dest] = problems
    return output


def _expected(kind: str, body: str, cache: dict) -> bool:
    key = (kind, body)
    if key not in cache:
        cache[key] = any(k == kind and pattern.fullmatch(body) for _n, _l, k, pattern in _state["patterns"])
    return cache[key]


def collect(site_dir: Path, config=None) -> tuple[set[str], set[str], list[Problem]]:
    """Hashes of the expected inline scripts and styles in the built site, plus every problem:
    unexpected blocks (with their source where it can be found) and inline attributes."""
    scripts, styles, problems, cache = set(), set(), [], {}
    unexpected: dict[tuple, list[str]] = {}  # (file, line, what) -> built pages: one message per source
    settings = _settings_files(config) if config is not None else []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if OUTPUT_DIR in rel.parts:
            continue
        dest = rel.as_posix()
        source = _state["pages"].get(dest) or _state.get("docs_files", {}).get(dest)
        text = page.read_text(encoding="utf-8")
        for kind, offset, found in _scan(text):
            if kind == "element":
                continue
            if kind == "attribute":
                name = found.split(" ", 1)[1].split("=", 1)[0]  # "<a onclick=…>" -> "onclick"
                where = _locate(name + "=", kind, [source]) if source else None
                shown, line = where or (dest, _line(text, offset))
                problems.append(Problem(
                    shown, line, f"the built page {dest} has an inline {found}, which the Content-Security-Policy "
                    "blocks", "move the script into a .js file or the style into a .css file (see hooks/csp.py)"))
            elif _expected(kind, found, cache):
                (scripts if kind == "script" else styles).add(_sha256(found))
            else:
                where = _locate(found, kind, ([source] if source else []) + settings)
                shown, line = where or (display_path(source) if source else dest, 0)
                unexpected.setdefault((shown, line, _what(kind, found)), []).append(dest)
    in_content = {(p.file, p.line) for dest, found in _state["content_problems"].items()
                  if (site_dir / dest).exists() for p in found}
    for (shown, line, what), pages in unexpected.items():
        if (shown, line) in in_content:
            continue  # already reported as a block in the page's content
        on = pages[0] if len(pages) == 1 else f"{pages[0]} (and {len(pages) - 1} more)"
        problems.append(Problem(
            shown, line, f"the built page {on} has a {what} block that none of the project's templates makes "
            "(a value from the front matter or a setting that breaks out of its place?)",
            "remove the <, >, quotes or code from that value; only the project's own templates may add code"))
    for dest in sorted(_state["content_problems"]):
        if (site_dir / dest).exists():
            problems.extend(_state["content_problems"][dest])
    return scripts, styles, problems


def script_sources(scripts: dict[str, Path | None]) -> tuple[list[str], list[Problem]]:
    """Path sources (site-relative folders) for the theme's own scripts. A content script (docs/, the
    organisation folder) inside one of those folders would be allowed by them, so it is a problem;
    elsewhere the policy blocks it."""
    folders = sorted({dest.rsplit("/", 1)[0] + "/" if "/" in dest else "" for dest, src in scripts.items()
                      if src is None})
    # assets/javascripts/ covers assets/javascripts/lunr/ and workers/: keep only the outermost folders.
    folders = [f for f in folders if f and not any(f != o and f.startswith(o) for o in folders if o)]
    problems = [Problem(display_path(src), 0, f"a script file in the content would be published as {dest}, inside "
                        "the theme's own script folder, and could run on every page", "remove it")
                for dest, src in sorted(scripts.items(), key=lambda item: item[0])
                if src is not None and any(dest.startswith(f) for f in folders)]
    return folders, problems


def policy(scripts: set[str], styles: set[str], script_folders=(), base: str = "") -> str:
    """Only this site's own files, plus the hashed inline blocks. No external host anywhere.
    `base` is the absolute URL of the site's root (or the nginx variables that make it)."""
    paths = " ".join(base + folder for folder in script_folders)
    return "; ".join(part.replace("  ", " ").strip() for part in [
        "default-src 'self'",
        f"script-src {paths} " + " ".join(sorted(scripts)),
        "style-src 'self' " + " ".join(sorted(styles)),
        "img-src 'self' data:",  # Material's icons are data: SVGs in its CSS
        "font-src 'self'",
        "connect-src 'self'",  # search index, sitemap
        f"worker-src {paths or chr(39) + 'self' + chr(39)}",  # search worker
        "manifest-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",  # the only form is search, and it never submits (components/lazy-material)
        "frame-ancestors 'none'",
    ]).strip()


@event_priority(-1000)  # last: after i18n has built the other languages and the 404 pages exist
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building:
        return  # a nested language pass: the default-language pass finishes last and sees every page
    site = Path(config.site_dir)
    scripts, styles, problems = collect(site, config)
    folders, script_problems = script_sources(_state["scripts"])
    problems += script_problems
    if problems:
        raise PluginError(str(ValidationError(sorted(set(problems)))))
    if not folders:
        raise PluginError("hooks/csp.py: the site has no theme scripts — did Material's layout change?")
    site_url = urlsplit(config.site_url or "")
    absolute = f"{site_url.scheme}://{site_url.netloc}{site_url.path}" if site_url.netloc else "/"
    out = site / OUTPUT_DIR
    out.mkdir(exist_ok=True)
    (out / "csp.txt").write_text(policy(scripts, styles, folders, absolute) + "\n", encoding="utf-8")
    (out / "csp.conf").write_text(
        "# Generated by hooks/csp.py at build time: do not edit; rebuild instead.\n"
        f"# {len(scripts)} inline script hash(es), {len(styles)} inline style hash(es). $vp_origin and $vp_base\n"
        "# are set by deploy/nginx/vertrouwenspersoon.conf (the origin as requested, the sub-path).\n"
        f'add_header Content-Security-Policy "{policy(scripts, styles, folders, NGINX_BASE)}" always;\n',
        encoding="utf-8")
