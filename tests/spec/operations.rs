//! Every operation of `openapi.yaml` is an `Operation` of the crate, under the id progenitor
//! gives it. The retry hook decides idempotency by that id and treats an unknown one as not
//! idempotent: renaming an operation in the spec must fail here, not silently change retries.

use whylabs_api_keys::Operation;

use crate::support::{operations, spec};

/// progenitor's method name for an operationId: `CreateApiKey` → `create_api_key`.
fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The spec's operations that the crate does not know, and the crate's that the spec lacks.
fn mismatches(spec: &serde_json::Value) -> (Vec<String>, Vec<&'static str>) {
    let in_spec: Vec<String> = operations(spec)
        .iter()
        .map(|op| snake_case(&op.id))
        .collect();
    let unknown = in_spec
        .iter()
        .filter(|id| Operation::from_id(id).is_none())
        .cloned()
        .collect();
    let missing = Operation::ALL
        .iter()
        .map(|op| op.id())
        .filter(|id| !in_spec.iter().any(|spec_id| spec_id == id))
        .collect();
    (unknown, missing)
}

#[test]
fn every_spec_operation_is_a_crate_operation_and_back() {
    let (unknown, missing) = mismatches(&spec());
    assert!(
        unknown.is_empty(),
        "operations the crate does not know: {unknown:?}"
    );
    assert!(missing.is_empty(), "operations the spec lacks: {missing:?}");
}

#[test]
fn a_renamed_operation_is_reported() {
    let mut renamed = spec();
    let create = &mut renamed["paths"]["/v0/organizations/{org_id}/api-key"]["post"];
    create["operationId"] = "CreateApiKeyV2".into();
    let (unknown, missing) = mismatches(&renamed);
    assert_eq!(unknown, ["create_api_key_v2"]);
    assert_eq!(missing, ["create_api_key"]);
    // And the hook would not retry it: unknown ids are not idempotent.
    assert_eq!(Operation::from_id("create_api_key_v2"), None);
}
