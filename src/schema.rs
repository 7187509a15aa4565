//! JSON Schema helpers for the hand-written types that the generated code uses in place of
//! `{type: string, format: ...}` schemas (see the conversions in `build.rs`).

use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject};

use crate::models::ApiKeySecret;
use crate::models::Timestamp;

impl JsonSchema for Timestamp {
    fn schema_name() -> String {
        "Timestamp".to_string()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_with_format("whylabs-timestamp")
    }
}

impl JsonSchema for ApiKeySecret {
    fn schema_name() -> String {
        "ApiKeySecret".to_string()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        string_with_format("whylabs-secret")
    }
}

/// The JSON Schema `{type: string, format: <format>}`, as the spec declares a converted type.
fn string_with_format(format: &str) -> Schema {
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some(format.to_string()),
        ..Default::default()
    }
    .into()
}
