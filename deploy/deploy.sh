#!/usr/bin/env bash
# Deploy without ever half-breaking the live site.
#
#   deploy/deploy.sh [TARGET]        (default TARGET: /var/www/vertrouwenspersoon)
#
# Once, before the first deploy: `python3 dev.py setup` (creates .venv with the exact, hash-checked
# versions the build and the editors' check need). Then:
#
# 1. Runs the editors' check (`python -m vpgids.check`: strict build, data files, spelling, dates,
#    NL/EN parity, readability), which builds the site into a NEW directory TARGET/releases/<time>/.
#    Never with --quiet: quiet mode hides MkDocs' warnings from --strict, so broken links would pass.
#    If the check finds an error, that directory is removed and the live site is not touched at all.
# 2. Switches TARGET/current (a symlink, what nginx serves) to the new release in one atomic
#    rename (`mv -T`): every request sees either the old or the new site, never a mix.
# 3. Reloads nginx (if RELOAD_COMMAND is set) so it reads the new release's CSP hashes.
#    Just before the switch, the OLD release's CSP include is widened to allow the old AND new
#    inline-script hashes (and nginx reloaded), so pages are never blocked in between.
# 4. Keeps the newest KEEP_RELEASES releases (default 3) for a quick rollback:
#    ln -sfn releases/<older> TARGET/current.new && mv -T TARGET/current.new TARGET/current
# A run that is stopped (Ctrl+C, kill, a CI timeout) stops its build too and leaves no folder behind.
#
# Environment:
#   SITE_URL           full URL of the site, e.g. https://intranet.example.org/hr/vertrouwenspersoon/
#                      (otherwise site_url from the organisation file)
#   VP_ORGANISATION    the organisation folder (default: organisation/, else the example organisation)
#   ORGANISATION_FILE  only another settings file (older setups; VP_ORGANISATION is preferred)
#   RELOAD_COMMAND     how to reload nginx, e.g. "sudo systemctl reload nginx" (default: none)
#   PYTHON             the Python that runs the check (default: the project's .venv/bin/python)
#   KEEP_RELEASES      releases to keep (default 3)
#   RELOAD_SETTLE      seconds to wait after the first reload before switching (default 2)
#   DEPLOY_ALLOW_UNVERIFIED=1  deploy even when the release check (./check --release) lists unverified
#                      facts or the example organisation (for a demo site only)
set -euo pipefail
set -m  # each background job gets its own process group, so a stopped deploy can stop its whole build

target=${1:-${DEPLOY_TARGET:-/var/www/vertrouwenspersoon}}
keep=${KEEP_RELEASES:-3}
reload=${RELOAD_COMMAND:-}
project=$(cd "$(dirname "$0")/.." && pwd)

python=${PYTHON:-}
if [ -z "$python" ] && [ -n "${MKDOCS:-}" ] && [ -x "$(dirname "$MKDOCS")/python" ]; then
    python="$(dirname "$MKDOCS")/python"  # older setups named the venv's mkdocs; use that venv's Python
fi
python=${python:-$project/.venv/bin/python}
if [ ! -x "$python" ]; then
    echo "deploy: there is no virtual environment at $project/.venv — create it once with:" >&2
    echo "          cd $project && python3 dev.py setup" >&2
    echo "        (or point PYTHON at a Python that has requirements-test.lock installed)" >&2
    exit 2
fi

mkdir -p "$target/releases"
target=$(cd "$target" && pwd)
if [ -e "$target/current" ] && [ ! -L "$target/current" ]; then
    echo "deploy: $target/current is a real directory, not a symlink; move it into $target/releases/ first" >&2
    exit 2
fi

name=$(date -u +%Y%m%dT%H%M%SZ)-$$
building="$target/releases/.building-$name"
release="$target/releases/$name"
child=""

cleanup() {
    # Whatever happens (an error, Ctrl+C, kill): stop the build's process group, remove the half-built release.
    if [ -n "$child" ]; then
        kill -TERM -- "-$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    rm -rf "$building" "$target/current.new"
}
trap cleanup EXIT
trap 'echo "deploy: stopped; the live site was not changed" >&2; exit 130' INT
trap 'echo "deploy: stopped; the live site was not changed" >&2; exit 143' TERM

# Runs one step in its own process group (see cleanup) and waits for it; returns its exit status.
step() {
    (cd "$project" && exec env NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true "$@") &
    child=$!
    local status=0
    wait "$child" || status=$?
    child=""
    return "$status"
}

echo "deploy: running the editors' check and building into $release"
if ! step "$python" -m vpgids.check --site-dir "$building"; then
    echo "deploy: the editors' check found errors (listed above); the live site was not changed" >&2
    exit 1
fi
# The release check (issue 14: unverified facts and helplines, `example: true`), once the project has it.
if "$python" -m vpgids.check --help 2>/dev/null | grep -q -- "--release"; then
    if ! step "$python" -m vpgids.check --release --no-build; then
        if [ "${DEPLOY_ALLOW_UNVERIFIED:-}" = 1 ]; then
            echo "deploy: the release check failed; deploying anyway (DEPLOY_ALLOW_UNVERIFIED=1)" >&2
        else
            echo "deploy: the release check failed (listed above); the live site was not changed" >&2
            exit 1
        fi
    fi
fi
for required in index.html en/index.html 404.html en/404.html .nginx/csp.conf; do
    if [ ! -s "$building/$required" ]; then
        echo "deploy: the build has no $required; the live site was not changed" >&2
        exit 1
    fi
done
mv -T "$building" "$release"

if [ -n "$reload" ] && [ -L "$target/current" ]; then
    # Widen the live CSP to old + new hashes first, so neither version's pages are ever blocked.
    old_conf="$target/current/.nginx/csp.conf"
    python3 - "$old_conf" "$release/.nginx/csp.conf" <<'EOF'
import re, sys
old_path, new_path = sys.argv[1], sys.argv[2]
def directives(path):
    text = open(path, encoding="utf-8").read()
    policy = re.search(r'Content-Security-Policy "([^"]*)"', text).group(1)
    return dict((part.split(" ", 1) + [""])[:2] for part in policy.split("; "))
old, new = directives(old_path), directives(new_path)
merged = []
for key in dict.fromkeys([*old, *new]):
    sources = list(dict.fromkeys(old.get(key, "").split() + new.get(key, "").split()))
    merged.append(f"{key} {' '.join(sources)}".strip())
with open(old_path, "w", encoding="utf-8") as out:
    out.write("# Widened by deploy/deploy.sh for the switch to a new release.\n")
    out.write(f'add_header Content-Security-Policy "{"; ".join(merged)}" always;\n')
EOF
    eval "$reload"
    # A reload signal returns at once; give nginx a moment to start workers with the wider policy.
    sleep "${RELOAD_SETTLE:-2}"
fi

# The atomic switch: a new symlink, renamed over the old one (rename(2) is atomic).
ln -sfn "releases/$name" "$target/current.new"
mv -T "$target/current.new" "$target/current"
echo "deploy: $target/current -> releases/$name"

if [ -n "$reload" ]; then
    eval "$reload"
fi

# Prune old releases (never the live one).
ls -1d "$target"/releases/*/ 2>/dev/null | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
    [ "$(readlink -f "$old")" = "$(readlink -f "$target/current")" ] || rm -rf "$old"
done
