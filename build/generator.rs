//! The generator: progenitor's client from `openapi.yaml`, with this project's settings.
//!
//! `build.rs` runs it with the `generate` feature and writes the output to `$OUT_DIR/codegen.rs`;
//! `tests/spec/` runs it to compare its output with the committed `src/generated/client.rs`,
//! which the build includes without the feature. A spec that cannot be read or generated fails
//! with one message naming the file and the problem.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use schemars::schema::{InstanceType, SchemaObject};

/// The spec, relative to the package root (where cargo runs build scripts and tests).
pub const SPEC: &str = "openapi.yaml";

/// Reads the spec at `path` and returns the formatted Rust source of the generated client.
pub fn generate(path: &Path) -> Result<String, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    // Syntax and version first: a 3.1 document fails on some 3.1-only construct otherwise.
    let yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{name}: not valid YAML: {e}"))?;
    match yaml.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => return Err(format!("{name}: OpenAPI {v} is not supported: use 3.0.x")),
        None => return Err(format!("{name}: no `openapi: 3.0.x` version string")),
    }
    let spec: openapiv3::OpenAPI = serde_yaml_ng::from_str(&text)
        .map_err(|e| format!("{name}: not an OpenAPI 3.0 document: {e}"))?;
    let spec = without_bodiless_errors(spec);
    let tokens = without_panics(|| Generator::new(&settings()).generate_tokens(&spec))
        .map_err(|panic| match one_body_per_outcome(&spec) {
            Err(problem) => format!("{name}: {problem}"),
            Ok(()) => format!("{name}: progenitor cannot generate this spec: {panic}"),
        })?
        .map_err(|e| format!("{name}: progenitor rejected the spec: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("{name}: generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The generator settings: builder-style methods, one inner per-call context, hooks required.
/// The types derive no `schemars::JsonSchema`: only tests used it, and it made every user compile
/// schemars and a second `syn` (a tenth of a dependent application's clean build); the tests
/// check responses against `openapi.yaml`'s own schemas instead.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type("crate::transport::CallContext".parse().expect("valid path"))
        .with_hooks(HooksMode::Expected)
        .with_conversion(
            string_format("whylabs-timestamp"),
            "crate::models::Timestamp",
            std::iter::empty(),
        )
        .with_conversion(
            string_format("whylabs-secret"),
            "crate::models::ApiKeySecret",
            std::iter::empty(),
        );
    settings
}

/// The schema `{type: string, format: <format>}`, which a conversion swaps for a hand-written type.
fn string_format(format: &str) -> SchemaObject {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some(format.to_string()),
        ..Default::default()
    }
}

/// The spec as progenitor gets it: an operation whose error statuses have a JSON body loses
/// the error statuses that declare no body (401 and 403, answered by the server's security
/// filter). progenitor generates one error type per operation and would panic on the mix; left
/// out, those statuses reach the caller as an unexpected response whose body stays readable.
fn without_bodiless_errors(mut spec: openapiv3::OpenAPI) -> openapiv3::OpenAPI {
    use openapiv3::StatusCode::{Code, Range};
    let is_error = |status: &openapiv3::StatusCode| match status {
        Code(code) => *code >= 400,
        Range(class) => *class >= 4,
    };
    // Which statuses to drop, per operation in `operations()` order (borrowing `spec` whole).
    let drops: Vec<Vec<openapiv3::StatusCode>> = spec
        .operations()
        .map(|(_, _, op)| {
            let errors: Vec<_> = op
                .responses
                .responses
                .iter()
                .filter(|(status, _)| is_error(status))
                .map(|(status, response)| (status, body_of(&spec, response).1 == "no body"))
                .collect();
            let has_body = errors.iter().any(|(_, bodiless)| !bodiless);
            errors
                .into_iter()
                .filter(|(_, bodiless)| has_body && *bodiless)
                .map(|(status, _)| status.clone())
                .collect()
        })
        .collect();
    let operations = spec
        .paths
        .paths
        .values_mut()
        .filter_map(|item| match item {
            openapiv3::ReferenceOr::Item(item) => Some(item),
            openapiv3::ReferenceOr::Reference { .. } => None,
        })
        .flat_map(|item| {
            [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ]
        })
        .filter_map(Option::as_mut);
    for (op, drop) in operations.zip(drops) {
        op.responses
            .responses
            .retain(|status, _| !drop.contains(status));
    }
    spec
}

/// Explains progenitor's most common panic (`response_types.len() <= 1`): its methods return one
/// success and one error type, so an operation whose success (or error) responses have different
/// bodies cannot be generated. `default` counts as both, except beside a `2XX`.
fn one_body_per_outcome(spec: &openapiv3::OpenAPI) -> Result<(), String> {
    for (path, method, op) in spec.operations() {
        let codes = op
            .responses
            .responses
            .iter()
            .map(|(s, r)| (s.to_string(), r));
        let default = op
            .responses
            .default
            .iter()
            .map(|r| ("default".to_string(), r));
        let all: Vec<_> = codes.chain(default).collect();
        let has_2xx = all.iter().any(|(s, _)| s == "2XX");
        for (kind, classes) in [("success", &['2'][..]), ("error", &['4', '5'][..])] {
            // (body identity, label, statuses), in the spec's order
            let mut bodies: Vec<(String, String, Vec<&str>)> = Vec::new();
            for (status, response) in &all {
                let default = status == "default" && !(kind == "success" && has_2xx);
                if default || status.starts_with(classes) {
                    let (key, label) = body_of(spec, response);
                    match bodies.iter_mut().find(|(k, ..)| *k == key) {
                        Some((.., statuses)) => statuses.push(status),
                        None => bodies.push((key, label, vec![status])),
                    }
                }
            }
            if bodies.len() > 1 {
                let list: Vec<_> = bodies
                    .iter()
                    .map(|(_, b, s)| format!("{}: {b}", s.join(", ")))
                    .collect();
                let hint = if all.iter().any(|(s, _)| s == "default") {
                    "; `default` counts as a success and as an error response, so declare the \
                     error statuses (such as 4XX, 5XX) instead"
                } else {
                    ""
                };
                let id = op.operation_id.as_deref().unwrap_or("without operationId");
                return Err(format!(
                    "operation {id} ({} {path}) has {} different {kind} response bodies ({}); \
                     progenitor generates one {kind} type per operation{hint}",
                    method.to_uppercase(),
                    bodies.len(),
                    list.join("; ")
                ));
            }
        }
    }
    Ok(())
}

/// What progenitor makes of a response's body, as (identity, label): a JSON schema (`$ref`'d or
/// inline), raw bytes (any other media type) or nothing.
fn body_of(
    spec: &openapiv3::OpenAPI,
    response: &openapiv3::ReferenceOr<openapiv3::Response>,
) -> (String, String) {
    use openapiv3::ReferenceOr::{Item, Reference};
    let response = match response {
        Item(response) => Some(response),
        Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|n| spec.components.as_ref()?.responses.get(n)?.as_item()),
    };
    let Some(response) = response else {
        return ("?".into(), "an unresolved $ref".into());
    };
    let json = response
        .content
        .iter()
        .find(|(t, _)| *t == "application/json" || t.starts_with("application/json;"));
    let label = |s: &str| (s.to_string(), s.to_string());
    match json.and_then(|(_, media)| media.schema.as_ref()) {
        Some(Reference { reference }) => label(reference),
        Some(Item(schema)) => (
            serde_json::to_string(schema).unwrap_or_default(),
            "an inline schema".into(),
        ),
        None if response.content.is_empty() => label("no body"),
        None => label("a non-JSON body"),
    }
}

/// Runs `f`, turning a progenitor panic into an error message (progenitor panics on some specs,
/// e.g. a `200` plus a `default` response). The panic hook's backtrace noise is silenced for this
/// thread only, so that tests running beside a `generate` call keep their panic messages.
fn without_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous: std::sync::Arc<dyn Fn(&panic::PanicHookInfo<'_>) + Send + Sync> =
        panic::take_hook().into();
    let (me, others) = (std::thread::current().id(), previous.clone());
    panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != me {
            others(info)
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(Box::new(move |info| previous(info)));
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the generator panicked".to_string())
    })
}
