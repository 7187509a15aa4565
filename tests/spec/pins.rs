//! The generator and its runtime stay in step without exact pins in `Cargo.toml`.
//!
//! `Cargo.toml` asks for `progenitor = "0.15"` (build) and `progenitor-client = "0.15"`
//! (runtime), so that an application needing another 0.15.x still resolves; within 0.15 the
//! generated code uses the same runtime API (`tests/fixtures/dependent` builds it against the
//! oldest, 0.15.0: `.ci/dependent-check.sh`). Where the code is generated and tested — this
//! repository, whose lock file CI uses — both must be the same release, so that the committed
//! `src/generated/client.rs` is what that progenitor makes and the tests run it on the runtime
//! written for it. A `cargo update` that moves one without the other fails here.

/// Relative to the package root, where cargo runs integration tests.
const LOCK_FILE: &str = "Cargo.lock";

/// The versions `Cargo.lock` resolves the package `name` to (more than one if several majors).
fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    // Each `[[package]]` table starts with its `name = ` line, followed by `version = `.
    let mut lines = lock.lines().map(str::trim);
    let mut versions = Vec::new();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"") {
            let version = lines.next().and_then(|l| l.strip_prefix("version = \""));
            let version = version.and_then(|v| v.strip_suffix('"'));
            versions.push(version.expect("`version` follows `name`").to_string());
        }
    }
    versions
}

#[test]
fn progenitor_and_its_client_are_locked_to_the_same_release() {
    let lock = std::fs::read_to_string(LOCK_FILE).expect("Cargo.lock is committed");
    let generator = locked_versions(&lock, "progenitor");
    let runtime = locked_versions(&lock, "progenitor-client");
    assert_eq!(
        generator.len(),
        1,
        "one progenitor in Cargo.lock: {generator:?}"
    );
    assert_eq!(
        generator, runtime,
        "Cargo.lock has progenitor {generator:?} but progenitor-client {runtime:?}: update both \
         (`cargo update -p progenitor -p progenitor-client`), then regenerate the committed \
         client (`EXPECTORATE=overwrite cargo test --test spec`)"
    );
}

#[test]
fn a_lock_file_is_read_as_cargo_writes_it() {
    let lock = "[[package]]\nname = \"progenitor\"\nversion = \"0.15.1\"\nsource = \"x\"\n\n\
                [[package]]\nname = \"progenitor-client\"\nversion = \"0.15.0\"\n";
    assert_eq!(locked_versions(lock, "progenitor"), ["0.15.1"]);
    assert_eq!(locked_versions(lock, "progenitor-client"), ["0.15.0"]);
    assert!(locked_versions(lock, "progenitor-impl").is_empty());
}
