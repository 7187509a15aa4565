#!/usr/bin/env bash
# The hook in .pre-commit-hooks.yaml, run through the pre-commit framework (from PyPI, in a
# throwaway venv) in a throwaway repository: a staged key must fail the commit, a clean
# staged change must pass. `pre-commit try-repo` uses this checkout as it is, uncommitted
# changes included.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q -p whylabs-keys
export PATH="$root/target/debug:$PATH" PRE_COMMIT_HOME="$work/cache"
# No API key: a key found is `unknown`, which fails closed.
unset WHYLABS_API_KEY WHYLABS_API_ENDPOINT WHYLABS_KEYS_PROFILE

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"

repo="$work/repo"
git init -q -b main "$repo"
cd "$repo"
git config user.name ci && git config user.email ci@example.com
key="AbCdEfGhIj.$(printf 'a%.0s' $(seq 53))"

echo "WHYLABS_API_KEY=$key" > app.env
git add app.env
if "$pre_commit" try-repo "$root" whylabs-keys > "$work/out" 2>&1; then
  cat "$work/out"; echo "FAIL: the hook passed a staged key"; exit 1
fi
grep -q AbCdEfGhIj "$work/out" || { cat "$work/out"; echo "FAIL: the key id is not reported"; exit 1; }
if grep -q "$(printf 'a%.0s' $(seq 53))" "$work/out"; then echo "FAIL: the secret was printed"; exit 1; fi

# The key stays in the working tree, unstaged: only what is staged counts.
git rm -q --cached app.env
echo "clean" > README.md
git add README.md
"$pre_commit" try-repo "$root" whylabs-keys > "$work/out" 2>&1 || {
  cat "$work/out"; echo "FAIL: the hook failed a clean staged change"; exit 1
}
echo "pre-commit hook: a staged key fails, a clean change passes"
