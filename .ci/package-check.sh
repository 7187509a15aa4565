#!/usr/bin/env bash
# Checks that the crate as published builds on its own: `cargo package` must include openapi.yaml
# and everything else build.rs and the sources read, and leave out tests/ and .ci/ (dev files a
# user never needs). The list is checked first for a readable message; then `cargo package`
# unpacks the .crate into target/package/ and builds it there, away from the repository, which
# is the real proof (no --no-verify). That build compiles the dependencies once more (~1.5 min).
set -euo pipefail
cd "$(dirname "$0")/.."

# --allow-dirty: a local run may have uncommitted edits; CI's fresh clone is clean anyway.
list=$(cargo package --list --allow-dirty 2>/dev/null)
missing=0
# build.rs reads openapi.yaml; src/lib.rs includes README.md as docs; generated.rs includes
# the build script's output.
for needed in Cargo.toml build.rs openapi.yaml README.md src/lib.rs src/generated.rs; do
    if ! grep -qx -- "$needed" <<<"$list"; then
        echo "package-check: $needed is not in the package: add it to \`include\` in Cargo.toml" >&2
        missing=1
    fi
done
if grep -E '^(tests|\.ci)/' <<<"$list" >&2; then
    echo "package-check: the files above are dev files and must not be published" >&2
    missing=1
fi
[ "$missing" -eq 0 ]
echo "package-check: $(wc -l <<<"$list") files listed, openapi.yaml and build.rs among them"

# --all-features: a feature-gated module (the emulator) left out of the package would pass a
# default build. Cargo names each test target under tests/ it leaves out ("ignoring test ..."):
# expected, so those warnings are not shown.
cargo package --allow-dirty --all-features 2> >(grep -v '^warning: ignoring test ' >&2)
