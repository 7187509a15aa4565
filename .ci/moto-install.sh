#!/usr/bin/env bash
# Installs moto[server] (pinned) into .ci/moto-venv (ignored), once per version: .ci/moto.sh
# runs it before starting moto_server, and .ci/run in the background while clippy compiles.
set -euo pipefail

MOTO_VERSION=5.2.1
moto_venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/moto-venv"
if [ "$(cat "$moto_venv/.installed" 2>/dev/null)" != "$MOTO_VERSION" ]; then
    echo "installing moto[server]==$MOTO_VERSION into $moto_venv"
    rm -rf "$moto_venv"
    python3 -m venv "$moto_venv"
    "$moto_venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    echo "$MOTO_VERSION" > "$moto_venv/.installed"
fi
