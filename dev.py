#!/usr/bin/env python3
"""One entry point for people and CI. Needs only Python >= 3.11 (and, for tests on Debian, root for apt).

    python3 dev.py serve   set everything up, serve the site on http://127.0.0.1:8000 (build errors show in the page)
    python3 dev.py test    set everything up (browser, nginx, Java, dictionaries, npm tools), run all tests
    python3 dev.py build   set up, then build the site into site/ (strict)
    python3 dev.py build --organisation DIR [--site-dir OUT]     one organisation folder (also for serve/check)
    python3 dev.py build-all DIR --out OUT [--jobs N]             every organisation folder under DIR, in parallel,
                           each checked with the editors' check into OUT/<name>/, with a summary
    python3 dev.py check   set up, then run the editors' check (file:line messages)
    python3 dev.py setup   only create .venv with what the build and the editors' check need (deploy/deploy.sh uses it)
    python3 dev.py bench   set up, then regenerate benchmarks/REPORT.md

Set-up is idempotent and fast when nothing changed: the venv remembers which lock it installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
IN_CI = os.environ.get("CI", "").lower() == "true"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# Debian packages the tests drive for real: browser, web server, Java for vnu, Hunspell dictionaries, openssl.
DEBIAN_PACKAGES = {
    "chromium": "/usr/bin/chromium",
    "nginx-light": "/usr/sbin/nginx",
    "default-jre-headless": "/usr/bin/java",
    "hunspell": "/usr/bin/hunspell",
    "hunspell-nl": "/usr/share/hunspell/nl.dic",
    "hunspell-en-gb": "/usr/share/hunspell/en_GB.dic",
    "openssl": "/usr/bin/openssl",  # a throw-away https "neutral page" for the quick-exit tests
}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(cmd: list, **kwargs) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, env=ENV, **kwargs)


def ensure_venv(lock: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed (Material for MkDocs 9.8 requires it).")
    if not PY.exists():
        say("creating .venv")
        run([sys.executable, "-m", "venv", VENV])
    lock_path = ROOT / lock
    digest = hashlib.sha256(lock_path.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{lock}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing {lock} (exact versions, hash-checked)")
    run([PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--require-hashes", "-r", lock_path])
    stamp.write_text(digest)


def ensure_debian_packages() -> None:
    missing = [name for name, path in DEBIAN_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if not apt or os.geteuid() != 0:
        message = ("missing system packages: " + " ".join(missing) +
                   " — on Debian/Ubuntu run as root: apt-get install " + " ".join(missing))
        if IN_CI:
            sys.exit(message)
        say(message + " (tests that need them will be skipped)")
        return
    say("installing Debian packages: " + " ".join(missing))
    apt_env = {**ENV, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, env=apt_env)
    subprocess.run([apt, "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=apt_env)


def ensure_node_tools() -> None:
    if not (ROOT / "package.json").exists():
        return
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".installed-lock"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else ""
    if stamp.exists() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if not npm:
        message = "npm is missing (axe-core, vnu-jar, lighthouse come from the npm registry): apt-get install npm"
        if IN_CI:
            sys.exit(message)
        say(message)
        return
    say("installing npm tools (npm ci)")
    # No install scripts: none of the tools needs one, and vnu-jar's would try to download a Java
    # runtime from outside the package registries when it finds no system Java.
    run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"])
    stamp.write_text(digest)


def take_organisation(extra: list[str]) -> list[str]:
    """`--organisation DIR` selects the organisation folder (as VP_ORGANISATION does); the rest passes on."""
    rest, args = [], iter(extra)
    for arg in args:
        if arg == "--organisation" or arg.startswith("--organisation="):
            folder = arg.split("=", 1)[1] if "=" in arg else next(args, "")
            path = Path(folder).resolve()
            if not (path / "organisation.yml").is_file():
                sys.exit(f"dev.py: {folder} is not an organisation folder (it has no organisation.yml)")
            ENV["VP_ORGANISATION"] = str(path)
        else:
            rest.append(arg)
    return rest


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "help"
    extra = take_organisation(argv[2:])
    if command == "serve":
        ensure_venv("requirements.lock")
        # Serve at the root of 127.0.0.1:8000 unless a deployment URL is given explicitly.
        ENV.setdefault("SITE_URL", "http://127.0.0.1:8000/")
        say("serving on http://127.0.0.1:8000 (Ctrl+C stops)")
        return subprocess.call([PY, "-m", "vpgids.preview", "-a", "127.0.0.1:8000", *extra], cwd=ROOT, env=ENV)
    if command == "build":
        ensure_venv("requirements.lock")
        # Never -q: quiet mode hides warnings from --strict, so broken links would pass.
        return subprocess.call([BIN / "mkdocs", "build", "--strict", *extra], cwd=ROOT, env=ENV)
    if command == "build-all":
        ensure_venv("requirements-test.lock")
        return subprocess.call([PY, "-m", "vpgids.buildall", *extra], cwd=ROOT, env=ENV)
    if command == "test":
        ensure_venv("requirements-test.lock")
        ensure_debian_packages()
        ensure_node_tools()
        # One worker per CPU; loadfile keeps each test file (and its module fixtures) in one worker.
        parallel = [] if any(a.startswith(("-n", "--numprocesses")) for a in extra) else ["-n", "auto", "--dist", "loadfile"]
        return subprocess.call([PY, "-m", "pytest", *parallel, *extra], cwd=ROOT, env=ENV)
    if command == "setup":
        ensure_venv("requirements-test.lock")
        say(f"ready: {PY}")
        return 0
    if command == "check":
        ensure_venv("requirements-test.lock")
        return subprocess.call([PY, "-m", "vpgids.check", *extra], cwd=ROOT, env=ENV)
    if command == "bench":
        ensure_venv("requirements-test.lock")
        ensure_debian_packages()
        ensure_node_tools()
        return subprocess.call([PY, "-m", "benchmarks", *extra], cwd=ROOT, env=ENV)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
