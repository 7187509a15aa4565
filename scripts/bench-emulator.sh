# Sourced by the CLI benchmarks (cli-bench.sh, rotate-bench.sh): builds the release binary
# ($bin), makes a work directory ($work, removed on exit), starts the tool's own emulator on
# loopback with room for the keys (a free organization holds 25 by default), and exports its
# endpoint and key with WHYLABS_DEFAULT_ORG_ID=org-bench.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -p whylabs-keys --quiet
bin=$CARGO_TARGET_DIR/release/whylabs-keys
work=$(mktemp -d)
emulator_pid=
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" emulator --port 0 --max-active-keys 1000000 >"$work/env" 2>/dev/null &
emulator_pid=$!
for _ in $(seq 50); do [ -s "$work/env" ] && [ "$(wc -l <"$work/env")" -ge 2 ] && break; sleep 0.1; done
export $(head -2 "$work/env")
export WHYLABS_DEFAULT_ORG_ID=org-bench NO_COLOR=1
