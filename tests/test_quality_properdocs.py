"""Engine portability: ProperDocs 1.6.7 (the maintained continuation of MkDocs 1.x) builds the same
site from the same mkdocs.yml, hooks and overrides. Compared file by file; the only allowed
differences are the generator meta tag and sitemap dates. If MkDocs 1.x ever stops installing,
`properdocs build` is the way out (stack.md §7).

ProperDocs is in the test extra (pyproject.toml). Installed next to MkDocs it changes nothing for
`mkdocs build`: it redirects `mkdocs.*` imports only when `properdocs` itself runs (no .pth file),
and its notice for `mkdocs` users is silenced with DISABLE_MKDOCS_2_WARNING=true (support.build)."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import SUBPATH
from support import ROOT, missing

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".xml.gz"):  # sitemap.xml.gz: compare the XML, not the gzip header's time
        data, path = gzip.decompress(data), path.with_suffix("")
    if path.suffix in (".html", ".xml"):
        data = LASTMOD.sub(b"<lastmod/>", GENERATOR.sub(b"", data))
    return data


def test_properdocs_builds_the_same_site(site, tmp_path):
    executable = Path(sys.executable).with_name("properdocs")
    if not executable.exists():
        missing("ProperDocs", "pip install properdocs==1.6.7 (it is in the test extra)")
    dest = tmp_path / "properdocs-site"
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1",
           "SITE_URL": "https://intranet.example.org" + SUBPATH}
    proc = subprocess.run([str(executable), "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(dest)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"properdocs build failed:\n{proc.stdout}{proc.stderr}"

    # The MkDocs build really ran MkDocs (ProperDocs did not take over its imports).
    assert b'content="mkdocs-1.6.1,' in (site / "index.html").read_bytes()
    assert b"ProperDocs 1.6.7" in (dest / "index.html").read_bytes()

    ours = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(dest) for p in dest.rglob("*") if p.is_file()}
    assert ours == theirs, f"only with MkDocs: {sorted(ours - theirs)[:10]}; only with ProperDocs: {sorted(theirs - ours)[:10]}"
    different = [str(rel) for rel in sorted(ours) if _normalised(site / rel) != _normalised(dest / rel)]
    assert not different, f"{len(different)} files differ between MkDocs and ProperDocs: {different[:10]}"
