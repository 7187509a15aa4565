//! The blocking client mirrors the async one: every public method of the async `Client` and
//! `OrgClient` has a blocking twin of the same name. Read from the source, so that a method
//! added to the async client without its twin fails here, whatever its signature.

use std::collections::BTreeSet;
use std::path::Path;

/// Async methods without a blocking twin, and why.
const EXEMPT: &[(&str, &str, &str)] = &[
    (
        "Client",
        "builder",
        "a blocking client wraps a built async one (`blocking::Client::new`)",
    ),
    (
        "Client",
        "generated",
        "the raw escape hatch is progenitor's async client",
    ),
];

/// The names of the `pub fn` and `pub async fn` items inside the `impl {type_name} {` blocks
/// of the `.rs` files of `dir` (not `pub(crate)` ones, nor trait impls). A blocking twin
/// written through the `twins!` macro keeps its `pub fn` signature, so it is found too.
fn public_methods(dir: &str, type_name: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let opening = format!("impl {type_name} {{");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut inside = false;
        for line in source.lines() {
            if line == opening {
                inside = true;
            } else if line == "}" {
                inside = false;
            } else if inside {
                let item = line.trim_start();
                let rest = item
                    .strip_prefix("pub fn ")
                    .or_else(|| item.strip_prefix("pub async fn "));
                if let Some(rest) = rest {
                    let end = rest.find(['(', '<']).unwrap_or(rest.len());
                    names.insert(rest[..end].to_string());
                }
            }
        }
    }
    names
}

/// The async methods of `type_name` with no blocking twin, exemptions aside.
fn missing_twins(type_name: &str) -> Vec<String> {
    let async_methods = public_methods("src/client", type_name);
    let blocking_methods = public_methods("src/blocking", type_name);
    assert!(
        !blocking_methods.is_empty(),
        "no blocking {type_name} found"
    );
    for (exempt_type, name, _) in EXEMPT {
        if *exempt_type == type_name {
            assert!(
                async_methods.contains(*name),
                "{type_name}::{name} is exempt but no longer exists: drop the exemption"
            );
        }
    }
    async_methods
        .into_iter()
        .filter(|name| !blocking_methods.contains(name))
        .filter(|name| {
            !EXEMPT
                .iter()
                .any(|(exempt_type, exempt, _)| *exempt_type == type_name && exempt == name)
        })
        .collect()
}

#[test]
fn the_source_reading_finds_the_known_methods() {
    let client = public_methods("src/client", "Client");
    for name in [
        "builder",
        "get_key",
        "create_key",
        "org",
        "validate_key",
        "timeouts",
    ] {
        assert!(client.contains(name), "{name} not found in {client:?}");
    }
    let org = public_methods("src/client", "OrgClient");
    assert!(
        org.contains("revoke_key") && org.contains("org_id"),
        "{org:?}"
    );
    let blocking = public_methods("src/blocking", "Client");
    for name in ["get_key", "create_key", "as_async", "default_org"] {
        assert!(blocking.contains(name), "{name} not found in {blocking:?}");
    }
}

#[test]
fn every_async_client_method_has_a_blocking_twin() {
    let missing = missing_twins("Client");
    assert!(missing.is_empty(), "blocking::Client lacks {missing:?}");
}

#[test]
fn every_async_org_client_method_has_a_blocking_twin() {
    let missing = missing_twins("OrgClient");
    assert!(missing.is_empty(), "blocking::OrgClient lacks {missing:?}");
}
