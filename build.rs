//! Generates the typed client from `openapi.yaml` with progenitor.
//!
//! The output lands in `$OUT_DIR/codegen.rs` and is included by `src/generated.rs`. A spec that
//! cannot be read or generated fails the build with one message naming the file and the problem.
//! `tests/spec.rs` includes this file to run the generator with exactly these settings.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use schemars::schema::{InstanceType, SchemaObject};

const SPEC: &str = "openapi.yaml";

#[allow(dead_code)] // unused when tests include this file as a module
fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    let written = generate(Path::new(SPEC)).and_then(|code| {
        std::fs::write(&out, code).map_err(|e| format!("cannot write {}: {e}", out.display()))
    });
    if let Err(message) = written {
        for line in message.lines() {
            println!("cargo::error={line}");
        }
    }
}

/// Reads the spec at `path` and returns the formatted Rust source of the generated client.
pub fn generate(path: &Path) -> Result<String, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let spec: openapiv3::OpenAPI = serde_yaml_ng::from_str(&text)
        .map_err(|e| format!("{name}: not an OpenAPI 3.0 document: {e}"))?;
    if !spec.openapi.starts_with("3.0.") {
        return Err(format!(
            "{name}: OpenAPI {} is not supported, use 3.0.x",
            spec.openapi
        ));
    }
    let tokens = without_panics(|| Generator::new(&settings()).generate_tokens(&spec))
        .map_err(|panic| format!("{name}: progenitor cannot generate this spec: {panic}"))?
        .map_err(|e| format!("{name}: progenitor rejected the spec: {e}"))?;
    let file =
        syn::parse2(tokens).map_err(|e| format!("{name}: generated code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The generator settings: builder-style methods, one inner per-call context, hooks required.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type("crate::transport::CallContext".parse().expect("valid path"))
        .with_hooks(HooksMode::Expected)
        .with_derive("schemars::JsonSchema")
        .with_conversion(
            string_format("whylabs-timestamp"),
            "crate::Timestamp",
            std::iter::empty(),
        )
        .with_conversion(
            string_format("whylabs-secret"),
            "crate::ApiKeySecret",
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

/// Runs `f`, turning a progenitor panic into an error message (progenitor panics on some specs,
/// e.g. a `200` plus a `default` response); the default hook's backtrace noise is silenced.
fn without_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "the generator panicked".to_string())
    })
}
