#!/usr/bin/env bash
# Shows that the breaking-change gate (.ci/breaking-change.sh) fails and passes when it should:
# on copies of openapi.yaml with a deliberate change, with explicit versions, and in CI's own
# mode (HEAD~1 vs the work tree) inside a throwaway git repository.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
gate=$root/.ci/breaking-change.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A copy of openapi.yaml with one text replaced; fails if the text is not there, so that a spec
# edit cannot silently turn a case into "no change".
variant() { # NAME OLD NEW
    python3 - "$1" "$2" "$3" <<'PY'
import sys
name, old, new = sys.argv[1:]
spec = open("openapi.yaml").read()
if spec.count(old) < 1:
    sys.exit(f"breaking-change-test: text for variant {name} not found in openapi.yaml")
open(name, "w").write(spec.replace(old, new, 1))
PY
}

failures=0
# expect EXIT_CODE TEXT_IN_OUTPUT -- COMMAND...: runs the command, checks its exit code and output.
expect() {
    local want=$1 text=$2 got=0
    shift 3
    local shown=${*//$tmp/\$tmp}
    "$@" >"$tmp/out" 2>&1 || got=$?
    # One line of text: grep -F would read a multi-line text as alternatives.
    if [ "$got" -eq "$want" ] && grep -qF -- "$text" "$tmp/out"; then
        echo "ok: exit $got, \"$text\" from: $shown"
    else
        echo "FAILED: wanted exit $want and \"$text\", got exit $got from: $shown"
        sed 's/^/    /' "$tmp/out"
        failures=$((failures + 1))
    fi
}

removed_property=$tmp/removed-property.yaml # breaking for both tools
variant "$removed_property" "        revoked:
          type: boolean
          description: Whether the key has been revoked.
          example: false
" ""
now_required=$tmp/now-required.yaml # breaking, seen by redocly diff only
variant "$now_required" "        - name: user_id
          in: query
          required: false" "        - name: user_id
          in: query
          required: true"
optional_parameter=$tmp/optional-parameter.yaml # not breaking
variant "$optional_parameter" "        - name: user_id
          in: query
          required: false
          description: The unique user ID in an organization.
          schema:
            type: string
            example: user-123
          example: user-123
" "        - name: user_id
          in: query
          required: false
          description: The unique user ID in an organization.
          schema:
            type: string
            example: user-123
          example: user-123
        - name: alias
          in: query
          required: false
          description: Only the keys with this alias.
          schema:
            type: string
          example: MLApplicationName
"

echo "== explicit mode"
expect 1 "crate version 0.1.0 -> 0.1.1: it needs at least 0.2.0" -- \
    bash "$gate" openapi.yaml "$removed_property" 0.1.0 0.1.1
expect 0 "passed, breaking change with the crate version bumped 0.1.0 -> 0.2.0" -- \
    bash "$gate" openapi.yaml "$removed_property" 0.1.0 0.2.0
expect 1 "\`user_id\` query parameter became required" -- \
    bash "$gate" openapi.yaml "$now_required" 0.3.2 0.3.9
expect 1 "crate version 1.4.0 -> 1.5.0: it needs at least 2.0.0" -- bash "$gate" openapi.yaml "$now_required" 1.4.0 1.5.0
expect 0 "bumped 1.4.0 -> 2.0.0" -- bash "$gate" openapi.yaml "$now_required" 1.4.0 2.0.0
expect 0 "passed, no breaking change" -- bash "$gate" openapi.yaml "$optional_parameter" 0.1.0 0.1.0
expect 2 "is not a version like 0.1.0" -- bash "$gate" openapi.yaml openapi.yaml 0.1 0.2.0

echo "== CI mode (HEAD~1 vs the work tree) in a throwaway repository"
repo=$tmp/repo
mkdir -p "$repo/.ci"
cp .ci/breaking-change.sh .ci/tools.sh .ci/package.json .ci/package-lock.json \
    .ci/requirements.txt "$repo/.ci/"
# The tools installed for this checkout (tools.sh has just run through the gate above).
ln -s "$root/.ci/node_modules" "$repo/.ci/node_modules"
ln -s "$root/.ci/venv" "$repo/.ci/venv"
cp openapi.yaml Cargo.toml "$repo/"
# The cases below start from 0.1.0, whatever the crate's own version is now.
sed -i '0,/^version = ".*"/s//version = "0.1.0"/' "$repo/Cargo.toml"
git_in_repo() { git -C "$repo" -c user.name=ci -c user.email=ci@localhost "$@"; }
git_in_repo init -q
git_in_repo add -A
git_in_repo commit -qm "first"
expect 0 "skipped, no previous commit" -- bash "$repo/.ci/breaking-change.sh"

cp "$removed_property" "$repo/openapi.yaml"
git_in_repo commit -qam "breaking, no bump"
expect 1 "crate version 0.1.0 -> 0.1.0: it needs at least 0.2.0" -- bash "$repo/.ci/breaking-change.sh"

sed -i '0,/^version = ".*"/s//version = "0.2.0"/' "$repo/Cargo.toml"
git_in_repo commit -q --amend -am "breaking, with the bump"
expect 0 "bumped 0.1.0 -> 0.2.0" -- bash "$repo/.ci/breaking-change.sh"

git_in_repo commit -q --allow-empty -m "no spec change"
expect 0 "openapi.yaml unchanged since HEAD~1" -- bash "$repo/.ci/breaking-change.sh"

# A shallow clone (the repository's .ci/ and its tool links come along) has no HEAD~1.
git clone -q --depth 1 "file://$repo" "$tmp/shallow"
expect 0 "skipped, no previous commit" -- bash "$tmp/shallow/.ci/breaking-change.sh"

if [ "$failures" -gt 0 ]; then
    echo "breaking-change-test: $failures case(s) failed"
    exit 1
fi
echo "breaking-change-test: all cases passed"
