"""The shipped nginx configuration, run for real: headers, caching, gzip, per-language 404 pages,
and every page opened in headless Chromium with zero CSP violations and zero console errors.

Runs twice: the example organisation under /vertrouwenspersoon/, and the second fixture
(tests/fixtures/org-external-only: only an external VP, other name/colour/logo) under /hr/vp/.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from support import ROOT, build, html_pages, missing, nginx_site_conf, serve_nginx, wake

pytestmark = [pytest.mark.nginx, pytest.mark.browser]

EXTERNAL_ONLY = ROOT / "tests" / "fixtures" / "org-external-only" / "organisation.yml"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + (e.sample || '') + ')'));
"""


@pytest.fixture(scope="module", params=["example", "external-only"])
def served(request, site, tmp_path_factory):
    """(site directory, base URL) for each organisation, served by real nginx."""
    if request.param == "example":
        directory, prefix = site, "/vertrouwenspersoon/"
    else:
        directory, prefix = tmp_path_factory.mktemp("external-only") / "site", "/hr/vp/"
        # No SITE_URL: the organisation file's own site_url (…/hr/vp/) must be used.
        build(directory, env={"ORGANISATION_FILE": str(EXTERNAL_ONLY), "SITE_URL": ""})
    with serve_nginx(directory, prefix, tmp_path_factory.mktemp("nginx")) as url:
        yield directory, url


def fetch(url: str, headers: dict | None = None):
    """(status, headers, body) without following errors into exceptions."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page_url(base: str, site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_security_headers_on_every_kind_of_response(served):
    site, base = served
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    urls = [base, base + "en/contact/", base + f"assets/javascripts/{bundle}", base + "search/search_index.json",
            base + "bestaat-niet/", base + "en/does-not-exist/"]
    for url in urls:
        status, headers, _ = fetch(url)
        assert status in (200, 404), url
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, f"{url}: {name} is {headers.get(name)!r}"
        assert "camera=()" in headers.get("permissions-policy", ""), url
        csp = headers.get("content-security-policy", "")
        assert csp, f"{url}: no Content-Security-Policy"
        directives = dict((part.split(" ", 1) + [""])[:2] for part in csp.split("; "))
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["form-action"] == "'none'" and directives["base-uri"] == "'none'"
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert re.findall(r"'sha256-[A-Za-z0-9+/]{43}='", directives["script-src"])
        # Scripts only from the site's own script folders, named for the origin the browser used.
        sources = directives["script-src"].split()
        folders = [source for source in sources if not source.startswith("'sha256-")]
        assert base + "assets/javascripts/" in folders and "'self'" not in sources, sources
        assert all(folder.startswith(base) and folder.endswith("/") for folder in folders), folders
        assert not any(folder.startswith((base + "assets/organisation", base + "en/")) for folder in folders)
        without_own = re.sub(r"'sha256-[^']+'", "", csp).replace(base, "")
        assert not re.search(r"https?:|\*|\.", without_own), f"{url}: the policy names another host: {csp}"
        assert "server" not in headers or "/" not in headers["server"], "nginx version is exposed"


def test_cache_policy(served):
    site, base = served
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    assert fetch(base + f"assets/javascripts/{bundle}")[1]["cache-control"] == "public, max-age=31536000, immutable"
    logo = next((site / "assets" / "organisation").glob("logo.*"))
    assert "immutable" in fetch(base + f"assets/organisation/{logo.name}")[1]["cache-control"]
    # Pages are never stored (a cached page tells who probes the cache what was read); shared files
    # without a fingerprint are revalidated.
    for url in (base, base + "en/", base + "contact/", base + "en/contact/index.html", base + "bestaat-niet/",
                base + "en/does-not-exist/"):
        assert fetch(url)[1]["cache-control"] == "no-store", url
    for url in (base + "search/search_index.json", base + "components/quick-exit/quick-exit.js"):
        assert fetch(url)[1]["cache-control"] == "no-cache", url


def test_gzip(served):
    site, base = served
    stylesheet = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
    for url in (base, base + f"assets/stylesheets/{stylesheet}"):
        status, headers, _ = fetch(url, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", url


def test_not_found_pages_per_language(served):
    site, base = served
    for url, lang in ((base + "bestaat-niet/", "nl"), (base + "en/does-not-exist/", "en"),
                      (base + "en/contact/nope.html", "en"), (base + "contact/nope.html", "nl")):
        status, headers, body = fetch(url)
        assert status == 404, url
        assert f'<html lang="{lang}"' in body.decode(), f"{url} does not get the {lang} 404 page"


def test_build_files_and_directories_are_not_served(served):
    site, base = served
    assert (site / ".nginx" / "csp.conf").is_file()
    for url in (base + ".nginx/csp.conf", base + ".nginx/csp.txt", base + "en/.nginx/csp.conf"):
        status, _, body = fetch(url)
        assert status == 404 and b"add_header" not in body and b"default-src" not in body, url
    status, headers, _ = fetch(base.rstrip("/"))  # no trailing slash: redirect to the sub-path
    assert status in (301, 302) or headers.get("location") in (None, base)


def test_every_page_in_chromium_without_csp_violation_or_console_error(served, page_factory):
    site, base = served
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    pages = [page_url(base, site, p) for p in html_pages(site) if p.name != "404.html"]
    not_found = {base + "bestaat-niet/", base + "en/does-not-exist/"}
    pages += sorted(not_found)
    page = page_factory(javascript=True)
    page.add_init_script(CSP_LISTENER)
    problems, links = [], set()
    # The intended 404 of a not-found page is logged by Chromium too; any other 404 is a problem
    # (and is also caught by the response listener below).
    page.on("console", lambda m: m.type == "error" and not (
        page.url in not_found and m.text.startswith("Failed to load resource: the server responded with a "
                                                    "status of 404")) and problems.append(
        f"{page.url}: console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{page.url}: script error: {e}"))
    page.on("request", lambda r: r.url.startswith((origin, "data:")) or problems.append(
        f"{page.url}: request to another host: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and r.url not in not_found and problems.append(
        f"{page.url}: {r.status} for {r.url}"))
    for url in pages:
        # Home and 404 pages: also wait for the search worker and its index (same on every page).
        settle = "networkidle" if url in not_found or url in (base, base + "en/") else "load"
        response = page.goto(url, wait_until=settle)
        expected = 404 if url in not_found else 200
        assert response.status == expected, url
        wake(page)  # Material's JavaScript runs from the first interaction on: check it under CSP too
        problems.extend(f"{url}: CSP: {v}" for v in page.evaluate("window.__cspViolations"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
            if href.startswith(origin):
                links.add(href.split("#")[0])
    assert not problems, "\n".join(problems)
    broken = [href for href in sorted(links) if fetch(href)[0] != 200]
    assert not broken, f"links that do not resolve: {broken}"
    assert len(pages) >= 30


def test_the_browser_check_catches_an_unhashed_inline_script(site, page_factory, tmp_path):
    """Proof that the check above can fail: one inline script added after the build is blocked."""
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    index.write_text(index.read_text().replace("</body>", "<script>document.title='x'</script></body>"))
    with serve_nginx(copy, "/vertrouwenspersoon/", tmp_path / "nginx") as base:
        page = page_factory(javascript=True)
        page.add_init_script(CSP_LISTENER)
        page.goto(base, wait_until="load")
        violations = page.evaluate("window.__cspViolations")
        assert violations and violations[0].startswith("script-src"), violations
        assert page.title() != "x"


def test_the_lazy_loader_only_loads_materials_own_scripts(site, page_factory, tmp_path):
    """A lazy block added to a page (after the build, so no build check sees it) whose script sits in
    the theme's script folder, which the policy allows, is still never loaded: the loader only
    loads the scripts baked into it from Material's template."""
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "assets" / "javascripts" / "evil.js").write_text("document.title = 'PWNED';")
    contact = copy / "contact" / "index.html"
    text = contact.read_text(encoding="utf-8")
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in text
    contact.write_text(text.replace(marker, marker + '<script type="text/x-vp-lazy" '
                                    'data-src="../assets/javascripts/evil.js"></script>', 1), encoding="utf-8")
    with serve_nginx(copy, "/vertrouwenspersoon/", tmp_path / "nginx") as base:
        page = page_factory(javascript=True)
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "contact/", wait_until="load")
        wake(page)
        page.wait_for_timeout(300)
        assert any(re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", u) for u in requests)
        assert not any(u.endswith("/evil.js") for u in requests), requests
        assert page.title() != "PWNED"


def test_each_organisation_is_applied(served):
    """The served site is the organisation's own: name, contacts, logo (as an image), colour."""
    from vpgids import organisation as org

    site, base = served
    source = EXTERNAL_ONLY if base.endswith("/hr/vp/") else org.organisation_path()  # the one in use
    organisation = org.load(source)
    for lang, path in (("nl", "contact/"), ("en", "en/contact/")):
        status, _, body = fetch(base + path)
        html = body.decode()
        assert status == 200 and f"· {organisation.name[lang]}</title>" in html
        assert html.count('class="vp-contact ') == len(organisation.contacts)
        assert f"--vp-brand:{organisation.brand_colour}" in html
        logo = re.search(r'<img src="([^"]*assets/organisation/logo\.[0-9a-f]{8}\.[a-z]+)"', html).group(1)
        status, headers, _ = fetch(urljoin(base + path, logo))
        assert status == 200 and headers["content-type"].startswith("image/")
    if source == EXTERNAL_ONLY:
        assert not list(site.rglob("*.html")) or not any(
            "vp-contact--internal-vp" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hosting_tls_conf(live: Path, prefix: str, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """HOSTING.md's HTTPS block, completed as it says with the shipped server's body, made local."""
    import re as _re
    hosting = (ROOT / "HOSTING.md").read_text(encoding="utf-8")
    block = _re.search(r"### HTTPS\n.*?```nginx\n(.*?)```", hosting, _re.S).group(1)
    shipped = nginx_site_conf(live, prefix, 0)
    maps, server = shipped[:shipped.index("\nserver {")], shipped[shipped.index("\nserver {"):]
    body = server[server.index("    # Don't tell"):server.rindex("}")]
    block, count = _re.subn(r"    # \(here: everything.*?\)\n", lambda m: body, block, flags=_re.S)
    assert count == 1, "HOSTING.md's HTTPS block no longer says where the shipped server's body goes"
    block = block.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    block = block.replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
    block = block.replace("/etc/ssl/certs/vertrouwenspersoon.pem", str(cert))
    block = block.replace("/etc/ssl/private/vertrouwenspersoon.key", str(key))
    return maps + "\n" + block


def test_the_https_block_in_hosting_redirects_and_sends_hsts(site, tmp_path, page_factory):
    import shutil
    import ssl
    import subprocess
    if not shutil.which("openssl"):
        missing("openssl", "apt-get install openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    conf = hosting_tls_conf(site, "/vertrouwenspersoon/", http_port, https_port, cert, key)
    with serve_nginx(site, "/vertrouwenspersoon/", tmp_path / "nginx", port=https_port, site_conf=conf):
        # Plain HTTP: only a redirect to the same path over HTTPS, never the page.
        import http.client
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/vertrouwenspersoon/contact/")
        response = plain.getresponse()
        assert response.status == 301, response.status
        assert response.getheader("location") == "https://127.0.0.1/vertrouwenspersoon/contact/"
        assert b"vp-contact" not in response.read()
        plain.close()
        base = f"https://127.0.0.1:{https_port}/vertrouwenspersoon/"
        insecure = ssl.create_default_context()
        insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
        with urllib.request.urlopen(base + "contact/", context=insecure, timeout=10) as response:
            headers = response.headers
        assert headers["strict-transport-security"] == "max-age=31536000"
        assert "content-security-policy" in headers and headers["cache-control"] == "no-store"
        assert f"script-src {base}assets/javascripts/ " in headers["content-security-policy"]
        # The policy's script folders follow the https origin: Material runs without a violation.
        page = page_factory(ignore_https_errors=True)
        page.add_init_script(CSP_LISTENER)
        page.goto(base + "contact/", wait_until="load")
        wake(page)
        assert page.evaluate("window.__cspViolations") == []
