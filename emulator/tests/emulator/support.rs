//! Helpers of the emulator tests: clients, raw HTTP for what the facade will not send, and
//! validators of the spec's JSON Schemas.

use chrono::NaiveDateTime;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use whylabs_api_keys::{ApiError, ApiKeySecret, Client, CreatedApiKey, Error, RetryConfig, Scope};
use whylabs_api_keys_emulator::Emulator;

pub const ORG: &str = "org-123";
pub const USER: &str = "user-123";

/// Command-line arguments for the standalone example's `parse_args`.
pub fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A client of `emulator` authenticating with `key`, without retries.
pub fn client_with(emulator: &Emulator, key: impl Into<ApiKeySecret>) -> Client {
    emulator
        .client_builder()
        .api_key(key)
        .retry(RetryConfig::disabled())
        .build()
        .expect("test client builds")
}

/// The admin client of `emulator`, without retries, so each call is one request.
pub fn admin(emulator: &Emulator) -> Client {
    client_with(emulator, emulator.admin_key().clone())
}

/// A key of `user_id` in `org_id`, created with the admin key.
pub async fn create(emulator: &Emulator, org_id: &str, user_id: &str) -> CreatedApiKey {
    admin(emulator)
        .create_key(org_id, user_id)
        .await
        .expect("create succeeds")
}

/// A system key (`:whylabs_system`) of `user_id` in `org_id`, created with the admin key: an
/// issued key that may call v0, as the platform services' keys do.
pub async fn create_system(emulator: &Emulator, org_id: &str, user_id: &str) -> CreatedApiKey {
    admin(emulator)
        .create_key(org_id, user_id)
        .scopes([Scope::WhylabsSystem])
        .await
        .expect("create succeeds")
}

/// The server's error details of `error`, which must be an error status.
pub fn api_error(error: &Error) -> &ApiError {
    error
        .api_error()
        .unwrap_or_else(|| panic!("expected an error status, got {error:?}"))
}

/// One raw HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Plain HTTP to an emulator, for requests the facade would refuse to send and for the
/// exact bodies the emulator writes.
pub struct Raw {
    http: reqwest::Client,
    base_url: String,
    admin_key: String,
}

impl Raw {
    pub fn new(emulator: &Emulator) -> Self {
        // Building a facade client first installs the rustls provider reqwest's build needs.
        let _ = emulator.client();
        Self {
            http: reqwest::Client::new(),
            base_url: emulator.base_url().to_string(),
            admin_key: emulator.admin_key().expose_secret().to_string(),
        }
    }

    /// `method path_and_query` with `X-API-Key: key` when given.
    pub async fn send(&self, method: Method, path_and_query: &str, key: Option<&str>) -> Answer {
        self.send_with(method, path_and_query, key, &[]).await
    }

    /// Like [`send`](Self::send), with extra headers.
    pub async fn send_with(
        &self,
        method: Method,
        path_and_query: &str,
        key: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let url = format!("{}{path_and_query}", self.base_url);
        let mut request = self.http.request(method, url);
        if let Some(key) = key {
            request = request.header("x-api-key", key);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("the emulator answers");
        Answer {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.expect("the body is text"),
        }
    }

    /// `method path_and_query` with the admin key.
    pub async fn admin(&self, method: Method, path_and_query: &str) -> Answer {
        self.send(method, path_and_query, Some(&self.admin_key.clone()))
            .await
    }
}

/// A validator of `openapi.yaml`'s schema `components.schemas.<name>` (the one the generated
/// type `name` is made from), with two tightenings the spec implies: objects have no properties
/// beyond the declared ones, and the spec's formats are checked (`whylabs-timestamp` in the
/// server's shape, `whylabs-secret` in the WhyLabs key shape). OpenAPI's `nullable` is not JSON
/// Schema and is ignored, which only makes a `null` fail sooner: `assert_conforms` refuses any.
pub fn validator(name: &str) -> jsonschema::Validator {
    // The spec is the library's, at the workspace root beside this package.
    let spec_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
    let text = std::fs::read_to_string(spec_path).expect("openapi.yaml is readable");
    let spec: Value = serde_yaml_ng::from_str(&text).expect("openapi.yaml is YAML");
    let schemas = &spec["components"]["schemas"];
    assert!(
        schemas.get(name).is_some(),
        "openapi.yaml has no schema {name}"
    );
    // The `$ref`s between schemas resolve in this document as they do in the spec.
    let mut schema = serde_json::json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": {"schemas": schemas},
    });
    close_objects(&mut schema);
    jsonschema::options()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_format("whylabs-timestamp", is_server_timestamp)
        .with_format("whylabs-secret", is_secret_shape)
        .build(&schema)
        .expect("the spec's schema compiles")
}

/// Asserts that `body` is valid for `validator` and contains no `null` (the server omits
/// absent fields).
pub fn assert_conforms(validator: &jsonschema::Validator, body: &Value, what: &str) {
    let errors: Vec<String> = validator.iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:?} in {body}");
    assert!(!has_null(body), "{what}: null in {body}");
}

/// Adds `additionalProperties: false` to every schema object that lists properties.
fn close_objects(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}

/// The server's timestamp shape: `2024-01-02T03:04:05`, optionally `.` and 1 to 3 fraction
/// digits without a trailing zero; no `Z`, no offset.
pub fn is_server_timestamp(text: &str) -> bool {
    let (seconds, fraction) = text.split_at(text.len().min(19));
    let fraction_ok = match fraction.strip_prefix('.') {
        None => fraction.is_empty(),
        Some(digits) => {
            (1..=3).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !digits.ends_with('0')
        }
    };
    fraction_ok && NaiveDateTime::parse_from_str(seconds, "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// A WhyLabs secret: `<10 alphanumerics>.<53 alphanumerics>:<orgId>`.
pub fn is_secret_shape(text: &str) -> bool {
    use whylabs_api_keys::rules::{KEY_LEN, is_key, is_key_id_char};
    // Of the rules' shape, with the organization, and generated: letters and digits only.
    let generated = |key: &str| key.bytes().all(|b| b == b'.' || is_key_id_char(b));
    is_key(text) && text.len() > KEY_LEN && generated(&text[..KEY_LEN])
}
