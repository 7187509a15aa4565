//! The generator (`progenitor`, a build-dependency) and its runtime (`progenitor-client`) must
//! be the same release: the generated code calls the runtime's items. Their requirements are
//! compatible (`0.15`), not exact, so that an application needing another 0.15.x resolves;
//! this test reads the resolved versions from `Cargo.lock` and fails when they drift apart.

use std::collections::BTreeMap;

/// The version of every package named `name` in `Cargo.lock`.
fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: BTreeMap<&str, &str> = BTreeMap::new();
    for line in lock.lines().chain(["[[package]]"]) {
        if line == "[[package]]" {
            if current.get("name") == Some(&name)
                && let Some(version) = current.get("version")
            {
                found.push(version.to_string());
            }
            current.clear();
        } else if let Some((key, value)) = line.split_once(" = ") {
            current.insert(key, value.trim_matches('"'));
        }
    }
    found
}

#[test]
fn the_generator_and_its_runtime_are_the_same_release() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock is committed");
    let generator = locked_versions(&lock, "progenitor");
    let runtime = locked_versions(&lock, "progenitor-client");
    assert_eq!(generator.len(), 1, "one progenitor: {generator:?}");
    assert_eq!(runtime.len(), 1, "one progenitor-client: {runtime:?}");
    assert_eq!(
        generator, runtime,
        "progenitor and progenitor-client differ"
    );
}

#[test]
fn locked_versions_reads_every_package_entry() {
    let lock = "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"b\"\nversion = \"2.0.0\"\n\n[[package]]\nname = \"a\"\nversion = \"1.1.0\"\n";
    assert_eq!(locked_versions(lock, "a"), ["1.0.0", "1.1.0"]);
    assert_eq!(locked_versions(lock, "b"), ["2.0.0"]);
    assert!(locked_versions(lock, "c").is_empty());
}
