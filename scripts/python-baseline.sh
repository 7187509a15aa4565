#!/usr/bin/env bash
# The facade against the Python client whylabs-client 0.4.0 (PyPI) on the same loopback server
# (issue 19: facade >= 20x Python at concurrency 16). Installs the client into a virtual
# environment under target/ (not committed), starts the benchmark's server alone
# (`per_call --serve`), then alternates Python and facade runs of each call, ROUNDS rounds, and
# prints calls/s per round and the medians.
#
#   scripts/python-baseline.sh [ROUNDS] [CONCURRENCY]      # default 5 rounds, concurrency 16
#
# Whylabs-client 0.4.0 has no v1 generate: get, list and create are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
concurrency=${2:-16}
venv=target/python-baseline-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet whylabs-client==0.4.0
fi
bench=$(cargo bench --no-run --bench per_call 2>&1 | sed -n 's/.*(\(.*per_call[^)]*\)).*/\1/p' | tail -1)
[ -x "$bench" ] || { echo "per_call benchmark binary not found" >&2; exit 1; }

fifo=$(mktemp -u); mkfifo "$fifo"
exec 3<>"$fifo"; rm -f "$fifo"
"$bench" --serve <&3 >"$venv.url" &
server=$!
trap 'exec 3>&-; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$venv.url" ] && break; sleep 0.1; done
url=$(head -1 "$venv.url")
echo "server $url, concurrency $concurrency, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| call | Python 0.4.0 calls/s (rounds) | facade calls/s (rounds) | median facade / Python |\n|---|---|---|---:|\n'
for call in get list1 list100 create; do
  case $call in get) rust=get; calls=8000;; list1) rust=1; calls=8000;; list100) rust=100; calls=2000;; create) rust=0; calls=8000;; esac
  py=(); rs=()
  for round in $(seq "$rounds"); do
    p=$("$venv/bin/python" scripts/python_baseline.py "$url" "$call" "$concurrency" $((calls / 8)) | cut -d' ' -f1)
    r=$("$bench" --profile a "$rust" "$concurrency" "$calls" --base-url "$url" | cut -d' ' -f1)
    py+=("$p"); rs+=("$r")
  done
  pm=$(printf '%s\n' "${py[@]}" | median); rm_=$(printf '%s\n' "${rs[@]}" | median)
  ratio=$(awk -v r="$rm_" -v p="$pm" 'BEGIN {printf "%.1f", r / p}')
  echo "| $call | $pm (${py[*]}) | $rm_ (${rs[*]}) | **${ratio}×** |"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
