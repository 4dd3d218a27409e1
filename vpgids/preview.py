"""The editors' preview (`python3 dev.py serve`): `mkdocs serve` that shows build problems in the page.

    python -m vpgids.preview [-a HOST:PORT] [-f mkdocs.yml]

MkDocs' own server keeps the old site after a failed build, shows the error only in the terminal, and
makes the next page load wait for a good build (the "hanging reload"). Here:

- a failed build shows the same `file:line: what is wrong — how to fix it` lines (vpgids.buildlog) as an
  error page in the browser instead of any page, and the page reloads by itself once the file is fixed;
- problems that only the strict build treats as errors (a page without its twin, an untranslated menu
  title, a broken link) do not stop the preview: the site is built without --strict, and every page shows
  them in a box at the top. `mkdocs build --strict` and ./check still fail on them.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from . import buildlog
from .problems import Problem

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.vpgids.preview")


class _Collect(logging.Handler):
    """Keeps the warnings and errors of one build, as `LEVEL - message` lines buildlog understands."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        if record.name.startswith("mkdocs.livereload"):  # requests served meanwhile, not build problems
            return
        self.lines.append(f"{record.levelname} - {record.getMessage()}")


def _list(problems: list[Problem]) -> str:
    return "<ul>" + "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems) + "</ul>"


def error_page(problems: list[Problem]) -> bytes:
    """The page shown instead of every page while the site cannot be built."""
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Preview: the site cannot be built</title></head><body>"
            "<main style=\"font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem\">"
            "<h1>De preview kan niet bouwen · The preview cannot be built</h1>"
            "<p>Fix what is listed below and save the file: this page reloads by itself.</p>"
            f"<div id=\"vp-preview-problems\">{_list(problems)}</div></main></body></html>").encode()


def banner(problems: list[Problem]) -> bytes:
    """A box at the top of every page for problems the strict build (and ./check) will fail on."""
    return ("<div id=\"vp-preview-problems\" role=\"status\" style=\"background:#fff3cd;color:#1a1a1a;"
            "border:3px solid #8a6d00;padding:.5rem 1rem;font:.8rem/1.4 system-ui,sans-serif\">"
            "<strong>Preview only — the real build and ./check fail on:</strong>"
            f"{_list(problems)}</div>").encode()


def problems_of(lines: list[str], root: Path = ROOT) -> list[Problem]:
    return buildlog.translate("\n".join(lines), root)


def serve(dev_addr: str = "127.0.0.1:8000", config_file: str | None = None) -> None:
    os.environ["VP_PREVIEW"] = "1"  # hooks report a missing twin or menu title instead of stopping
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    site_dir = tempfile.mkdtemp(prefix="vpgids-preview-")
    clean_directory = utils.clean_directory  # i18n swaps it during a build and restores it only on success

    def get_config():
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, strict=False)

    class PreviewServer(LiveReloadServer):
        failed: list[Problem] | None = None   # the build failed: show these instead of any page
        reported: list[Problem] = []          # the build worked: show these at the top of every page

        def _serve_request(self, environ, start_response):
            path = environ["PATH_INFO"]
            page = path.endswith((".html", "/")) and not path.startswith("/livereload/")
            if page:
                with self._epoch_cond:  # as the parent does: never answer from a half-built site
                    self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
            if not page or (self.failed is None and not self.reported):
                return super()._serve_request(environ, start_response)
            if self.failed is not None:
                body = self._inject_js_into_html(error_page(self.failed), epoch)
                start_response("500 Build failed", [("Content-Type", "text/html; charset=utf-8"),
                                                    ("Content-Length", str(len(body)))])
                return [body]
            result = super()._serve_request(environ, _capture := _Start(start_response))
            if result is None or not _capture.is_html:
                _capture.flush()
                return result
            content = b"".join(result)
            start = content.find(b">", content.find(b"<body")) + 1 if b"<body" in content else 0
            content = content[:start] + banner(self.reported) + content[start:]
            _capture.flush(len(content))
            return [content]

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    server: PreviewServer

    def builder(config=None):
        log.info("Building documentation...")
        if config is None:
            config = get_config()
        config.site_url = serve_url
        collect = _Collect()
        logging.getLogger("mkdocs").addHandler(collect)
        try:
            build(config, serve_url=serve_url)
            server.failed, server.reported = None, problems_of(collect.lines)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - any failure is shown in the page, never a stuck server
            utils.clean_directory = clean_directory
            message = str(exc) or exc.__class__.__name__
            said = [] if message.startswith("Aborted with") else [f"ERROR - {message}"]  # logged already
            server.failed = problems_of(collect.lines + said) or [
                Problem("mkdocs.yml", 0, f"the site build failed: {message}")]
            for problem in server.failed:
                print(f"preview: {problem}", file=sys.stderr, flush=True)
        finally:
            logging.getLogger("mkdocs").removeHandler(collect)
        for problem in server.reported if server.failed is None else []:
            print(f"preview: {problem}", file=sys.stderr, flush=True)

    server = PreviewServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for d in (ROOT / "overrides", ROOT / "hooks", ROOT / "vpgids"):
            server.watch(str(d))
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


class _Start:
    """Holds back start_response until the (maybe longer) body is known."""

    def __init__(self, start_response):
        self.start_response, self.args = start_response, None

    def __call__(self, status, headers):
        self.args = (status, headers)

    @property
    def is_html(self) -> bool:
        return bool(self.args) and self.args[0].startswith("200") and any(
            k.lower() == "content-type" and "html" in v for k, v in self.args[1])

    def flush(self, length: int | None = None):
        if not self.args:
            return
        status, headers = self.args
        if length is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [("Content-Length", str(length))]
        self.start_response(status, headers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)")
    parser.add_argument("-f", "--config-file", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    serve(args.dev_addr, args.config_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
