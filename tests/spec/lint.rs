//! The documentation rules: the document is OpenAPI 3.0.x; every operation has an operationId,
//! summary, description, tags and its own security; every parameter and schema property has a
//! description.
//!
//! These rules are owned here, not by Redocly: .ci/redocly.yaml turns its equivalents off and
//! keeps only the rules these checks do not make (see the comment at its top).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{
    CREATE, SPEC, broken_spec, entries, escape, introduced, operations, parameters, remove,
    resolve, set, spec, text,
};

/// Operations lacking an operationId, summary, description, tags or their own security.
fn undocumented_operations(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        for field in ["operationId", "summary", "description"] {
            if text(op.value, field).is_none() {
                problems.push(format!("{}: no {field}", op.label));
            }
        }
        for field in ["tags", "security"] {
            let listed = op.value.get(field).and_then(Value::as_array);
            if listed.is_none_or(|list| list.is_empty()) {
                problems.push(format!("{}: no {field}", op.label));
            }
        }
    }
    problems
}

/// Parameters and schema properties without a description. A property that is only a `$ref`
/// takes its target's description (OpenAPI 3.0 ignores keywords beside a `$ref`).
fn undescribed(spec: &Value) -> BTreeSet<String> {
    let mut problems = BTreeSet::new();
    let mut parameter_list: Vec<(String, &Value)> = Vec::new();
    for op in operations(spec) {
        parameter_list.extend(parameters(spec, &op));
    }
    for (name, parameter) in entries(spec.pointer("/components/parameters")) {
        parameter_list.push((
            format!("/components/parameters/{}", escape(name)),
            parameter,
        ));
    }
    for (pointer, parameter) in parameter_list {
        if text(parameter, "description").is_none() {
            let name = text(parameter, "name").unwrap_or("?");
            problems.insert(format!("{pointer}: parameter {name} has no description"));
        }
    }
    let mut roots = Vec::new();
    schema_roots(spec, "", &mut roots);
    for (pointer, schema) in roots {
        undescribed_properties(spec, &pointer, schema, &mut problems);
    }
    problems
}

/// Every schema that is not inside another one: `components.schemas.*` and each `schema` of a
/// parameter or media type. Example values are not searched: they are data, not spec.
fn schema_roots<'a>(value: &'a Value, pointer: &str, roots: &mut Vec<(String, &'a Value)>) {
    let Some(object) = value.as_object() else {
        if let Some(list) = value.as_array() {
            for (i, item) in list.iter().enumerate() {
                schema_roots(item, &format!("{pointer}/{i}"), roots);
            }
        }
        return;
    };
    for (key, child) in object {
        let here = format!("{pointer}/{}", escape(key));
        match key.as_str() {
            "example" | "examples" => {}
            "schema" if child.is_object() => roots.push((here, child)),
            "schemas" if pointer == "/components" => {
                for (name, schema) in entries(Some(child)) {
                    roots.push((format!("{here}/{}", escape(name)), schema));
                }
            }
            _ => schema_roots(child, &here, roots),
        }
    }
}

fn undescribed_properties(
    spec: &Value,
    pointer: &str,
    schema: &Value,
    problems: &mut BTreeSet<String>,
) {
    for (name, property) in entries(schema.get("properties")) {
        let here = format!("{pointer}/properties/{}", escape(name));
        let (_, target) = resolve(spec, &here, property);
        if text(property, "description").is_none() && text(target, "description").is_none() {
            problems.insert(format!("{here}: property {name} has no description"));
        }
        undescribed_properties(spec, &here, property, problems);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = schema.get(key).filter(|s| s.is_object()) {
            undescribed_properties(spec, &format!("{pointer}/{key}"), inner, problems);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for (i, inner) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            undescribed_properties(spec, &format!("{pointer}/{key}/{i}"), inner, problems);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The real spec

#[test]
fn the_document_is_openapi_3_0() {
    let text = std::fs::read_to_string(SPEC).expect("openapi.yaml is readable");
    let document: openapiv3::OpenAPI =
        serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("not OpenAPI 3.0: {e}"));
    assert!(
        document.openapi.starts_with("3.0."),
        "openapi: {} is not 3.0.x",
        document.openapi
    );
    assert!(
        !document.paths.paths.is_empty(),
        "the document has no paths"
    );
}

#[test]
fn every_operation_is_documented() {
    let problems = undocumented_operations(&spec());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        operations(&spec()).len(),
        8,
        "CreateApiKey, GetApiKey, ListApiKeys, RevokeApiKey, ValidateApiKey, GenerateApiKey, \
         DeleteApiKey, ListApiKeyMetadata"
    );
}

#[test]
fn every_parameter_and_property_is_described() {
    let problems = undescribed(&spec());
    assert!(problems.is_empty(), "{problems:#?}");
}

// ---------------------------------------------------------------------------------------------
// Each check reports a deliberately broken copy of the spec

#[test]
fn an_operation_without_summary_tags_or_security_is_reported() {
    let spec = broken_spec(|s| {
        remove(s, &format!("{CREATE}/summary"));
        set(s, &format!("{CREATE}/tags"), json!([]));
        remove(s, &format!("{CREATE}/security"));
        set(s, &format!("{CREATE}/description"), json!("  "));
        remove(s, &format!("{CREATE}/operationId"));
    });
    let op = "POST /v0/organizations/{org_id}/api-key ()";
    assert_eq!(
        introduced(undocumented_operations, &spec),
        [
            format!("{op}: no operationId"),
            format!("{op}: no summary"),
            format!("{op}: no description"),
            format!("{op}: no tags"),
            format!("{op}: no security"),
        ]
    );
}

#[test]
fn an_undescribed_parameter_or_property_is_reported() {
    let spec = broken_spec(|s| {
        remove(s, "/components/parameters/OrgId/description");
        remove(s, &format!("{CREATE}/parameters/3/description"));
        remove(
            s,
            "/components/schemas/UserApiKey/properties/keyId/description",
        );
        // UserApiKeyResponse.key is a bare $ref: it is described by UserApiKey's description.
        remove(s, "/components/schemas/UserApiKey/description");
    });
    let problems = introduced(|s| undescribed(s).into_iter().collect(), &spec);
    assert_eq!(
        problems,
        [
            "/components/parameters/OrgId: parameter org_id has no description",
            "/components/schemas/UserApiKey/properties/keyId: property keyId has no description",
            "/components/schemas/UserApiKeyResponse/properties/key: property key has no description",
            "/paths/~1v0~1organizations~1{org_id}~1api-key/post/parameters/3: parameter scopes \
             has no description",
        ]
    );
}
