"""Build many organisations from one checkout: every folder under DIR that holds an organisation.yml,
each in its own process (the editors' check, which includes the strict build), each into OUT/<name>/.

    python3 dev.py build-all DIR --out OUT [--jobs N] [--build-only]

An external-adviser agency keeps one organisation folder per client; a CI matrix runs the same thing
one organisation per runner (HOSTING.md). Prints one summary line per organisation and exits 1 when
any of them failed; each organisation's full messages are in OUT/<name>.log.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .orgfolder import SETTINGS

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    seconds: float
    site: Path
    log: Path
    summary: str


def organisations(directory: Path) -> list[Path]:
    """The organisation folders directly under `directory` (those with an organisation.yml)."""
    return sorted(p for p in Path(directory).iterdir() if (p / SETTINGS).is_file())


def command(folder: Path, site: Path, *, build_only: bool = False) -> tuple[list[str], dict]:
    """The command and environment that check (or only build) one organisation into `site`."""
    env = {**os.environ, "VP_ORGANISATION": str(folder.resolve()), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("SITE_URL", None)  # every organisation publishes at its own site_url
    env.pop("ORGANISATION_FILE", None)
    if build_only:
        # Never -q: quiet mode hides warnings from --strict.
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], env
    return [sys.executable, "-m", "vpgids.check", "--site-dir", str(site)], env


def build_one(folder: Path, out: Path, *, build_only: bool = False, root: Path = ROOT) -> Outcome:
    site, log = out / folder.name, out / f"{folder.name}.log"
    cmd, env = command(folder, site, build_only=build_only)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - started
    log.write_text(proc.stdout, encoding="utf-8")
    lines = [line for line in proc.stdout.strip().splitlines() if line.strip()]
    if build_only:
        summary = "built" if proc.returncode == 0 else (lines[-1] if lines else "the build failed")
    else:
        summary = next((line for line in reversed(lines) if " error" in line and "warning" in line),
                       lines[-1] if lines else "the check gave no output")
    return Outcome(folder.name, proc.returncode == 0, seconds, site, log, summary)


def build_all(directory: Path, out: Path, *, jobs: int | None = None, build_only: bool = False,
              report=print, root: Path = ROOT) -> list[Outcome]:
    """Check (or build) every organisation folder under `directory`, `jobs` at a time, from the project
    at `root`; one Outcome per organisation, in name order."""
    folders = organisations(directory)
    out.mkdir(parents=True, exist_ok=True)
    jobs = max(1, jobs or os.cpu_count() or 1)
    report(f"building {len(folders)} organisations from {directory} with {jobs} parallel processes")
    outcomes = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:  # threads only wait; each build is its own process
        for outcome in pool.map(lambda f: build_one(f, out, build_only=build_only, root=root), folders):
            report(f"  {'ok  ' if outcome.ok else 'FAIL'} {outcome.name:<24} {outcome.seconds:6.1f} s  "
                   f"{outcome.summary}")
            outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py build-all", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="folder holding one organisation folder per organisation")
    parser.add_argument("--out", type=Path, required=True, help="each organisation's site goes to OUT/<name>/")
    parser.add_argument("--jobs", type=int, default=None, help="parallel processes (default: one per CPU)")
    parser.add_argument("--build-only", action="store_true",
                        help="only the strict build, not the whole editors' check (faster)")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"build-all: {args.directory} is not a folder")
        return 2
    started = time.monotonic()
    outcomes = build_all(args.directory.resolve(), args.out.resolve(), jobs=args.jobs, build_only=args.build_only)
    wall = time.monotonic() - started
    failed = [o.name for o in outcomes if not o.ok]
    per = wall / len(outcomes) if outcomes else 0
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} organisations ok in {wall:.1f} s "
          f"({per:.1f} s per organisation); messages per organisation: {args.out}/<name>.log")
    if not outcomes:
        print(f"build-all: no organisation folders (with {SETTINGS}) under {args.directory}")
        return 2
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
