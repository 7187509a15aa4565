#!/usr/bin/env bash
# Measures `whylabs-keys rotate --plan` (release build) against a local emulator: a plan of
# 100 keys (one per user), each delivered to a file sink, wall time of the whole run.
# Usage: bash scripts/rotate-bench.sh [KEYS] [CONCURRENCY]   (BENCHMARKS.md has the figure)
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-100}
concurrency=${2:-8}
source scripts/bench-emulator.sh

# One key per user over the v0 API, and a plan entry delivering it to a file.
mkdir -p "$work/sinks"
for i in $(seq "$keys"); do
    curl -sf -X POST -H "X-API-Key: $WHYLABS_API_KEY" \
        "$WHYLABS_API_ENDPOINT/v0/organizations/org-bench/api-key?user_id=svc-$i&scopes=%3Auser&alias=bench"
    echo
done | python3 -c '
import json, sys
work = sys.argv[1]
for i, line in enumerate(l for l in sys.stdin if l.strip()):
    key_id = json.loads(line)["keyId"]
    sink = "file:%s/sinks/%d.key" % (work, i)
    print("[[key]]\nid = %s\ndeliver = [%s]\n" % (json.dumps(key_id), json.dumps(sink)))
' "$work" > "$work/rotations.toml"
echo "plan: $(grep -c '^\[\[key\]\]' "$work/rotations.toml") keys, concurrency $concurrency"

start=$(date +%s.%N)
${TIME_CMD:-} "$bin" rotate --plan "$work/rotations.toml" --journal "$work/journal" --concurrency "$concurrency" --yes > "$work/out"
end=$(date +%s.%N)
echo "rotated: $(grep -c ': Rotated' "$work/out") of $keys; sink files: $(ls "$work/sinks" | wc -l)"
python3 -c "print(f'wall time: {float(\"$end\") - float(\"$start\"):.2f} s')"
