#!/usr/bin/env bash
# Measures the whylabs-keys CLI (release build) against a local emulator, with hyperfine
# (Debian package `hyperfine`): `--help` start-up, `list` of 1,000 keys, `offboard` of a user
# with 100 keys, and `scan` throughput over a generated ~100 MB text tree. Loopback only.
# Usage: bash scripts/cli-bench.sh [RUNS]   (prints hyperfine's tables; BENCHMARKS.md has them)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
source scripts/bench-emulator.sh

# Keys straight over the v0 API (no CLI start-up per key): N keys of user $2.
seed() {
    for i in $(seq "$1"); do
        curl -sf -o /dev/null -X POST -H "X-API-Key: $WHYLABS_API_KEY" \
            "$WHYLABS_API_ENDPOINT/v0/organizations/org-bench/api-key?user_id=$2&scopes=%3Auser&alias=bench-$i"
    done
}
export -f seed

echo "== --help"
hyperfine -N --warmup 3 --runs "$runs" "$bin --help"

echo "== list of 1,000 keys (table, json, csv), rendered to a file"
seed 1000 "user-list"
"$bin" list -o json | grep -c '"key_id"'
hyperfine --warmup 2 --runs "$runs" \
    "$bin list > $work/out" "$bin list -o json > $work/out" "$bin list -o csv > $work/out"

echo "== offboard of a user with 100 keys (seeded before each run)"
hyperfine --shell bash --runs "$((runs < 10 ? runs : 10))" --prepare "seed 100 leaver" \
    "$bin offboard --user leaver --yes > $work/out"

echo "== scan of a ~100 MB tree (text with 50 planted keys)"
tree=$work/tree
python3 - "$tree" <<'PY'
import os, random, string, sys
root = sys.argv[1]
random.seed(14)
# Dotted tokens on every line: the key pattern's "." is where a regex engine must look closer.
words = ["config", "value", "import", "return", "self.data", "os.path.join", "model.fit()", "profile",
         "key", "=", ":", "upload", "whylabs.api", "pipeline", "2024-01-02T03:04:05.678", "true",
         "None", "{", "}", "# note.", "https://api.whylabsapp.com/v0", "e.g.", "v1.2.3", "x"]
alnum = string.ascii_letters + string.digits
size, planted = 0, 0
for d in range(20):
    os.makedirs(f"{root}/pkg{d}", exist_ok=True)
    for f in range(50):
        lines = []
        for _ in range(1400):
            lines.append(" ".join(random.choice(words) for _ in range(random.randint(4, 14))))
        if planted < 50 and f % 20 == 0:
            key = "".join(random.choice(alnum) for _ in range(10)) + "." + "".join(random.choice(alnum) for _ in range(53))
            lines.insert(500, f"WHYLABS_API_KEY={key}:org-bench")
            planted += 1
        text = "\n".join(lines) + "\n"
        with open(f"{root}/pkg{d}/file{f}.py", "w") as out:
            out.write(text)
        size += len(text)
print(f"tree: {size / 1e6:.1f} MB in 1000 files, {planted} keys planted")
PY
# Exit 1: the planted keys are found (and counted as live, as no key looks them up).
(env -u WHYLABS_API_KEY "$bin" scan "$tree" -o csv || true) | tail -n +2 | wc -l
hyperfine -i --warmup 1 --runs "$((runs < 10 ? runs : 10))" "env -u WHYLABS_API_KEY $bin scan $tree > $work/out"
