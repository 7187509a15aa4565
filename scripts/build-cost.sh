#!/usr/bin/env bash
# What a user pays at build time, measured in one run (issue 6; figures in BENCHMARKS.md):
#
#   1. clean `cargo build` (dev profile, as `cargo build` after `cargo add`) of
#        baseline  benches/build-baseline: a hand-written client's dependencies only
#                  (reqwest with this crate's features and TLS, serde, serde_json, tokio, chrono)
#        crate     this crate as it is (progenitor runs in build.rs)
#        pregen    this crate from the code build.rs generated, without build-dependencies:
#                  the difference to `crate` is the generator's share of the clean build
#        aws-lc    this crate with reqwest's default TLS (rustls + aws-lc-rs) instead of ring
#        native    this crate with `--no-default-features --features native-tls`
#      in ROUNDS rounds (default 2), each round building every variant in turn, so that load
#      from other processes falls on all of them alike; ratios are to `baseline`;
#   2. the generator's share of compile work, from `cargo build --timings` of `crate`;
#   3. the rebuild after a one-word edit of a description in openapi.yaml;
#   4. `cargo tree` counts of the normal dependency graph.
#
# Everything happens in copies under a temporary directory, each build in a fresh target
# directory: the repository and its target/ are never touched.
#
# Usage: scripts/build-cost.sh [ROUNDS]     (about 6 minutes per round on 2 idle cores)
set -euo pipefail

rounds=${1:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
# BUILD_COST_KEEP=1 keeps the copies and target directories (--timings report included).
if [ -n "${BUILD_COST_KEEP:-}" ]; then
    trap 'echo "kept: $work"' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR RUSTC_WRAPPER

# A copy of the working tree (uncommitted edits included), without build output or tooling.
copy_crate() {
    mkdir -p "$1"
    tar -C "$root" --exclude=./target --exclude=./.git --exclude=./.ci/node_modules \
        --exclude=./.ci/venv -cf - . | tar -C "$1" -xf -
}

# Removes the [build-dependencies] table from a manifest.
drop_build_dependencies() {
    awk '/^\[/ { skip = ($0 == "[build-dependencies]") } !skip' "$1" >"$1.new"
    mv "$1.new" "$1"
}

# The variants' source trees.
prepare() {
    copy_crate "$work/crate"
    mkdir -p "$work/baseline"
    cp -r "$root/benches/build-baseline/." "$work/baseline/"
    # The crate's lock file pins the same versions; cargo drops what the baseline does not use.
    cp "$root/Cargo.lock" "$work/baseline/"

    # aws-lc: reqwest's `rustls` feature (aws-lc-rs provider) and that provider installed.
    copy_crate "$work/aws-lc"
    sed -i 's#"reqwest/rustls-no-provider"#"reqwest/rustls"#; s#features = \["ring", "std", "tls12"\]#features = ["aws_lc_rs", "std", "tls12"]#' \
        "$work/aws-lc/Cargo.toml"
    sed -i 's#rustls::crypto::ring::default_provider#rustls::crypto::aws_lc_rs::default_provider#' \
        "$work/aws-lc/src/tls.rs"
    grep -q '"reqwest/rustls"' "$work/aws-lc/Cargo.toml" || { echo "aws-lc edit failed" >&2; exit 1; }

    copy_crate "$work/native"

    # pregen: the generated client checked in, build.rs only copies it.
    copy_crate "$work/pregen"
    drop_build_dependencies "$work/pregen/Cargo.toml"
    cat >"$work/pregen/build.rs" <<'EOF'
fn main() {
    println!("cargo::rerun-if-changed=codegen.rs");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("codegen.rs");
    std::fs::copy("codegen.rs", out).unwrap();
}
EOF
    for dir in crate baseline aws-lc native pregen; do
        (cd "$work/$dir" && cargo fetch --quiet)
    done
}

# Prints the wall-clock seconds of a clean `cargo build` of variant $1 (extra cargo args after).
clean_build() {
    local variant=$1 target="$work/target-$1" started
    shift
    rm -rf "$target"
    started=$(date +%s.%N)
    (cd "$work/$variant" && CARGO_TARGET_DIR="$target" cargo build --offline --quiet "$@")
    echo "$(date +%s.%N) - $started" | bc
}

# The pregen variant needs the crate's generated code: from a first build of the crate.
generate_code() {
    local target="$work/target-generate"
    (cd "$work/crate" && CARGO_TARGET_DIR="$target" cargo build --offline --quiet)
    cp "$target"/debug/build/whylabs-api-keys-*/out/codegen.rs "$work/pregen/codegen.rs"
    rm -rf "$target"
}

load() { cut -d' ' -f1 /proc/loadavg; }

declare -A total
variants=(baseline crate pregen aws-lc native)

measure_clean_builds() {
    echo "## Clean builds (dev profile, $(nproc) cores), seconds"
    echo
    echo "| round | load before $(printf '| %s ' "${variants[@]}")|"
    echo "|---:|---:|$(printf -- '---:|%.0s' "${variants[@]}")"
    for round in $(seq 1 "$rounds"); do
        local row
        row="| $round | $(load) |"
        for variant in "${variants[@]}"; do
            local args=()
            [ "$variant" = crate ] && args=(--timings)
            [ "$variant" = native ] && args=(--no-default-features --features native-tls)
            local seconds
            seconds=$(clean_build "$variant" "${args[@]}")
            total[$variant]=$(echo "${total[$variant]:-0} + $seconds" | bc)
            row+=" $(printf '%.1f' "$seconds") |"
        done
        echo "$row"
    done
    local mean="| mean | |" ratio="| × baseline | |"
    for variant in "${variants[@]}"; do
        mean+=" $(echo "scale=1; ${total[$variant]} / $rounds" | bc) |"
        ratio+=" $(echo "scale=2; ${total[$variant]} / ${total[baseline]}" | bc) |"
    done
    echo "$mean"
    echo "$ratio"
    local share
    share=$(echo "scale=1; 100 * (${total[crate]} - ${total[pregen]}) / ${total[crate]}" | bc)
    echo
    echo "generator's share of the clean build, wall clock ((crate - pregen) / crate): $share %"
}

# CPU seconds of each unit of the crate's clean build (cargo's --timings report), split into
# the units only the code generator needs and the rest. What the crate needs without the
# generator is what `pregen` needs, build scripts of its dependencies (ring's `cc`) included.
generator_cpu_share() {
    local report="$work/target-crate/cargo-timings/cargo-timing.html"
    local normal="$work/runtime-packages.txt"
    (cd "$work/pregen" && cargo tree --offline -e normal,build --prefix none --format '{p}' |
        sed 's/ (.*//' | sort -u >"$normal")
    echo
    # A report cargo changed the shape of is no reason to lose the other figures.
    python3 - "$report" "$normal" <<'EOF' || echo "(could not read the --timings report)"
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
normal = {line.strip() for line in open(sys.argv[2]) if line.strip()}
def runtime(unit):
    package = f"{unit['name']} v{unit['version']}"
    # The crate's own build script (compiling and running it) is the generator at work.
    if unit["name"] == "whylabs-api-keys":
        return "build-script" not in unit["target"] and unit["mode"] != "run-custom-build"
    return package in normal
gen = sum(u["duration"] for u in units if not runtime(u))
allt = sum(u["duration"] for u in units)
top = sorted((u for u in units if not runtime(u)), key=lambda u: -u["duration"])[:8]
print(f"generator-only units: {gen:.1f} CPU-s of {allt:.1f} CPU-s in all ({100 * gen / allt:.1f} %)")
print("largest: " + ", ".join(f"{u['name']} {u['duration']:.1f}s" for u in top))
EOF
}

# Rebuilds after changing one word of a description (its first occurrence), back and forth.
spec_edit_rebuilds() {
    local spec="$work/crate/openapi.yaml" target="$work/target-crate" times=()
    echo
    echo "## Rebuild after a one-word edit of openapi.yaml (\`cargo build\`), seconds"
    echo
    for words in "friendly readable" "readable friendly" "friendly readable"; do
        read -r from to <<<"$words"
        grep -q "A human-$from name" "$spec" || { echo "no 'human-$from' in the spec" >&2; exit 1; }
        sed -i "0,/A human-$from name/s//A human-$to name/" "$spec"
        local started
        started=$(date +%s.%N)
        (cd "$work/crate" && CARGO_TARGET_DIR="$target" cargo build --offline --quiet)
        times+=("$(printf '%.2f' "$(echo "$(date +%s.%N) - $started" | bc)")")
    done
    echo "runs: ${times[*]}"
}

tree_counts() {
    echo
    echo "## Dependency tree: \`cargo tree -e normal --prefix none | sort -u | wc -l\`"
    echo
    for dir in crate baseline; do
        echo "$dir: $(cd "$work/$dir" && cargo tree --offline -e normal --prefix none | sort -u | wc -l)"
    done
}

echo "rustc: $(rustc --version), load average at start: $(load)"
prepare
generate_code
measure_clean_builds
generator_cpu_share
spec_edit_rebuilds
tree_counts
echo
echo "load average at end: $(load)"
