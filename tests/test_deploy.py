"""deploy/deploy.sh against real nginx: a new release replaces the live site atomically while
requests keep coming, and a failed build leaves the served site exactly as it was."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, serve_nginx

pytestmark = pytest.mark.nginx

DEPLOY = ROOT / "deploy" / "deploy.sh"
EXTERNAL_ONLY = ROOT / "tests" / "fixtures" / "org-external-only" / "organisation.yml"
GEMEENTE = ROOT / "tests" / "fixtures" / "org-gemeente"  # a whole organisation folder
PREFIX = "/vertrouwenspersoon/"


def deploy(target: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(DEPLOY), str(target)], env=deploy_env(**env), capture_output=True, text=True)


def deploy_env(**env) -> dict:
    # The venv that runs these tests; the example organisation is fictional, so the release check may list it.
    return {**os.environ, "PYTHON": sys.executable, "SITE_URL": "https://intranet.example.org" + PREFIX,
            "DEPLOY_ALLOW_UNVERIFIED": "1", **env}


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that name `text` (e.g. a release folder being built)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(text.encode() in arg for arg in argv):
            found.append(b" ".join(argv).decode(errors="replace"))
    return found


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get("content-security-policy", "")
    except urllib.error.HTTPError as error:
        return error.code, "", ""
    except OSError as error:  # connection refused/reset during a reload would be a failure too
        return 0, str(error), ""


def releases(target: Path) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir())


def test_deploy_switches_atomically_and_a_failed_build_changes_nothing(tmp_path):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        from support import missing
        missing("nginx", "apt-get install nginx-light")
    target = tmp_path / "www"

    first = deploy(target, VP_ORGANISATION=str(GEMEENTE))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "0 errors" in first.stdout, "the editors' check ran as part of the deploy"
    live = target / "current"
    assert live.is_symlink() and os.readlink(live).startswith("releases/")
    assert "Gemeente Testerveen" in (live / "contact" / "index.html").read_text()

    nginx_dir = tmp_path / "nginx"
    with serve_nginx(live, PREFIX, nginx_dir) as base:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        reload = f"{nginx} -p {nginx_dir} -c {nginx_dir}/nginx.conf -s reload"
        assert get(base + "contact/")[0] == 200

        # Keep requesting pages while the next release goes live: every answer must be a full 200.
        statuses, stop = [], threading.Event()

        def hammer():
            while not stop.is_set():
                for path in ("", "contact/", "en/contact/"):
                    statuses.append(get(base + path)[0])

        worker = threading.Thread(target=hammer)
        worker.start()
        try:
            second = deploy(target, ORGANISATION_FILE=str(EXTERNAL_ONLY), RELOAD_COMMAND=reload)
        finally:
            stop.set()
            worker.join()
        assert second.returncode == 0, second.stdout + second.stderr
        assert statuses and set(statuses) == {200}, f"non-200 answers during the switch: {set(statuses)}"
        status, body, policy = get(base + "contact/")
        assert status == 200 and "Zorggroep Testdorp" in body
        # `nginx -s reload` only sends a signal: new workers with the new policy follow shortly.
        brand = "'sha256-" + base64.b64encode(hashlib.sha256(b":root{--vp-brand:#0b5d3b}").digest()).decode() + "'"
        deadline = time.monotonic() + 20
        while brand not in policy and time.monotonic() < deadline:
            time.sleep(0.2)
            policy = get(base + "contact/")[2]
        assert brand in policy, "nginx was not reloaded with the new release's CSP hashes"
        before = (os.readlink(live), releases(target), body)

        # A broken organisation file: the build fails, and nothing that is served changes.
        broken = tmp_path / "broken.yml"
        broken.write_text(EXTERNAL_ONLY.read_text().replace("vp@regio-oost.example.org", "not-an-address"))
        failed = deploy(target, ORGANISATION_FILE=str(broken), RELOAD_COMMAND=reload)
        assert failed.returncode == 1
        assert "not-an-address' is not a valid e-mail address" in failed.stdout + failed.stderr
        assert "the live site was not changed" in failed.stderr
        assert (os.readlink(live), releases(target), get(base + "contact/")[1]) == before
        assert not [p for p in (target / "releases").iterdir() if p.name.startswith(".building")]


def test_refuses_a_real_directory_as_current(tmp_path):
    target = tmp_path / "www"
    (target / "current").mkdir(parents=True)
    (target / "current" / "index.html").write_text("old site")
    result = deploy(target)
    assert result.returncode == 2 and "not a symlink" in result.stderr
    assert (target / "current" / "index.html").read_text() == "old site"


def test_a_stopped_deploy_stops_its_build_and_leaves_nothing_behind(tmp_path):
    """A CI timeout or Ctrl+C during the build: no orphaned build keeps running, no half-built folder stays."""
    target = tmp_path / "www"
    proc = subprocess.Popen(["bash", str(DEPLOY), str(target)], env=deploy_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    releases_dir = target / "releases"
    deadline = time.monotonic() + 60
    while not processes_mentioning(str(releases_dir / ".building-")):
        assert proc.poll() is None and time.monotonic() < deadline, "the deploy never started its build"
        time.sleep(0.05)
    time.sleep(1)  # well into the build: the check and its mkdocs child are both running
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 143, output
    assert "stopped; the live site was not changed" in output
    deadline = time.monotonic() + 10
    while processes_mentioning(str(releases_dir / ".building-")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_mentioning(str(releases_dir / ".building-")), "the build kept running"
    assert list(releases_dir.iterdir()) == [] and not (target / "current").exists()


def test_without_a_virtual_environment_it_says_how_to_make_one(tmp_path):
    result = deploy(tmp_path / "www", PYTHON=str(tmp_path / "no-venv" / "python"))
    assert result.returncode == 2
    assert "python3 dev.py setup" in result.stderr
