#!/usr/bin/env bash
# An application that also requires progenitor-client =0.15.0 (the crate's own lockfile has
# 0.15.1) resolves and builds: the crate's requirements are compatible, not exact.
set -euo pipefail
cd "$(dirname "$0")/.."
fixture=tests/fixtures/dependent
CARGO_TARGET_DIR=target/dependent-check cargo check --manifest-path "$fixture/Cargo.toml"
grep -A1 '^name = "progenitor-client"' "$fixture/Cargo.lock" | grep -q 'version = "0.15.0"'
echo "dependent-check: resolves with progenitor-client 0.15.0 and builds"
