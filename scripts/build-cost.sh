#!/usr/bin/env bash
# What a user pays at build time, measured in one run (issues 6 and 13; figures in BENCHMARKS.md).
#
# A small dependent application (its own crate, one binary that lists a user's keys once) is
# built clean (dev profile, `cargo build`, a fresh target directory each time) in variants that
# differ only in the client library it depends on:
#   default   whylabs-api-keys with its default features: progenitor runs in build.rs
#   opt-out   whylabs-api-keys with `default-features = false, features = ["rustls"]`: the
#             committed generated client, no generator crates
#   baseline  benches/build-baseline, a hand-written client on reqwest (rustls + ring),
#             serde, serde_json, tokio and chrono alone
#   native    (only when asked for, see VARIANTS) the crate with native-tls and the generator
# Then:
#   1. ROUNDS rounds (default 2), each building every variant once, the order rotating from round
#      to round, so that load from other processes falls on all of them alike, each build
#      starting when the CPUs are idle; wall-clock and CPU seconds, medians over the rounds, and
#      each round's ratios to the baseline of that round;
#   2. from the last round's `cargo build --timings` reports, the units only `default` builds
#      (the generator) and the units `opt-out` builds beyond `baseline`, each with its time;
#   3. the rebuild of the `default` application after a one-word edit of openapi.yaml;
#   4. `cargo tree` package counts of each application.
#
# Everything happens in copies under a temporary directory: the repository and its target/ are
# never touched. Every application starts from the crate's Cargo.lock, so all resolve the same
# versions of what they share.
#
# Usage: scripts/build-cost.sh [ROUNDS]   (about 2 minutes per round on 2 idle cores)
#        VARIANTS="baseline opt-out default native" scripts/build-cost.sh 1
set -euo pipefail

rounds=${1:-2}
read -r -a variants <<<"${VARIANTS:-baseline opt-out default}"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/build-cost.XXXXXX")
# BUILD_COST_KEEP=1 keeps the copies and target directories (--timings reports included).
if [ -n "${BUILD_COST_KEEP:-}" ]; then
    trap 'echo "kept: $work"' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
export CARGO_TERM_COLOR=never
unset CARGO_TARGET_DIR RUSTC_WRAPPER

# The dependency lines of each variant's application (path dependencies on the copies).
declare -A dependency=(
    [default]="whylabs-api-keys = { path = \"$work/crate\" }"
    [opt-out]="whylabs-api-keys = { path = \"$work/crate\", default-features = false, features = [\"rustls\"] }"
    [native]="whylabs-api-keys = { path = \"$work/crate\", default-features = false, features = [\"native-tls\", \"generate\"] }"
    # The application builds its own reqwest client and installs the TLS provider, as the
    # crate does for its users; both are in the baseline's graph already.
    [baseline]="build-baseline = { path = \"$work/baseline-lib\" }
reqwest = { version = \"0.13\", default-features = false }
rustls = { version = \"0.23\", default-features = false }"
)

# One list call, the same for every variant; only the client differs.
crate_main='fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let client = whylabs_api_keys::Client::from_env()?;
    let keys = runtime.block_on(client.list_keys("org-0").user("user-0").send())?;
    println!("{} keys", keys.len());
    Ok(())
}'
baseline_main='fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (url, key) = (std::env::var("WHYLABS_API_ENDPOINT")?, std::env::var("WHYLABS_API_KEY")?);
    let client = build_baseline::RawClient::new(reqwest::Client::new(), &url, &key);
    let keys = runtime.block_on(client.list_keys("org-0", "user-0"))?;
    println!("{} keys", keys.len());
    Ok(())
}'

# A copy of the working tree (uncommitted edits included), without build output or tooling.
copy_crate() {
    mkdir -p "$1"
    tar -C "$root" --exclude=./target --exclude=./.git --exclude=./.ci/node_modules \
        --exclude=./.ci/venv -cf - . | tar -C "$1" -xf -
}

# The application of variant $1, in $work/app-$1.
write_app() {
    local dir="$work/app-$1" main=$crate_main
    [ "$1" = baseline ] && main=$baseline_main
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "app"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
tokio = { version = "1", features = ["rt"] }
${dependency[$1]}
EOF
    echo "$main" >"$dir/src/main.rs"
    cp "$root/Cargo.lock" "$dir/"
    (cd "$dir" && cargo fetch --quiet)
}

prepare() {
    copy_crate "$work/crate"
    mkdir -p "$work/baseline-lib"
    cp -r "$root/benches/build-baseline/." "$work/baseline-lib/"
    for variant in "${variants[@]}"; do
        write_app "$variant"
    done
}

# Waits (at most 3 minutes) until the other processes leave the CPUs almost idle for 3 s, so
# that a build does not start in the middle of someone else's: other builds share this machine.
# Prints the seconds waited.
wait_quiet() {
    local waited=0 busy
    while [ "$waited" -lt 180 ]; do
        busy=$(cpu_busy_percent 3)
        [ "$busy" -lt 15 ] && break
        waited=$((waited + 3))
    done
    echo "$waited"
}

# The share of all CPUs' time spent busy over the next $1 seconds, in percent (from /proc/stat).
cpu_busy_percent() {
    local a b
    read -r -a a < <(head -1 /proc/stat)
    sleep "$1"
    read -r -a b < <(head -1 /proc/stat)
    local total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    local idle=$((b[4] - a[4] + b[5] - a[5]))
    echo $((total > 0 ? 100 * (total - idle) / total : 0))
}

# A clean `cargo build --timings` of variant $1's application; prints "WALL CPU" seconds, CPU
# being the user + system time of cargo and every compiler it ran. The CPU figure moves less
# than the wall clock when other processes compete for the cores.
clean_build() {
    local target="$work/target-$1" log="$work/build-$1.log" times wall user sys
    rm -rf "$target"
    # `time` reports on the group's stderr; cargo's own messages go to the log.
    if ! times=$( {
        TIMEFORMAT='%R %U %S'
        time (cd "$work/app-$1" && CARGO_TARGET_DIR="$target" cargo build --offline --quiet \
            --timings 2>"$log")
    } 2>&1); then
        cat "$log" >&2
        exit 1
    fi
    read -r wall user sys <<<"$times"
    echo "$wall $(echo "$user + $sys" | bc)"
}

load() { cut -d' ' -f1 /proc/loadavg; }

# Each variant's seconds and ratios to the baseline, one word per round.
declare -A wall cpu ratios_wall ratios_cpu
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

measure_clean_builds() {
    local n=${#variants[@]}
    echo "## Clean builds of the dependent application (dev profile, $(nproc) cores)"
    echo
    echo "Seconds, wall clock (CPU: user + system); before each build the script waits for"
    echo "the other processes to leave the CPUs idle (\"waited\", seconds, summed over the round)."
    echo
    echo "| round | order | waited | load before $(printf '| %s ' "${variants[@]}")$(printf '| %s ÷ baseline ' "${variants[@]:1}")|"
    echo "|---:|---|---:|---:|$(printf -- '---:|%.0s' "${variants[@]}" "${variants[@]:1}")"
    for round in $(seq 1 "$rounds"); do
        local order=() i waited=0 before
        for i in $(seq 0 $((n - 1))); do
            order+=("${variants[$(((round - 1 + i) % n))]}")
        done
        declare -A this_wall=() this_cpu=()
        for variant in "${order[@]}"; do
            waited=$((waited + $(wait_quiet)))
            [ "$variant" = "${order[0]}" ] && before=$(load)
            read -r "this_wall[$variant]" "this_cpu[$variant]" <<<"$(clean_build "$variant")"
            wall[$variant]="${wall[$variant]:-} ${this_wall[$variant]}"
            cpu[$variant]="${cpu[$variant]:-} ${this_cpu[$variant]}"
        done
        local row="| $round | ${order[*]} | $waited | $before |"
        for variant in "${variants[@]}"; do
            row+=" $(printf '%.1f (%.1f)' "${this_wall[$variant]}" "${this_cpu[$variant]}") |"
        done
        local r_wall r_cpu
        for variant in "${variants[@]:1}"; do
            r_wall=$(ratio "${this_wall[$variant]}" "${this_wall[baseline]}")
            r_cpu=$(ratio "${this_cpu[$variant]}" "${this_cpu[baseline]}")
            ratios_wall[$variant]="${ratios_wall[$variant]:-} $r_wall"
            ratios_cpu[$variant]="${ratios_cpu[$variant]:-} $r_cpu"
            row+=" $r_wall ($r_cpu) |"
        done
        echo "$row"
    done
    local median_row="| median | | | |" base_wall base_cpu m_wall m_cpu
    # shellcheck disable=SC2086 # one word per round
    base_wall=$(median ${wall[baseline]}) base_cpu=$(median ${cpu[baseline]})
    for variant in "${variants[@]}"; do
        # shellcheck disable=SC2086
        median_row+=" $(printf '%.1f (%.1f)' "$(median ${wall[$variant]})" "$(median ${cpu[$variant]})") |"
    done
    for variant in "${variants[@]:1}"; do
        # shellcheck disable=SC2086
        m_wall=$(median ${wall[$variant]}) m_cpu=$(median ${cpu[$variant]})
        median_row+=" **$(ratio "$m_wall" "$base_wall")** ($(ratio "$m_cpu" "$base_cpu")) |"
    done
    echo "$median_row"
    # The paired figure: each round's ratio compares builds made minutes apart, so a slow spell
    # of the machine that lasts a round cancels out.
    local paired="| median of the rounds' ratios | | | |"
    for variant in "${variants[@]}"; do paired+=" |"; done
    for variant in "${variants[@]:1}"; do
        # shellcheck disable=SC2086
        paired+=" **$(printf '%.2f' "$(median ${ratios_wall[$variant]})")** ($(printf '%.2f' "$(median ${ratios_cpu[$variant]})")) |"
    done
    echo "$paired"
}

# The last round's --timings reports: which units one variant builds and another does not.
attribute() {
    echo
    echo "## Where the time goes (last round's \`--timings\`; unit-seconds: each unit's own"
    echo "## wall time, summed, so more than the build's wall time when units overlap)"
    echo
    python3 - "$work" "${variants[@]}" <<'EOF' || echo "(could not read the --timings reports)"
import json, re, sys
work, variants = sys.argv[1], sys.argv[2:]
def units(variant):
    html = open(f"{work}/target-{variant}/cargo-timings/cargo-timing.html").read()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    # A package's library, its build script's compilation and the script's run are three units.
    return {(u["name"], u["version"], u["target"].strip(), u["mode"]): u["duration"] for u in data}
def label(key):
    name, _, target, mode = key
    kind = " (run build script)" if mode == "run-custom-build" else f" {target}" if target else ""
    return name + kind
have = {v: units(v) for v in variants}
for v, u in have.items():
    print(f"- {v}: {len(u)} units, {sum(u.values()):.1f} unit-seconds")
def only(a, b, what):
    extra = {k: d for k, d in have[a].items() if k not in have[b]}
    top = sorted(extra.items(), key=lambda kv: -kv[1])
    print(f"\n{what}: {len(extra)} units, {sum(extra.values()):.1f} unit-seconds")
    print(", ".join(f"{label(k)} {d:.1f}" for k, d in top if d >= 0.05))
if "default" in have and "opt-out" in have:
    only("default", "opt-out", "built by `default`, not by `opt-out` (the generator)")
if "opt-out" in have and "baseline" in have:
    only("opt-out", "baseline", "built by `opt-out`, not by `baseline` (the crate over a hand-written client)")
EOF
}

# Rebuilds after changing one word of a description (its first occurrence), back and forth.
spec_edit_rebuilds() {
    local spec="$work/crate/openapi.yaml" times=()
    echo
    echo "## Rebuild of the \`default\` application after a one-word edit of openapi.yaml, seconds"
    echo
    for words in "friendly readable" "readable friendly" "friendly readable"; do
        read -r from to <<<"$words"
        grep -q "A human-$from name" "$spec" || { echo "no 'human-$from' in the spec" >&2; exit 1; }
        sed -i "0,/A human-$from name/s//A human-$to name/" "$spec"
        local started
        started=$(date +%s.%N)
        (cd "$work/app-default" && CARGO_TARGET_DIR="$work/target-default" cargo build --offline --quiet)
        times+=("$(printf '%.2f' "$(echo "$(date +%s.%N) - $started" | bc)")")
    done
    echo "runs: ${times[*]}"
}

# Distinct packages (the application included); `(*)` marks a package already listed.
packages() {
    (cd "$work/app-$1" && cargo tree --offline -e "$2" --prefix none | sed 's/ (\*)$//' | sort -u | wc -l)
}

tree_counts() {
    echo
    echo "## Packages in each application's graph (\`cargo tree -e EDGES --prefix none\`, distinct)"
    echo
    echo "| | -e normal (linked into the program) | -e normal,build (compiled for a clean build) |"
    echo "|---|---:|---:|"
    for variant in "${variants[@]}"; do
        echo "| $variant | $(packages "$variant" normal) | $(packages "$variant" normal,build) |"
    done
}

[ "${variants[0]}" = baseline ] || { echo "VARIANTS must start with baseline" >&2; exit 1; }
echo "rustc: $(rustc --version), load average at start: $(load)"
prepare
measure_clean_builds
attribute
[[ " ${variants[*]} " == *" default "* ]] && spec_edit_rebuilds
tree_counts
echo
echo "load average at end: $(load)"
