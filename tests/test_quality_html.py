"""Every built page is valid HTML according to the Nu Html Checker (vnu.jar from npm `vnu-jar`).

Nothing is filtered: Material's invalid bits are fixed at the source (hooks/valid_html.py)."""

from __future__ import annotations

import json
import subprocess

from quality import VNU_JAR, java
from support import html_pages


def test_every_page_is_valid_html(site):
    executable = java()
    pages = html_pages(site)
    assert pages
    proc = subprocess.run(
        [executable, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )
    # vnu writes its JSON report to stderr; exit status 1 just means "there are errors".
    report = json.loads(proc.stderr or proc.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")
              or m.get("subType") == "fatal"]
    lines = [f"{m.get('url', '?').split(str(site), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
             f"  [{m.get('extract', '').strip()[:120]}]" for m in errors]
    assert not lines, f"{len(lines)} HTML errors:\n" + "\n".join(lines[:40])
