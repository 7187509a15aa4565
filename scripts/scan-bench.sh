#!/usr/bin/env bash
# Measures `whylabs-keys scan` (release build) side by side with ripgrep, in one hyperfine run
# per input (Debian packages `hyperfine` and `ripgrep`):
#   1. a tree of code and logs with realistic dot density (method calls, floats, URLs,
#      JWT-like tokens, a few keys): `rg -c PATTERN tree` vs `scan tree` (keep >= 0.9x rg);
#   2. a generated git repository (COMMITS commits rewriting parts of 40 files):
#      `git cat-file --batch-all-objects --batch | rg -c PATTERN` vs `scan --git` (<= 1.5x);
#   3. `scan --staged` in that repository with one file staged (< 200 ms).
# No API key: lookups would happen after the walk and are not what is measured.
# Usage: bash scripts/scan-bench.sh [--mb MEGABYTES] [--commits N] [--runs N]
#        defaults 300 MB, 2000 commits, 10 runs; `--mb 30 --commits 300` for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=300 commits=2000 runs=10
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) mb=$2; shift 2 ;;
        --commits) commits=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--mb MEGABYTES] [--commits N] [--runs N]" >&2; exit 2 ;;
    esac
done
for tool in hyperfine rg git python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y hyperfine ripgrep)" >&2; exit 2; }
done
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -p whylabs-keys --quiet
bin=$CARGO_TARGET_DIR/release/whylabs-keys
gen=$PWD/scripts/scan-bench-gen.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset WHYLABS_API_KEY WHYLABS_KEYS_PROFILE
# The key shape, as the tool's matcher has it (rg uses the same regex engine).
pattern='[A-Za-z0-9]{10}\.[A-Za-z0-9+\-^!$&@]{53}(?::[A-Za-z0-9][A-Za-z0-9_\-]{0,63})?'

echo "== inputs"
python3 "$gen" tree "$work/tree" "$mb"
git init -q "$work/repo"
python3 "$gen" history "$commits" | git -C "$work/repo" fast-import --quiet
git -C "$work/repo" checkout -q main
echo "tree: $(du -sh "$work/tree" | cut -f1), $(find "$work/tree" -type f | wc -l) files"
echo "repository: $commits commits, $(git -C "$work/repo" cat-file --batch-all-objects --batch | wc -c) bytes of objects"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

echo "== 1. tree: rg -c vs scan"
hyperfine -N -i --warmup 2 --runs "$runs" \
    "rg -c $pattern $work/tree" \
    "$bin scan $work/tree -o csv"

echo "== 2. history: cat-file | rg -c vs scan --git"
hyperfine -i --warmup 1 --runs "$runs" \
    "git -C $work/repo cat-file --batch-all-objects --batch | rg -c '$pattern'" \
    "$bin scan --git $work/repo -o csv"
"$bin" scan --git "$work/repo" -o csv 2>&1 >/dev/null | head -1 || true

echo "== 3. scan --staged (one file staged)"
cd "$work/repo"
echo "x = 1.5" >> src/m0.py
git add src/m0.py
hyperfine -N -i --warmup 2 --runs "$runs" "$bin scan --staged -o csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
