"""`python3 dev.py serve` (vpgids/preview.py) on a scratch copy of the project: a build error shows in the
page itself with its file:line message, the preview recovers by itself when the file is fixed, and a
page without its twin does not stop the preview (it is listed on every page; the strict build fails)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from support import build, copy_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def wait_for(url: str, condition, timeout: float = 120) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    status, body = fetch(url)
    while not condition(status, body):
        assert time.monotonic() < deadline, f"the preview never showed what was expected; last answer {status}:\n{body[:2000]}"
        time.sleep(0.5)
        status, body = fetch(url)
    return status, body


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("VP_PREVIEW", None)
    proc = subprocess.Popen([sys.executable, "-m", "vpgids.preview", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "contact/", lambda status, body: status == 200)
        yield project, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        proc.stdout.close()


def test_a_build_error_shows_in_the_page_and_the_preview_recovers(preview):
    project, base = preview
    page = project / "docs" / "hulplijnen.md"
    original = page.read_text(encoding="utf-8")
    line = original.count("\n") + 4
    page.write_text(original + "\nBel:\n\n<!-- vp-contact: bestaat-niet -->\n", encoding="utf-8")
    try:
        status, body = wait_for(base + "contact/", lambda s, b: s == 500)
        assert f"docs/hulplijnen.md:{line}: there is no contact with the id &#x27;bestaat-niet&#x27;" in body
        assert "Aborted" not in body
        assert "reloads by itself" in body and "/livereload/" in body  # the page polls for the fixed build
    finally:
        page.write_text(original, encoding="utf-8")
    status, body = wait_for(base + "contact/", lambda s, b: s == 200)
    assert "vp-preview-problems" not in body and "bestaat-niet" not in body


def test_a_page_without_its_twin_is_listed_but_does_not_stop_the_preview(preview, tmp_path):
    project, base = preview
    new = project / "docs" / "nieuw.md"
    new.write_text("---\ndescription: Nieuw.\nreviewed: 2026-01-01\n---\n\n# Nieuwe pagina\n\nTekst.\n",
                   encoding="utf-8")
    try:
        status, body = wait_for(base + "contact/", lambda s, b: "nieuw.md" in b)
        assert status == 200 and 'id="vp-preview-problems"' in body
        assert "docs/nieuw.md" in body and "English" in body
        assert "<h1" in body and "Contact" in body  # the page itself is still there, under the box
        # The strict build still fails on it.
        strict = build(tmp_path / "site", cwd=project, check=False)
        assert strict.returncode != 0 and "nieuw" in strict.stdout
    finally:
        new.unlink()
    wait_for(base + "contact/", lambda s, b: s == 200 and "vp-preview-problems" not in b)
