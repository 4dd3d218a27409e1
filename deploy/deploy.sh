#!/usr/bin/env bash
# Deploy without ever half-breaking the live site.
#
#   deploy/deploy.sh [TARGET]        (default TARGET: /var/www/vertrouwenspersoon)
#
# 1. Builds the site with `mkdocs build --strict` into a NEW directory TARGET/releases/<time>/.
#    If the build fails, that directory is removed and the live site is not touched at all.
# 2. Switches TARGET/current (a symlink, what nginx serves) to the new release in one atomic
#    rename (`mv -T`): every request sees either the old or the new site, never a mix.
# 3. Reloads nginx (if RELOAD_COMMAND is set) so it reads the new release's CSP hashes.
#    Just before the switch, the OLD release's CSP include is widened to allow the old AND new
#    inline-script hashes (and nginx reloaded), so pages are never blocked in between.
# 4. Keeps the newest KEEP_RELEASES releases (default 3) for a quick rollback:
#    ln -sfn releases/<older> TARGET/current.new && mv -T TARGET/current.new TARGET/current
#
# Environment:
#   SITE_URL           full URL of the site, e.g. https://intranet.example.org/hr/vertrouwenspersoon/
#                      (otherwise site_url from the organisation file)
#   ORGANISATION_FILE  another organisation file (default: organisation.yml)
#   RELOAD_COMMAND     how to reload nginx, e.g. "sudo systemctl reload nginx" (default: none)
#   MKDOCS             the mkdocs executable (default: mkdocs from PATH)
#   KEEP_RELEASES      releases to keep (default 3)
#   RELOAD_SETTLE      seconds to wait after the first reload before switching (default 2)
set -euo pipefail

target=${1:-${DEPLOY_TARGET:-/var/www/vertrouwenspersoon}}
mkdocs=${MKDOCS:-mkdocs}
keep=${KEEP_RELEASES:-3}
reload=${RELOAD_COMMAND:-}
project=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$target/releases"
target=$(cd "$target" && pwd)
if [ -e "$target/current" ] && [ ! -L "$target/current" ]; then
    echo "deploy: $target/current is a real directory, not a symlink; move it into $target/releases/ first" >&2
    exit 2
fi

name=$(date -u +%Y%m%dT%H%M%SZ)-$$
building="$target/releases/.building-$name"
release="$target/releases/$name"
trap 'rm -rf "$building"' EXIT  # whatever happens, no half-built release stays behind

echo "deploy: building into $release"
if ! (cd "$project" && NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true \
        "$mkdocs" build --strict --quiet --site-dir "$building"); then
    echo "deploy: the build failed; the live site was not changed" >&2
    exit 1
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
