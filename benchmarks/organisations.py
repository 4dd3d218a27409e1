"""Many organisations from one checkout: `python3 dev.py build-all` over N generated organisation folders
(default 20), wall time and time per organisation, written into benchmarks/REPORT.md (its own section).

    python3 -m benchmarks.organisations [--count 20] [--jobs N] [--build-only]

Runs on its own, and as part of `python3 dev.py bench`. Each organisation is a copy of the fixture
organisation tests/fixtures/org-gemeente with its own name, colour, contacts and page, so every build
does the full work (own page, slots, contacts), as an external-adviser agency's client folders would.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vpgids.buildall import build_all  # noqa: E402

REPORT = ROOT / "benchmarks" / "REPORT.md"
HEADING = "## 4. Many organisations from one checkout"
TEMPLATE = ROOT / "tests" / "fixtures" / "org-gemeente"


def make_organisations(directory: Path, count: int) -> list[Path]:
    folders = []
    for n in range(1, count + 1):
        folder = directory / f"klant-{n:02d}"
        shutil.copytree(TEMPLATE, folder)
        settings = folder / "organisation.yml"
        text = settings.read_text(encoding="utf-8")
        text = (text.replace("Testerveen", f"Klant{n:02d}veen").replace("#6a1b4d", f"#{0x10 + n:02x}3b5d")
                .replace("vp-gemeentehuis", f"vp-klant-{n}").replace("/vp/", f"/klant-{n:02d}/"))
        settings.write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def run(count: int = 20, jobs: int | None = None, build_only: bool = False) -> list[str]:
    """Build `count` organisations; return the report section's lines (without its heading)."""
    jobs = jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="vp-bench-orgs-") as tmp:
        orgs, out = Path(tmp) / "organisations", Path(tmp) / "sites"
        orgs.mkdir()
        # A snapshot of the project, so that edits in the working tree during a long run change nothing.
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "site", "tests", "benchmarks", "__pycache__", ".cache", ".pytest_cache"))
        make_organisations(orgs, count)
        print(f"building {count} organisations with {jobs} processes ({'build' if build_only else 'check'}) …",
              flush=True)
        cpu_before = os.times()
        started = time.monotonic()
        outcomes = build_all(orgs, out, jobs=jobs, build_only=build_only, root=project,
                             report=lambda line: print(line, flush=True))
        wall = time.monotonic() - started
        cpu_after = os.times()
        cpu = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system - cpu_before.children_system)
        failed = [o.name for o in outcomes if not o.ok]
        pages = sum(1 for o in outcomes for _ in o.site.rglob("index.html"))
    seconds = [o.seconds for o in outcomes]
    load = os.getloadavg()
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    what = "strict build only (`--build-only`)" if build_only else \
        "the editors' check per organisation (strict build, data, spelling, dates, parity, readability)"
    lines = [
        "",
        f"`python3 -m benchmarks.organisations --count {count} --jobs {jobs}{' --build-only' if build_only else ''}`"
        f" on {now}; {platform.machine()}, {os.cpu_count()} CPUs, load average at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine: timings are noisy).",
        "",
        f"Each of {count} generated organisation folders (own name, colour, contacts, page, slots) is built by "
        f"`python3 dev.py build-all` in its own process, {jobs} at a time: {what}.",
        "",
        "| Organisations | Parallel processes | Wall time | Wall time per organisation | Median time of one organisation "
        "| CPU time per organisation | Pages built | Failed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {count} | {jobs} | {wall:.1f} s | {wall / count:.1f} s | {statistics.median(seconds):.1f} s "
        f"| {cpu / count:.1f} s | {pages} | {len(failed) or 'none'} |",
        "",
        "Wall time per organisation is what an agency pays on one machine; on a CI matrix (HOSTING.md) each "
        "runner pays the time of one organisation plus its set-up.",
    ]
    if failed:
        lines += ["", "Failed: " + ", ".join(failed)]
    return lines


def write_section(lines: list[str]) -> None:
    """Replace (or add) this benchmark's section in REPORT.md, leaving the other sections as they are."""
    text = REPORT.read_text("utf-8").splitlines() if REPORT.exists() else ["# Benchmark report"]
    start = next((i for i, line in enumerate(text) if line.startswith(HEADING)), None)
    if start is None:
        text += ["", HEADING, *lines]
    else:
        end = next((j for j in range(start + 1, len(text)) if text[j].startswith("## ")), len(text))
        text[start:end] = [HEADING, *lines, ""] if end < len(text) else [HEADING, *lines]
    REPORT.write_text("\n".join(text).rstrip("\n") + "\n", "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args(argv)
    lines = run(args.count, args.jobs, args.build_only)
    print("\n".join(lines))
    write_section(lines)
    print(f"wrote {REPORT.relative_to(ROOT)} ({HEADING[3:]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
