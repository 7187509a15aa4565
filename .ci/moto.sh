#!/usr/bin/env bash
# Sourced by .ci/run before the tests: a real local AWS Secrets Manager for the aws-sm: sink
# of `whylabs-keys rotate` (cli/tests/cli/aws_sm.rs, built by `--all-features`). Installs
# moto[server] (pinned) into .ci/moto-venv (ignored), starts moto_server on 127.0.0.1, exports
# WHYLABS_KEYS_TEST_MOTO for the tests, and stops the server when the sourcing shell exits.
# Locally: `source .ci/moto.sh && cargo test -p whylabs-keys --features aws --test cli aws_sm`.

MOTO_VERSION=5.2.1
moto_venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/moto-venv"
if [ "$(cat "$moto_venv/.installed" 2>/dev/null)" != "$MOTO_VERSION" ]; then
    echo "installing moto[server]==$MOTO_VERSION into $moto_venv"
    rm -rf "$moto_venv"
    python3 -m venv "$moto_venv"
    "$moto_venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    echo "$MOTO_VERSION" > "$moto_venv/.installed"
fi

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
echo "moto_server $MOTO_VERSION on $WHYLABS_KEYS_TEST_MOTO"
