//! Every `example` in the spec (schema, property, parameter, media type, `components.examples`)
//! deserializes into the generated Rust type and serializes back to the same JSON.

use std::collections::BTreeSet;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use whylabs_api_keys::generated::Timestamp;
use whylabs_api_keys::generated::types;

use crate::support::{
    CREATE, broken_spec, entries, escape, generated_client, introduced, operations, parameters,
    remove, resolve, set, spec, text,
};

/// Where an example sits inside the value its Rust type reads: a property or an array item.
#[derive(Clone, Debug)]
enum Step {
    Property(String),
    Item,
}

/// The Rust type an example is checked against.
#[derive(Debug)]
enum Target {
    /// `generated::types::<name>`, for `components.schemas.<name>`.
    Schema(String),
    /// The type the generated builder's setter for this parameter takes.
    Parameter { operation: String, name: String },
}

/// One example to check: `value` is the whole value of `target`'s type (a property example is
/// placed into its schema's own example), `schema` describes it.
#[derive(Debug)]
struct Case<'a> {
    at: String,
    target: Target,
    schema: &'a Value,
    value: Value,
}

/// Puts `example` at `steps` inside `base`: a property of an object, or the one item of an array.
fn embed(base: &Value, steps: &[Step], example: &Value) -> Value {
    match steps.split_first() {
        None => example.clone(),
        Some((Step::Property(name), rest)) => {
            let mut object = base.as_object().cloned().unwrap_or_default();
            let inner = object.get(name).cloned().unwrap_or(Value::Null);
            object.insert(name.clone(), embed(&inner, rest, example));
            Value::Object(object)
        }
        Some((Step::Item, rest)) => {
            let inner = base.get(0).cloned().unwrap_or(Value::Null);
            Value::Array(vec![embed(&inner, rest, example)])
        }
    }
}

/// The `example`s inside a schema, below its top level, with where each sits. Examples under
/// other keywords (`allOf`, ...) are not found, so the completeness check reports them.
fn nested_examples<'a>(
    pointer: &str,
    schema: &'a Value,
    steps: Vec<Step>,
    found: &mut Vec<(String, Vec<Step>, &'a Value)>,
) {
    for (name, property) in entries(schema.get("properties")) {
        let here = format!("{pointer}/properties/{}", escape(name));
        let mut inner = steps.clone();
        inner.push(Step::Property(name.clone()));
        if let Some(example) = property.get("example") {
            found.push((format!("{here}/example"), inner.clone(), example));
        }
        nested_examples(&here, property, inner, found);
    }
    if let Some(items) = schema.get("items") {
        let here = format!("{pointer}/items");
        let mut inner = steps;
        inner.push(Step::Item);
        if let Some(example) = items.get("example") {
            found.push((format!("{here}/example"), inner.clone(), example));
        }
        nested_examples(&here, items, inner, found);
    }
}

/// An Example Object map (`examples:`), `$ref`s to `components.examples` resolved, as
/// (pointer of the `value`, value).
fn example_map<'a>(spec: &'a Value, pointer: &str, owner: &'a Value) -> Vec<(String, &'a Value)> {
    let mut found = Vec::new();
    for (name, example) in entries(owner.get("examples")) {
        let here = format!("{pointer}/examples/{}", escape(name));
        let (at, example) = resolve(spec, &here, example);
        if let Some(value) = example.get("value") {
            found.push((format!("{at}/value"), value));
        }
    }
    found
}

/// Every example the checks know how to place, and the problems met while placing them.
fn example_cases(spec: &Value) -> (Vec<Case<'_>>, Vec<String>) {
    let (mut cases, mut problems) = (Vec::new(), Vec::new());

    for (name, schema) in entries(spec.pointer("/components/schemas")) {
        let pointer = format!("/components/schemas/{}", escape(name));
        let base = schema.get("example");
        if let Some(example) = base {
            let target = Target::Schema(name.clone());
            let at = format!("{pointer}/example");
            cases.push(Case {
                at,
                target,
                schema,
                value: example.clone(),
            });
        }
        let mut nested = Vec::new();
        nested_examples(&pointer, schema, Vec::new(), &mut nested);
        for (at, steps, example) in nested {
            let Some(base) = base else {
                problems.push(format!(
                    "{at}: schema {name} has no example of its own to place this one in"
                ));
                continue;
            };
            let value = embed(base, &steps, example);
            cases.push(Case {
                at,
                target: Target::Schema(name.clone()),
                schema,
                value,
            });
        }
    }

    for op in operations(spec) {
        for (pointer, parameter) in parameters(spec, &op) {
            let target = || Target::Parameter {
                operation: op.id.clone(),
                name: text(parameter, "name").unwrap_or("?").to_string(),
            };
            let schema_pointer = format!("{pointer}/schema");
            let (schema_pointer, schema) = match parameter.get("schema") {
                Some(schema) => resolve(spec, &schema_pointer, schema),
                None => (schema_pointer, &Value::Null),
            };
            let base = parameter.get("example").or_else(|| schema.get("example"));
            let mut whole = example_map(spec, &pointer, parameter);
            if let Some(example) = parameter.get("example") {
                whole.push((format!("{pointer}/example"), example));
            }
            if let Some(example) = schema.get("example") {
                whole.push((format!("{schema_pointer}/example"), example));
            }
            for (at, example) in whole {
                cases.push(Case {
                    at,
                    target: target(),
                    schema,
                    value: example.clone(),
                });
            }
            let mut nested = Vec::new();
            nested_examples(&schema_pointer, schema, Vec::new(), &mut nested);
            for (at, steps, example) in nested {
                let value = embed(base.unwrap_or(&Value::Null), &steps, example);
                cases.push(Case {
                    at,
                    target: target(),
                    schema,
                    value,
                });
            }
        }

        let mut bodies = Vec::new();
        if let Some(body) = op.value.get("requestBody") {
            bodies.push(resolve(spec, &format!("{}/requestBody", op.pointer), body));
        }
        for (status, response) in entries(op.value.get("responses")) {
            let here = format!("{}/responses/{}", op.pointer, escape(status));
            bodies.push(resolve(spec, &here, response));
        }
        for (pointer, body) in bodies {
            for (media_type, media) in entries(body.get("content")) {
                let here = format!("{pointer}/content/{}", escape(media_type));
                let mut examples = example_map(spec, &here, media);
                if let Some(example) = media.get("example") {
                    examples.push((format!("{here}/example"), example));
                }
                if examples.is_empty() {
                    continue;
                }
                let reference = media.pointer("/schema/$ref").and_then(Value::as_str);
                let Some(name) = reference.and_then(|r| r.strip_prefix("#/components/schemas/"))
                else {
                    problems.push(format!(
                        "{here}: examples of an inline schema, which has no generated type name \
                         here: $ref a schema in components.schemas instead"
                    ));
                    continue;
                };
                let schema = &spec["components"]["schemas"][name];
                for (at, example) in examples {
                    let target = Target::Schema(name.to_string());
                    cases.push(Case {
                        at,
                        target,
                        schema,
                        value: example.clone(),
                    });
                }
            }
        }
    }
    (cases, problems)
}

/// Every example in the document, by pointer: each `example` key and each `value` of an Example
/// Object. Keys inside `properties` are property names, and example values are data.
fn all_examples(value: &Value, pointer: &str, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let here = format!("{pointer}/{}", escape(key));
                if pointer.ends_with("/properties") {
                    all_examples(child, &here, found);
                } else if key == "example" {
                    found.insert(here);
                } else if key == "examples" && child.is_object() {
                    for (name, example) in entries(Some(child)) {
                        if example.get("value").is_some() {
                            found.insert(format!("{here}/{}/value", escape(name)));
                        }
                    }
                } else {
                    all_examples(child, &here, found);
                }
            }
        }
        Value::Array(list) => {
            for (i, item) in list.iter().enumerate() {
                all_examples(item, &format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Deserializes into `T` and serializes back.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| {
        format!(
            "does not deserialize into {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    serde_json::to_value(&typed).map_err(|e| format!("does not serialize back: {e}"))
}

/// The generated type of each component schema. A new schema with an example fails the check
/// until it is added here.
fn round_trip_schema(name: &str, value: &Value) -> Result<Value, String> {
    match name {
        "ApiKeyMetadata" => round_trip::<types::ApiKeyMetadata>(value),
        "ErrorResponse" => round_trip::<types::ErrorResponse>(value),
        "ListApiKeyMetadata" => round_trip::<types::ListApiKeyMetadata>(value),
        "NonBlankId" => round_trip::<types::NonBlankId>(value),
        "ListUserApiKeys" => round_trip::<types::ListUserApiKeys>(value),
        "UserApiKey" => round_trip::<types::UserApiKey>(value),
        "UserApiKeyResponse" => round_trip::<types::UserApiKeyResponse>(value),
        "ValidateApiKeyResponse" => round_trip::<types::ValidateApiKeyResponse>(value),
        other => Err(format!(
            "no generated type is mapped for schema {other}: add types::{other} to \
             round_trip_schema in tests/spec/examples.rs"
        )),
    }
}

/// The Rust types that generated builder setters take, as the generated code spells them.
fn round_trip_rust_type(rust_type: &str, value: &Value) -> Result<Value, String> {
    match rust_type {
        "::std::string::String" => round_trip::<String>(value),
        "i64" => round_trip::<i64>(value),
        "i32" => round_trip::<i32>(value),
        "bool" => round_trip::<bool>(value),
        "f64" => round_trip::<f64>(value),
        "::std::vec::Vec<::std::string::String>" => round_trip::<Vec<String>>(value),
        "types::NonBlankId" => round_trip::<types::NonBlankId>(value),
        other => Err(format!(
            "the generated setter takes {other}, which round_trip_rust_type in \
             tests/spec/examples.rs does not know yet"
        )),
    }
}

/// The type `T` of `V: TryInto<T>` on the generated builder's setter for a parameter, e.g.
/// `i64` for `builder::CreateApiKey::expiration_time`.
fn setter_type(client: &syn::File, operation_id: &str, parameter: &str) -> Result<String, String> {
    let not_found =
        || format!("no setter builder::{operation_id}::{parameter} in the generated code");
    let builder = client
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref(),
            _ => None,
        })
        .ok_or_else(not_found)?;
    let methods = builder.1.iter().filter_map(|item| match item {
        syn::Item::Impl(block) => match &*block.self_ty {
            syn::Type::Path(p) if p.path.segments.last()?.ident == operation_id => {
                Some(&block.items)
            }
            _ => None,
        },
        _ => None,
    });
    let method = methods
        .flatten()
        .find_map(|item| match item {
            // progenitor's setter is the parameter's name in snake case.
            syn::ImplItem::Fn(f) if f.sig.ident == parameter.replace('-', "_").to_lowercase() => {
                Some(f)
            }
            _ => None,
        })
        .ok_or_else(not_found)?;
    let predicates = method
        .sig
        .generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates);
    for predicate in predicates {
        let syn::WherePredicate::Type(bound) = predicate else {
            continue;
        };
        for bound in &bound.bounds {
            let syn::TypeParamBound::Trait(bound) = bound else {
                continue;
            };
            let Some(last) = bound.path.segments.last() else {
                continue;
            };
            if last.ident != "TryInto" {
                continue;
            }
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments
                && let Some(syn::GenericArgument::Type(t)) = args.args.first()
            {
                let spelled = quote::ToTokens::to_token_stream(t).to_string();
                return Ok(spelled.split_whitespace().collect());
            }
        }
    }
    Err(format!(
        "builder::{operation_id}::{parameter} takes no `TryInto<T>` value"
    ))
}

/// A copy of `value` as `schema` compares it: timestamps in the canonical shape (so two
/// renderings of one instant are equal), and optional properties that are `null` dropped (the
/// generated types skip absent optional fields). Timestamps not in the server's shape (an
/// offset-less ISO local date-time) are reported in `off_shape`.
fn comparable(spec: &Value, schema: &Value, value: &Value, off_shape: &mut Vec<String>) -> Value {
    let (_, schema) = resolve(spec, "", schema);
    match value {
        Value::String(s) if schema.get("format") == Some(&json!("whylabs-timestamp")) => {
            let server_shape = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f");
            if server_shape.is_err() {
                off_shape.push(format!(
                    "timestamp {s:?} is not in the server's shape, like 2024-01-02T03:04:05.678"
                ));
            }
            s.parse::<Timestamp>()
                .map_or(value.clone(), |t| json!(t.to_string()))
        }
        Value::Object(object) => {
            let required = schema.get("required").and_then(Value::as_array);
            let is_required = |k: &String| required.is_some_and(|r| r.contains(&json!(k)));
            let mut out = serde_json::Map::new();
            for (key, inner) in object {
                if inner.is_null() && !is_required(key) {
                    continue;
                }
                let inner_schema = schema.pointer(&format!("/properties/{}", escape(key)));
                let inner_schema = inner_schema.unwrap_or(&Value::Null);
                out.insert(
                    key.clone(),
                    comparable(spec, inner_schema, inner, off_shape),
                );
            }
            Value::Object(out)
        }
        Value::Array(list) => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            Value::Array(
                list.iter()
                    .map(|v| comparable(spec, items, v, off_shape))
                    .collect(),
            )
        }
        _ => value.clone(),
    }
}

/// Examples that do not deserialize into their generated type, or do not serialize back to the
/// same JSON (timestamps compared as instants), and examples the checks do not reach.
fn example_problems(spec: &Value, client: &syn::File) -> Vec<String> {
    let (cases, mut problems) = example_cases(spec);
    let mut checked = BTreeSet::new();
    for case in &cases {
        checked.insert(case.at.clone());
        let result = match &case.target {
            Target::Schema(name) => round_trip_schema(name, &case.value),
            Target::Parameter { operation, name } => setter_type(client, operation, name)
                .and_then(|rust_type| round_trip_rust_type(&rust_type, &case.value)),
        };
        let back = match result {
            Ok(back) => back,
            Err(e) => {
                problems.push(format!("{}: {e}", case.at));
                continue;
            }
        };
        let mut off_shape = Vec::new();
        let expected = comparable(spec, case.schema, &case.value, &mut off_shape);
        let actual = comparable(spec, case.schema, &back, &mut Vec::new());
        problems.extend(off_shape.into_iter().map(|p| format!("{}: {p}", case.at)));
        if expected != actual {
            problems.push(format!(
                "{}: does not round-trip through {:?}\n  example:      {expected}\n  \
                 reserialized: {actual}",
                case.at, case.target
            ));
        }
    }
    let mut everywhere = BTreeSet::new();
    all_examples(spec, "", &mut everywhere);
    for missed in everywhere.difference(&checked) {
        problems.push(format!(
            "{missed}: example not checked (an unused components.examples entry, or a place \
             tests/spec/examples.rs does not look, such as under allOf or an unreferenced \
             component)"
        ));
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// The real spec

#[test]
fn every_example_round_trips_through_the_generated_types() {
    let spec = spec();
    let problems = example_problems(&spec, &generated_client());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check reaches schema, property and parameter examples, not only some of them.
    let (cases, _) = example_cases(&spec);
    let mut everywhere = BTreeSet::new();
    all_examples(&spec, "", &mut everywhere);
    assert!(everywhere.len() > 30, "examples found: {everywhere:#?}");
    let targets: BTreeSet<_> = cases.iter().map(|c| format!("{:?}", c.target)).collect();
    assert!(targets.contains(r#"Schema("UserApiKey")"#), "{targets:#?}");
    assert!(
        targets.contains(r#"Parameter { operation: "CreateApiKey", name: "expiration_time" }"#),
        "{targets:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Each check reports a deliberately broken copy of the spec

#[test]
fn an_example_that_does_not_fit_its_generated_type_is_reported() {
    let client = generated_client();
    let spec = broken_spec(|s| {
        set(
            s,
            "/components/schemas/UserApiKey/properties/revoked/example",
            json!("no"),
        );
        set(
            s,
            &format!("{CREATE}/parameters/2/example"),
            json!("tomorrow"),
        );
        remove(
            s,
            "/components/schemas/UserApiKeyResponse/example/key/creationTime",
        );
        set(
            s,
            "/components/schemas/UserApiKey/properties/lastUsedTime/example",
            json!("2024-02-30T00:00:00"),
        );
    });
    let problems = introduced(|s| example_problems(s, &client), &spec);
    let expected = [
        "/components/schemas/UserApiKey/properties/lastUsedTime/example: does not deserialize \
         into whylabs_api_keys::generated::types::UserApiKey: not a WhyLabs timestamp",
        "/components/schemas/UserApiKey/properties/revoked/example: does not deserialize into \
         whylabs_api_keys::generated::types::UserApiKey: invalid type: string \"no\", expected \
         a boolean",
        "/components/schemas/UserApiKeyResponse/example: does not deserialize into \
         whylabs_api_keys::generated::types::UserApiKeyResponse: missing field `creationTime`",
        "/paths/~1v0~1organizations~1{org_id}~1api-key/post/parameters/2/example: does not \
         deserialize into i64: invalid type: string \"tomorrow\", expected i64",
    ];
    assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
    for (problem, start) in problems.iter().zip(expected) {
        assert!(
            problem.starts_with(start),
            "{problem}\ndoes not start with\n{start}"
        );
    }
}

#[test]
fn an_example_that_changes_in_a_round_trip_is_reported() {
    let client = generated_client();
    // A misspelt property: the generated type ignores it, so it is lost on the way back.
    let spec = broken_spec(|s| {
        set(
            s,
            "/components/schemas/UserApiKeyResponse/example/key/keyid",
            json!("x"),
        )
    });
    let problems = introduced(|s| example_problems(s, &client), &spec);
    assert_eq!(problems.len(), 1, "{}", problems.join("\n"));
    assert!(
        problems[0].starts_with(
            "/components/schemas/UserApiKeyResponse/example: does not round-trip through \
             Schema(\"UserApiKeyResponse\")"
        ) && problems[0].contains(r#""keyid":"x""#),
        "{}",
        problems[0]
    );
}

#[test]
fn timestamps_compare_as_instants_and_must_use_the_server_shape() {
    let client = generated_client();
    let ts = "/components/schemas/UserApiKey/properties/creationTime/example";
    // Trailing zeros: another rendering of the same instant; the crate writes `.678` back.
    let same = broken_spec(|s| set(s, ts, json!("2024-01-02T03:04:05.678000")));
    assert_eq!(
        introduced(|s| example_problems(s, &client), &same),
        Vec::<String>::new()
    );
    // An offset: the same instant too, but the server never sends one.
    let offset = broken_spec(|s| set(s, ts, json!("2024-01-02T04:04:05.678+01:00")));
    assert_eq!(
        introduced(|s| example_problems(s, &client), &offset),
        [format!(
            "{ts}: timestamp \"2024-01-02T04:04:05.678+01:00\" is not in the server's shape, like \
             2024-01-02T03:04:05.678"
        )]
    );
}

#[test]
fn component_examples_are_checked_where_they_are_used_and_unused_ones_are_reported() {
    let client = generated_client();
    let error =
        json!({"message": "Key limit reached", "requestId": "r-1", "type": "IllegalArgument"});
    let spec = broken_spec(|s| {
        set(
            s,
            "/components/examples",
            json!({"KeyLimit": {"value": error}, "Unused": {"value": {}}}),
        );
        set(
            s,
            "/components/responses/Error/content/application~1json/examples",
            json!({"limit": {"$ref": "#/components/examples/KeyLimit"}}),
        );
    });
    assert_eq!(
        introduced(|s| example_problems(s, &client), &spec),
        [
            "/components/examples/Unused/value: example not checked (an unused components.examples \
          entry, or a place tests/spec/examples.rs does not look, such as under allOf or an \
          unreferenced component)"
        ]
    );
    // The used one is checked against ErrorResponse, once per response that uses it.
    let spec = broken_spec(|s| {
        set(
            s,
            "/components/examples",
            json!({"KeyLimit": {"value": {"message": "no type"}}}),
        );
        set(
            s,
            "/components/responses/Error/content/application~1json/examples",
            json!({"limit": {"$ref": "#/components/examples/KeyLimit"}}),
        );
    });
    let problems = introduced(|s| example_problems(s, &client), &spec);
    assert!(!problems.is_empty());
    for problem in &problems {
        assert!(
            problem.starts_with(
                "/components/examples/KeyLimit/value: does not deserialize into \
                 whylabs_api_keys::generated::types::ErrorResponse: missing field"
            ),
            "{problem}"
        );
    }
}

#[test]
fn parameter_examples_are_checked_against_the_generated_setter_types() {
    let client = generated_client();
    let setter = |op: &str, name: &str| setter_type(&client, op, name);
    assert_eq!(
        setter("CreateApiKey", "expiration_time").as_deref(),
        Ok("i64")
    );
    assert_eq!(
        setter("CreateApiKey", "scopes").as_deref(),
        Ok("::std::vec::Vec<::std::string::String>")
    );
    assert_eq!(
        setter("GetApiKey", "key_id").as_deref(),
        Ok("::std::string::String")
    );
    assert_eq!(
        setter("GetApiKey", "nope"),
        Err("no setter builder::GetApiKey::nope in the generated code".to_string())
    );
    // An item example of an array parameter is checked as a one-item array.
    let spec = broken_spec(|s| {
        set(
            s,
            &format!("{CREATE}/parameters/3/schema/items/example"),
            json!(7),
        )
    });
    let problems = introduced(|s| example_problems(s, &client), &spec);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(&format!(
            "{CREATE}/parameters/3/schema/items/example: does not deserialize into \
             alloc::vec::Vec<alloc::string::String>: invalid type: integer `7`"
        )),
        "{}",
        problems[0]
    );
}
