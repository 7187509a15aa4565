//! `Error`'s messages and error chain, pinned: they are written out by hand (no derive), and
//! callers log and match on them.

use std::error::Error as _;

use reqwest::StatusCode;

use super::{Error, Reconciliation};
use crate::models::{ApiKey, ApiKeySecret, CreatedApiKey};
use crate::operation::Operation;

const URL: &str = "https://api.whylabsapp.com/v0/organizations/org-1/api-key";

fn timeout() -> Error {
    Error::Timeout {
        operation: Operation::Create,
        attempts: 2,
        status: None,
        url: URL.into(),
    }
}

#[test]
fn each_kind_reads_as_documented() {
    let cases = [
        (
            Error::invalid("org_id", "is blank"),
            "invalid org_id: is blank".to_string(),
        ),
        (
            Error::config("WHYLABS_API_KEY", "is not set"),
            "invalid configuration WHYLABS_API_KEY: is not set".to_string(),
        ),
        (
            Error::EndpointNotFound {
                operation: Operation::Revoke,
                url: URL.into(),
            },
            format!(
                "revoke_api_key: HTTP 404 from {URL}: the endpoint was not found (not the key); \
                 check the base URL"
            ),
        ),
        (
            timeout(),
            format!("create_api_key: timed out after 2 attempt(s) calling {URL}"),
        ),
        (
            Error::Decode {
                operation: Operation::List,
                status: StatusCode::OK,
                reason: "expected value".into(),
                excerpt: "<html>".into(),
            },
            "list_api_keys: undecodable response (HTTP 200 OK): expected value; body starts \
             \"<html>\""
                .to_string(),
        ),
        (
            Error::BodyTooLarge {
                operation: Operation::List,
                status: StatusCode::OK,
                limit: 1024,
            },
            "list_api_keys: response body (HTTP 200 OK) exceeds the limit of 1024 bytes"
                .to_string(),
        ),
        (
            Error::RotationInProgress {
                key_id: "fh4dUNV3WQ".into(),
            },
            "key fh4dUNV3WQ is already being rotated by this client; nothing was sent".to_string(),
        ),
        (
            Error::CreateOutcomeUnknown {
                operation: Operation::Create,
                cause: Box::new(timeout()),
                reconciliation: Reconciliation::NoKeyFound,
            },
            format!(
                "create_api_key: outcome unknown (create_api_key: timed out after 2 attempt(s) \
                 calling {URL}); no key made by this create was found, so none was revoked"
            ),
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(error.to_string(), expected, "{error:?}");
    }
}

#[test]
fn a_failed_rotation_names_both_keys_and_chains_its_cause() {
    let key = ApiKey::new("NEWKEY0001", "org-1", "user-1", chrono::Utc::now());
    let error = Error::RotationIncomplete {
        new_key: Box::new(CreatedApiKey::new(
            key,
            ApiKeySecret::from("NEWKEY0001.secret"),
        )),
        old_key_id: "OLDKEY0001".into(),
        source: Box::new(timeout()),
    };
    assert_eq!(
        error.to_string(),
        format!(
            "rotation incomplete: replacement key NEWKEY0001 was created, but revoking old key \
             OLDKEY0001 failed, so it may still be active: create_api_key: timed out after 2 \
             attempt(s) calling {URL}"
        )
    );
    let cause = error.source().expect("the revoke's error is the source");
    assert_eq!(cause.to_string(), timeout().to_string());
    assert!(timeout().source().is_none());
}
