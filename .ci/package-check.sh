#!/usr/bin/env bash
# Checks that the crate as published builds on its own: `cargo package` must include openapi.yaml
# and everything else build.rs, the generator and the sources read, and leave out tests/ and
# .ci/ (dev files a user never needs). The list is checked first for a readable message; then
# `cargo package` unpacks the .crate into target/package/ and builds it there, away from the
# repository, which is the real proof (no --no-verify). That build compiles the dependencies
# once more (~1.5 min).
set -euo pipefail
cd "$(dirname "$0")/.."

# --allow-dirty: a local run may have uncommitted edits; CI's fresh clone is clean anyway.
list=$(cargo package --list --allow-dirty 2>/dev/null)
missing=0
# build.rs runs build/generator.rs, which reads openapi.yaml; src/lib.rs includes README.md as
# docs; generated.rs includes the build script's output, or src/generated/client.rs without the
# `generate` feature (the last step below builds that way).
for needed in Cargo.toml build.rs build/generator.rs openapi.yaml README.md src/lib.rs \
    src/generated.rs src/generated/client.rs; do
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
echo "package-check: $(wc -l <<<"$list") files listed, openapi.yaml, build.rs and the committed" \
    "client among them"

# --all-features: a feature-gated module (`blocking`, `raw`) left out of the package would pass
# a default build. Cargo names each test target under tests/ it leaves out ("ignoring test ..."):
# expected, so those warnings are not shown.
cargo package --allow-dirty --all-features 2> >(grep -v '^warning: ignoring test ' >&2)

# The published crate without the generator (what `default-features = false` users build): the
# committed client alone, from the unpacked package that the step above verified.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
cargo check --quiet --lib --no-default-features --features rustls \
    --manifest-path "${CARGO_TARGET_DIR:-target}/package/whylabs-api-keys-$version/Cargo.toml"
echo "package-check: the packaged crate builds with and without the generator"
