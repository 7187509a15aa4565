//! The broken specs in `tests/fixtures/broken/` fail generation with a message naming the file
//! and the problem.

use serde_json::json;

use crate::support::generate;

/// Relative to the package root, where cargo runs integration tests; the generator's messages
/// name the file as given.
const BROKEN: &str = "tests/fixtures/broken";

/// `generate`'s message for a fixture; a panic escaping it or a success fails the test.
fn generation_error(file: &str) -> String {
    let path = format!("{BROKEN}/{file}");
    match std::panic::catch_unwind(|| generate(&path)) {
        Ok(Err(message)) => {
            assert!(
                message.starts_with(&format!("{path}: ")),
                "does not name {path}: {message}"
            );
            message
        }
        Ok(Ok(_)) => panic!("{path} generated a client"),
        Err(_) => panic!("generate panicked on {path}"),
    }
}

/// Every fixture in tests/fixtures/broken/ and the problem its message must describe.
const BROKEN_FIXTURES: [(&str, &str); 5] = [
    (
        "missing-operation-id.yaml",
        "progenitor rejected the spec: unexpected or unhandled format in the OpenAPI document \
         path /v0/things is missing operation ID",
    ),
    (
        "openapi-3-1.yaml",
        "OpenAPI 3.1.0 is not supported: use 3.0.x",
    ),
    (
        "success-plus-default.yaml",
        "operation ListThings (GET /v0/things) has 2 different success response bodies (200: an \
         inline schema; default: an inline schema); progenitor generates one success type per \
         operation; `default` counts as a success and as an error response, so declare the error \
         statuses (such as 4XX, 5XX) instead",
    ),
    (
        "two-success-bodies.yaml",
        "operation CreateThing (POST /v0/things) has 2 different success response bodies (200: \
         #/components/schemas/Thing; 201: #/components/schemas/Created); progenitor generates one \
         success type per operation",
    ),
    (
        "yaml-syntax-error.yaml",
        "not valid YAML: did not find expected ',' or ']' at line 11 column 16",
    ),
];

fn assert_broken(file: &str) {
    let (_, problem) = BROKEN_FIXTURES
        .iter()
        .find(|(f, _)| *f == file)
        .expect("listed");
    let message = generation_error(file);
    assert!(
        message.contains(problem),
        "message for {file}:\n  {message}\ndoes not contain:\n  {problem}"
    );
}

#[test]
fn a_yaml_syntax_error_is_named_with_its_line() {
    assert_broken("yaml-syntax-error.yaml");
}

#[test]
fn openapi_3_1_is_refused_by_version() {
    assert_broken("openapi-3-1.yaml");
}

#[test]
fn a_missing_operation_id_is_named_with_its_path() {
    assert_broken("missing-operation-id.yaml");
}

#[test]
fn two_success_bodies_name_the_operation_and_statuses() {
    assert_broken("two-success-bodies.yaml");
}

#[test]
fn success_plus_default_names_the_operation_and_the_fix() {
    assert_broken("success-plus-default.yaml");
}

#[test]
fn every_broken_fixture_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(BROKEN)
        .expect("tests/fixtures/broken exists")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let listed: Vec<_> = BROKEN_FIXTURES
        .iter()
        .map(|(file, _)| file.to_string())
        .collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn an_unexplained_generator_panic_still_names_the_file() {
    // A path parameter without `required: true` makes progenitor panic for another reason than
    // response bodies; the message still names the file instead of escaping as a panic.
    let dir = std::env::temp_dir().join(format!("whylabs-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join("optional-path-parameter.yaml");
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/v0/things/{id}": {"get": {
            "operationId": "GetThing",
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}}
        }}}
    });
    std::fs::write(&path, spec.to_string()).expect("written");
    let path = path.to_string_lossy().into_owned();
    let message = std::panic::catch_unwind(|| generate(&path)).expect("no panic escapes");
    let message = message.expect_err("progenitor refuses an optional path parameter");
    assert!(message.starts_with(&format!("{path}: ")), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}
