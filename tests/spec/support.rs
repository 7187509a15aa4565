//! What the checks share: the spec as JSON, the build's generator, walking operations and
//! parameters, and editing a copy of the spec into a deliberately broken one.

use std::path::Path;
use std::sync::Mutex;

use serde_json::Value;

/// Relative to the package root, where cargo runs integration tests; the generator's messages
/// name the file as given.
pub use crate::generator::SPEC;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The build's `generate`, one call at a time: it swaps the process-wide panic hook while it runs,
/// and two overlapping swaps could leave a silenced hook behind.
pub fn generate(path: &str) -> Result<String, String> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    crate::generator::generate(Path::new(path))
}

/// The spec as JSON (YAML keys such as an unquoted `200` become strings).
pub fn spec() -> Value {
    let text = std::fs::read_to_string(SPEC).expect("openapi.yaml is readable");
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("openapi.yaml is YAML");
    serde_json::to_value(yaml).expect("openapi.yaml converts to JSON")
}

/// The generated client of the real spec, parsed.
pub fn generated_client() -> syn::File {
    let code = generate(SPEC).unwrap_or_else(|e| panic!("{e}"));
    syn::parse_file(&code).expect("the generated client parses")
}

pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Follows `$ref`s (local ones only: the spec is one file) to the object and its JSON pointer.
pub fn resolve<'a>(spec: &'a Value, pointer: &str, value: &'a Value) -> (String, &'a Value) {
    let (mut pointer, mut value) = (pointer.to_string(), value);
    // Bounded: a `$ref` cycle must not hang the test (the validator reports it).
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let target = reference.strip_prefix('#').unwrap_or(reference);
        let Some(next) = spec.pointer(target) else {
            break;
        };
        (pointer, value) = (target.to_string(), next);
    }
    (pointer, value)
}

pub fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

pub fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

pub struct Operation<'a> {
    /// `POST /v0/... (CreateApiKey)`, for messages.
    pub label: String,
    pub pointer: String,
    pub id: String,
    pub value: &'a Value,
    /// Path-level parameters, which the operation's own ones override.
    pub path_item: &'a Value,
}

pub fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, path_item) in entries(spec.get("paths")) {
        for method in METHODS {
            if let Some(value) = path_item.get(method) {
                let id = text(value, "operationId").unwrap_or("").to_string();
                found.push(Operation {
                    label: format!("{} {path} ({id})", method.to_uppercase()),
                    pointer: format!("/paths/{}/{method}", escape(path)),
                    id,
                    value,
                    path_item,
                });
            }
        }
    }
    found
}

/// An operation's parameters, `$ref`s resolved, as (pointer of the definition, definition).
pub fn parameters<'a>(spec: &'a Value, op: &Operation<'a>) -> Vec<(String, &'a Value)> {
    let path_pointer = op.pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let listed = |owner: &'a Value, pointer: String| {
        let list = owner.get("parameters").and_then(Value::as_array);
        list.into_iter().flatten().enumerate().map(move |(i, p)| {
            let here = format!("{pointer}/parameters/{i}");
            resolve(spec, &here, p)
        })
    };
    let mut by_key: Vec<(String, &Value)> = Vec::new();
    let all =
        listed(op.path_item, path_pointer.to_string()).chain(listed(op.value, op.pointer.clone()));
    for (pointer, parameter) in all {
        let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
        by_key.retain(|(_, earlier)| key(earlier) != key(parameter));
        by_key.push((pointer, parameter));
    }
    by_key
}

// ---------------------------------------------------------------------------------------------
// A deliberately broken copy of the spec, to show what each check reports

pub const CREATE: &str = "/paths/~1v0~1organizations~1{org_id}~1api-key/post";

pub fn broken_spec(edit: impl FnOnce(&mut Value)) -> Value {
    let mut spec = spec();
    edit(&mut spec);
    spec
}

/// The problems `check` finds in `broken` but not in the real spec: these tests show what each
/// check reports, and should not fail too when the real spec has a problem of its own (the tests
/// of the real spec report that once).
pub fn introduced<T: PartialEq>(check: impl Fn(&Value) -> Vec<T>, broken: &Value) -> Vec<T> {
    let before = check(&spec());
    check(broken)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect()
}

/// The container holding `pointer`'s last token, and that token unescaped.
fn parent_of<'a>(spec: &'a mut Value, pointer: &str) -> (&'a mut Value, String) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
    let key = key.replace("~1", "/").replace("~0", "~");
    let parent = spec
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent} exists"));
    (parent, key)
}

pub fn remove(spec: &mut Value, pointer: &str) {
    let (parent, key) = parent_of(spec, pointer);
    match parent {
        Value::Object(object) => assert!(object.remove(&key).is_some(), "{pointer} exists"),
        Value::Array(list) => {
            list.remove(key.parse::<usize>().expect("an index"));
        }
        _ => panic!("{pointer}'s parent is no container"),
    }
}

/// Sets the value at `pointer`, adding the last key to its object if it is new.
pub fn set(spec: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = parent_of(spec, pointer);
    match parent {
        Value::Object(object) => {
            object.insert(key, value);
        }
        Value::Array(list) => list[key.parse::<usize>().expect("an index")] = value,
        _ => panic!("{pointer}'s parent is no container"),
    }
}
