"""Shared test helpers: real `mkdocs build`, a loopback static server, and Chromium via Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from vpgids.problems import ValidationError

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def mkdocs_executable() -> str:
    candidate = Path(sys.executable).with_name("mkdocs")
    return str(candidate) if candidate.exists() else "mkdocs"


def build(dest: Path, *, site_url: str | None = None, config: Path | None = None,
          env: dict | None = None, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` into dest. Returns the process (stdout+stderr in .stdout)."""
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if site_url is not None:
        run_env["SITE_URL"] = site_url
    run_env.update(env or {})
    # Not -q: MkDocs then drops warnings before --strict counts them, and broken links pass.
    cmd = [mkdocs_executable(), "build", "--strict", "-d", str(dest)]
    if config:
        cmd += ["-f", str(config)]
    proc = subprocess.run(cmd, cwd=cwd or ROOT, env=run_env, capture_output=True, text=True)
    proc.stdout = (proc.stdout or "") + (proc.stderr or "")
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{proc.stdout}")
    return proc


def problems_raised(load, *args, **kwargs) -> list[str]:
    """The problems a data file's loader must raise, as the `file:line: message — fix` lines an editor sees."""
    with pytest.raises(ValidationError) as info:
        load(*args, **kwargs)
    return [str(p) for p in info.value.problems]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix`, with per-language 404 pages like the nginx config."""

    prefix = "/"
    log_message = lambda *a, **k: None  # noqa: E731  (quiet test output)

    def translate_path(self, path):
        path = unquote(urlparse(path).path)
        if not path.startswith(self.prefix):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        rel = unquote(urlparse(self.path).path)[len(self.prefix):]
        page = Path(self.directory) / ("en/404.html" if rel.startswith("en/") else "404.html")
        body = page.read_bytes() if page.exists() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Browsers drop connections they no longer need (e.g. on navigation): not a test failure."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path, prefix: str = "/"):
    """Serve a built site on 127.0.0.1 under prefix; yields the base URL (ending in /)."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def launch_chromium(pw, extra_args=()):
    executable = chromium_path()
    args = [*CHROMIUM_FLAGS, *extra_args]
    try:
        if executable:
            return pw.chromium.launch(executable_path=executable, args=args)
        return pw.chromium.launch(args=args)  # elsewhere: Playwright's own browser, if it was installed
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser"
        missing("Chromium", f"apt-get install chromium ({exc.__class__.__name__})")


def missing(tool: str, how: str):
    """A missing tool skips locally but fails under CI=true: CI must never pass by skipping."""
    message = f"{tool} is not available ({how})"
    if IN_CI:
        pytest.fail(message + " — under CI=true a missing tool is a failure")
    pytest.skip(message)


def copy_project(dest: Path) -> Path:
    """A scratch copy of the project (no tests, builds or caches), to break on purpose in a test."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "tests", "__pycache__", "benchmarks",
                                    ".cache", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore, dirs_exist_ok=True)
    return dest


def language_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "nl"


def page_url(site: Path, page: Path) -> str:
    """Site-relative URL of a built page: 'en/contact/' for en/contact/index.html."""
    rel = page.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


NGINX_CONF = ROOT / "deploy" / "nginx" / "vertrouwenspersoon.conf"
_NGINX_TEMPLATE = """\
{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include {mime};
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def nginx_site_conf(live: Path, prefix: str, port: int) -> str:
    """The shipped config with exactly the values its header comment says to change."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text = text.replace("/var/www/vertrouwenspersoon/current/", f"{live}/")
    text = text.replace("/vertrouwenspersoon", prefix.rstrip("/"))
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};")


@contextmanager
def serve_nginx(live: Path, prefix: str, tmp: Path, port: int | None = None, site_conf: str | None = None):
    """Run real nginx (as this user, temp prefix, loopback, free port) with deploy/nginx's config.

    `live` is the directory (or symlink) the config's `current/` points at; `port` a free port chosen
    before the site was built for it (default: pick one now). `site_conf`: another server configuration
    (listening on `port`) instead of the shipped one. Yields the base URL."""
    import socket
    import time

    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not binary:
        missing("nginx", "apt-get install nginx-light")
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "site.conf").write_text(site_conf or nginx_site_conf(live, prefix, port), encoding="utf-8")
    mime = Path("/etc/nginx/mime.types")
    if not mime.exists():
        mime = tmp / "mime.types"
        mime.write_text("types { text/html html; text/css css; application/javascript js; "
                        "application/json json; image/svg+xml svg; image/png png; text/xml xml; "
                        "text/plain txt; }\n")
    # As root, nginx would hand its workers to 'nobody', who cannot read pytest's private temp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(_NGINX_TEMPLATE.format(user=user, tmp=tmp, mime=mime), encoding="utf-8")
    test = subprocess.run([binary, "-t", "-p", str(tmp), "-c", str(conf)], capture_output=True, text=True)
    if test.returncode != 0:
        raise AssertionError(f"nginx rejects the configuration:\n{test.stderr}")
    proc = subprocess.Popen([binary, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"nginx did not start:\n{proc.stdout.read().decode()}")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}{prefix}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.stdout.close()


def wake(page, timeout: int = 10_000) -> None:
    """The reader's first interaction (a mouse move): Material's JavaScript starts only then
    (overrides/components/lazy-material). Wait until it has run, so a check sees the page as a reader
    who touches it does: with Material's DOM changes, requests and (potential) storage."""
    page.mouse.move(3, 3)
    page.mouse.move(6, 9)
    # A function, not an expression string: Playwright evaluates strings with eval, which the CSP blocks.
    page.wait_for_function("() => document.documentElement.classList.contains('js')", timeout=timeout)
