"""Helpers for the quality gates (axe, Nu Html Checker, page weight, reflow, ProperDocs).

The tools come from the top-level package.json (`npm ci --ignore-scripts`); a missing tool skips
locally and fails under CI=true (support.missing)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import ROOT, html_pages, missing

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_HOW = "run `npm ci --ignore-scripts` in the project root"

# The rule sets we hold every page to: WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_source() -> str:
    if not AXE_JS.is_file():
        missing("axe-core", NPM_HOW)
    return AXE_JS.read_text("utf-8")


def java() -> str:
    path = shutil.which("java")
    if not path:
        missing("Java", "apt-get install default-jre-headless")
    if not VNU_JAR.is_file():
        missing("vnu-jar", NPM_HOW)
    return path


def page_urls(site: Path) -> list[str]:
    """Site-relative URLs of every built page ("" for the home page, "en/404.html" for a 404)."""
    urls = []
    for file in html_pages(site):
        rel = file.relative_to(site).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def run_axe(page, source: str, context: str = "document") -> list[dict]:
    """Inject axe (no network: the source goes in as an inline script) and return its violations,
    each as {id, help, nodes: [css selector: failure summary]} so a failure message is readable."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=source)
    return page.evaluate(
        """async ([context, tags]) => {
            // A tooltip or a hover tint half-way through its fade has colours nobody reads: let
            // every finite transition or animation end first (Material's tooltips fade in).
            await Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null)));
            const result = await axe.run(context === 'document' ? document : context,
                {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(
                n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300))}));
        }""",
        [context, AXE_TAGS],
    )


def describe(violations: list[dict], limit: int = 3) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['help']}):")
        lines += [f"    - {n}" for n in v["nodes"][:limit]]
        if len(v["nodes"]) > limit:
            lines.append(f"    … and {len(v['nodes']) - limit} more")
    return "\n".join(lines)
