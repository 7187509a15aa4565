#!/usr/bin/env bash
# Instructions per call (valgrind's callgrind, client and server together) of the facade (a)
# and the raw reqwest client (c) at concurrency 1, for get, list 1, create and generate: the
# regression guard of issue 19. Per call = (instructions of a 3,000-call run - those of a
# 1,000-call run) / 2,000, which removes start-up. Fails when the facade's figure of any call
# grows by more than 5 % over the one recorded in benches/callgrind-figures.txt.
#
#   scripts/callgrind-guard.sh            # measure and check
#   scripts/callgrind-guard.sh --record   # measure and rewrite the recorded figures
set -euo pipefail
cd "$(dirname "$0")/.."
figures=benches/callgrind-figures.txt
bench=$(cargo bench --no-run --bench per_call 2>&1 | sed -n 's/.*(\(.*per_call[^)]*\)).*/\1/p' | tail -1)
[ -x "$bench" ] || { echo "per_call benchmark binary not found" >&2; exit 1; }

instructions() { # variant workload calls
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --profile "$1" "$2" 1 "$3" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

measured=$(mktemp)
trap 'rm -f "$measured"' EXIT
printf '| call | (a) facade per call | (c) raw per call | (a) / (c) | recorded (a) | (a) / recorded |\n|---|---:|---:|---:|---:|---:|\n'
failed=0
for call in get 1 0 generate; do
  label=$call; [ "$call" = 1 ] && label="list 1"; [ "$call" = 0 ] && label=create
  for variant in a c; do
    low=$(instructions "$variant" "$call" 1000); high=$(instructions "$variant" "$call" 3000)
    echo "$variant $call $(( (high - low) / 2000 ))" >>"$measured"
  done
  a=$(awk -v c="$call" '$1 == "a" && $2 == c {print $3}' "$measured")
  c=$(awk -v c="$call" '$1 == "c" && $2 == c {print $3}' "$measured")
  recorded=$(awk -v c="$call" '$1 == "a" && $2 == c {print $3}' "$figures" 2>/dev/null || true)
  growth=$(awk -v a="$a" -v r="${recorded:-0}" 'BEGIN {print (r > 0 ? sprintf("%.3f", a / r) : "-")}')
  echo "| $label | $a | $c | $(awk -v a="$a" -v c="$c" 'BEGIN {printf "%.2f", a / c}') | ${recorded:--} | $growth |"
  if [ -n "$recorded" ] && awk -v a="$a" -v r="$recorded" 'BEGIN {exit !(a > r * 1.05)}'; then
    echo "REGRESSION: $label costs $a instructions per call, over 5 % above the recorded $recorded" >&2
    failed=1
  fi
done
if [ "${1:-}" = --record ]; then
  { echo "# variant call instructions-per-call (scripts/callgrind-guard.sh --record; call: get, list size, 0 = create, generate)"
    cat "$measured"; } >"$figures"
  echo "recorded in $figures"
fi
exit "$failed"
