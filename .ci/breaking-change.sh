#!/usr/bin/env bash
# Breaking-change gate for openapi.yaml: a breaking API change must come with a crate version
# bump in the same change, minor while 0.x (0.1.3 -> 0.2.0), major from 1.0 (1.4.0 -> 2.0.0).
#
#   bash .ci/breaking-change.sh                  CI: HEAD~1's spec and version vs the work tree's
#   bash .ci/breaking-change.sh OLD_SPEC NEW_SPEC OLD_VERSION NEW_VERSION
#                                                explicit (tests, or comparing against a release)
#
# Two pinned tools classify the change, and either one's "breaking" counts:
# - openapi-diff: paths, operations, request and response bodies, status codes. It does not look
#   at parameters at all (a parameter that became required passes it as "no changes").
# - `redocly diff` (Redocly CLI, experimental there): parameters too, rated major/minor/patch.
# Neither sees a new enum value in a response; the committed generated client
# src/generated/client.rs shows those in review (`cargo test --test spec`).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The [package] version of the Cargo.toml on stdin.
version_of() {
    awk '/^\[/ { in_package = ($0 == "[package]") }
         in_package && /^version[[:space:]]*=/ { gsub(/^[^"]*"|".*$/, ""); print; exit }'
}

if [ $# -eq 4 ]; then
    old_spec=$1 new_spec=$2 old_version=$3 new_version=$4
elif [ $# -eq 0 ]; then
    # CI runs on a fresh clone of main; a single commit or a shallow clone has no HEAD~1.
    if ! git rev-parse --verify --quiet 'HEAD~1^{commit}' >/dev/null; then
        echo "breaking-change gate: skipped, no previous commit to compare with (HEAD~1)"
        exit 0
    fi
    if ! git cat-file -e HEAD~1:openapi.yaml 2>/dev/null; then
        echo "breaking-change gate: skipped, openapi.yaml did not exist in HEAD~1"
        exit 0
    fi
    # The work tree, not HEAD: in CI they are the same, locally this checks uncommitted edits too.
    if git diff --quiet HEAD~1 -- openapi.yaml; then
        echo "breaking-change gate: openapi.yaml unchanged since HEAD~1, nothing to classify"
        exit 0
    fi
    old_spec=$tmp/openapi-previous.yaml
    git show HEAD~1:openapi.yaml >"$old_spec"
    new_spec=openapi.yaml
    old_version=$(git show HEAD~1:Cargo.toml | version_of)
    new_version=$(version_of <Cargo.toml)
else
    echo "usage: $0 [OLD_SPEC NEW_SPEC OLD_VERSION NEW_VERSION]" >&2
    exit 2
fi

# Sets major and minor from a version such as 0.1.0 (a -pre or +build suffix is ignored: the
# bump rule only looks at major and minor).
parse_version() {
    if [[ ! $1 =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
        echo "breaking-change gate: '$1' is not a version like 0.1.0" >&2
        exit 2
    fi
    major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
}
parse_version "$old_version"
old_major=$major old_minor=$minor
parse_version "$new_version"
new_major=$major new_minor=$minor

# shellcheck source=.ci/tools.sh
source .ci/tools.sh
bin=.ci/node_modules/.bin
echo "breaking-change gate: $old_spec ($old_version) -> $new_spec ($new_version)"

# openapi-diff exits 1 with "Breaking changes found ..." and a JSON report, 0 otherwise; any
# other outcome means it could not compare the documents, which must not pass as "no change".
status=0
"$bin/openapi-diff" "$old_spec" "$new_spec" >"$tmp/openapi-diff.out" 2>&1 || status=$?
verdict=$(head -n 1 "$tmp/openapi-diff.out")
echo "openapi-diff: $verdict"
if [ "$status" -eq 1 ] && [[ $verdict == "Breaking changes found"* ]]; then
    openapi_diff_breaking=yes
    # The report is JSON after the first line; list code and location, not whole schemas.
    # shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
    tail -n +2 "$tmp/openapi-diff.out" | node -e '
        const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
        for (const d of report.breakingDifferences || []) {
            const where = [...(d.sourceSpecEntityDetails || []), ...(d.destinationSpecEntityDetails || [])]
                .map(e => e.location).filter(Boolean);
            console.log(`  breaking: ${d.code} at ${[...new Set(where)].join(", ")}`);
        }'
elif [ "$status" -eq 0 ]; then
    openapi_diff_breaking=no
else
    cat "$tmp/openapi-diff.out" >&2
    echo "breaking-change gate: openapi-diff failed (exit $status)" >&2
    exit 2
fi

# `redocly diff` rates the change; --fail-on none because the verdict is taken from the JSON
# report's "bump" here, and a failure to compare still exits non-zero. It runs with Redocly's
# default diff rules: given the lint ruleset (.ci/redocly.yaml) it rated every change "patch".
"$bin/redocly" diff "$old_spec" "$new_spec" --fail-on none --format json \
    --output "$tmp/redocly-diff.json" >/dev/null 2>"$tmp/redocly-diff.err" || {
    cat "$tmp/redocly-diff.err" >&2
    echo "breaking-change gate: redocly diff failed" >&2
    exit 2
}
bump=$(node -p 'require(process.argv[1]).bump || "no"' "$tmp/redocly-diff.json")
echo "redocly diff: the version bump the change needs: $bump"
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
node -e '
    const report = require(process.argv[1]);
    for (const c of report.changes || []) {
        const why = (c.verdicts || []).map(v => v.message).join(" ");
        console.log(`  ${c.impact}: ${c.kind} ${c.path}${c.property ? " · " + c.property : ""} ${why}`);
    }' "$tmp/redocly-diff.json"

if [ "$openapi_diff_breaking" = no ] && [ "$bump" != major ]; then
    echo "breaking-change gate: passed, no breaking change"
    exit 0
fi

# A breaking change: 0.x needs a new minor (or 1.0), 1.x and later a new major.
if [ "$old_major" -eq 0 ]; then
    needed="0.$((old_minor + 1)).0"
    bumped=$(( new_major > 0 || new_minor > old_minor ))
else
    needed="$((old_major + 1)).0.0"
    bumped=$(( new_major > old_major ))
fi
if [ "$bumped" -eq 1 ]; then
    echo "breaking-change gate: passed, breaking change with the crate version bumped" \
        "$old_version -> $new_version"
    exit 0
fi
echo "breaking-change gate: FAILED, a breaking change of openapi.yaml (listed above) but the" \
    "crate version $old_version -> $new_version: it needs at least $needed." >&2
echo "A breaking API change changes the generated Rust API: bump \`version\` in Cargo.toml in" \
    "the same change (minor while 0.x, major from 1.0), or make the spec change compatible." >&2
exit 1
