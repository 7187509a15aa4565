//! From the generated types to the models, the one place that reads both.
//!
//! The tie between the two runs one way: the generated code names the models' leaf types
//! [`Timestamp`](crate::models::Timestamp) and [`ApiKeySecret`] (the generator's conversions,
//! `build/generator.rs`), and nothing in `models/` names a generated type. The models the
//! facade hands out are made here from what the generated client decoded.

use crate::generated::types;
use crate::models::{ApiKey, ApiKeyMetadata, ApiKeySecret, Scope};

/// A generated v0 key split into its metadata and the secret it may carry.
pub(crate) fn api_key(key: types::UserApiKey) -> (ApiKey, Option<ApiKeySecret>) {
    // A literal, not `ApiKey::new` and setters: a field added to the model fails to compile
    // here until it is read from the wire.
    let metadata = ApiKey {
        key_id: key.key_id,
        org_id: key.org_id,
        user_id: key.user_id,
        alias: non_empty(key.alias),
        scopes: scopes(key.scopes),
        revoked: key.revoked.unwrap_or(false),
        creation_time: key.creation_time.to_datetime(),
        expiration_time: key.expiration_time.map(|t| t.to_datetime()),
        last_used_time: key.last_used_time.map(|t| t.to_datetime()),
        resource_id: key.resource_id,
    };
    (metadata, key.key)
}

/// A generated v1 key's metadata.
pub(crate) fn key_metadata(key: types::ApiKeyMetadata) -> ApiKeyMetadata {
    ApiKeyMetadata {
        key_id: key.key_id,
        org_id: key.org_id,
        expiration_time: key.expiration_time.map(|t| t.to_datetime()),
        scopes: scopes(key.scopes),
        alias: non_empty(key.alias),
    }
}

/// The server stores a missing alias as `""`, which the models read as none.
fn non_empty(alias: Option<String>) -> Option<String> {
    alias.filter(|alias| !alias.is_empty())
}

/// The scopes of a generated key (absent means none), as this crate's values.
fn scopes(scopes: Option<Vec<String>>) -> Vec<Scope> {
    scopes
        .unwrap_or_default()
        .into_iter()
        .map(Scope::from)
        .collect()
}
