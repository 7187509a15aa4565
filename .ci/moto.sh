#!/usr/bin/env bash
# Sourced by .ci/run before the tests: a real local AWS Secrets Manager for the aws-sm: sink
# of `whylabs-keys rotate` (cli/tests/cli/aws_sm.rs, built by `--all-features`). Installs
# moto[server] (pinned, .ci/moto-install.sh) into .ci/moto-venv (ignored), starts moto_server
# on 127.0.0.1, exports WHYLABS_KEYS_TEST_MOTO for the tests, and stops the server when the
# sourcing shell exits.
# Locally: `source .ci/moto.sh && cargo test -p whylabs-keys --features aws --test cli aws_sm`.

moto_ci="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$moto_ci/moto-install.sh"
moto_venv="$moto_ci/moto-venv"

moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$moto_venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" > "${TMPDIR:-/tmp}/moto_server.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
moto_ready=
for _ in $(seq 1 150); do
    if curl -s -o /dev/null "http://127.0.0.1:$moto_port/"; then moto_ready=1; break; fi
    sleep 0.2
done
if [ -z "$moto_ready" ]; then
    echo "moto_server did not start:"; cat "${TMPDIR:-/tmp}/moto_server.log"; exit 1
fi
export WHYLABS_KEYS_TEST_MOTO="http://127.0.0.1:$moto_port"
echo "moto_server $(cat "$moto_venv/.installed") on $WHYLABS_KEYS_TEST_MOTO"
