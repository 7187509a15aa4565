//! The v1 paths: what an organization administrator's key can do (validate, list the
//! organization's key metadata, generate a key for oneself, delete one's own key). The
//! organization is the key's own, or one named with `--org`, which goes to the server in the
//! `X-WHYLABS-ORGANIZATION` header (the key's own organization or one it manages).

use whylabs_api_keys::{ApiKey, ApiKeyMetadata, Client, CreatedApiKey};

use crate::api::client::{ENDPOINT_SETTINGS, build};
use crate::api::org_check;
use crate::api::request::CreateRequest;
use crate::api::session::Session;
use crate::error::{CliError, CliResult};
use crate::records::{KeyRecord, status};
use crate::shell;

/// A client for `org` (the header), or the key's own organization.
fn client_for(session: &Session, org: Option<&str>) -> CliResult<Client> {
    org_check::note_mismatch(session, org);
    match org {
        Some(org) => build(session.builder.clone().managed_org(org), ENDPOINT_SETTINGS),
        None => Ok(session.client.clone()),
    }
}

/// The single organization given, if any: v1 acts on one organization per call.
fn single_org<'a>(session: &'a Session, command: &str) -> CliResult<Option<&'a str>> {
    match session.org_list() {
        [] => Ok(None),
        [org] => Ok(Some(org)),
        _ => session.one_org(command).map(Some),
    }
}

/// Whether the configured key is valid: `Ok(false)` for 401/403; any other failure (a
/// timeout, a wrong endpoint) is an error, since it says nothing about the key.
pub async fn validate(session: &Session) -> CliResult<bool> {
    let client = client_for(session, single_org(session, "validate")?)?;
    match client.validate_key().await {
        Ok(_) => Ok(true),
        Err(e) if e.is_unauthorized() || e.is_forbidden() => Ok(false),
        Err(e) => Err(CliError::api("validate the key", &e)),
    }
}

/// The organization's active keys' metadata: no owner, creation time or last use.
pub async fn list(session: &Session, org: Option<&str>) -> CliResult<Vec<KeyRecord>> {
    let client = client_for(session, org)?;
    let doing = format!(
        "list key metadata of {}",
        org.unwrap_or("your organization")
    );
    let now = session.clock.now();
    let listed = client
        .list_key_metadata()
        .await
        .map_err(|e| org_check::v1_error(session, &doing, org, &e))?;
    Ok(listed.iter().map(|meta| record(meta, now)).collect())
}

fn record(meta: &ApiKeyMetadata, now: chrono::DateTime<chrono::Utc>) -> KeyRecord {
    KeyRecord {
        key_id: meta.key_id.clone(),
        org_id: meta.org_id.clone(),
        user_id: None,
        alias: meta.alias.clone(),
        scopes: meta.scopes.iter().map(|s| s.as_str().to_string()).collect(),
        status: status(false, meta.expiration_time, now),
        created: None,
        expires: meta.expiration_time,
        last_used: None,
        resource_id: None,
        usage_known: false,
    }
}

/// A key for the caller.
pub async fn generate(session: &Session, request: &CreateRequest<'_>) -> CliResult<CreatedApiKey> {
    let org = single_org(session, "create")?;
    let client = client_for(session, org)?;
    let mut generate = client.generate_key().scopes(request.scopes());
    if let Some(alias) = request.alias {
        generate = generate.alias(alias);
    }
    let doing = "create a key for yourself (v1)";
    request.expiry.apply(generate).await.map_err(|e| {
        if !e.is_forbidden() {
            return CliError::api(doing, &e);
        }
        org_check::forbidden_org(session, doing, org).unwrap_or_else(|| {
            CliError::failed(
                "create a key for yourself (v1): the server refused (403): v1 needs an \
                 organization administrator's key; with a system key name the owner with \
                 --user USER (v0)",
            )
        })
    })
}

/// Deletes one of the caller's keys; `Ok(None)` when the server says the caller has no such
/// key (v1 answers 404 for another user's key too).
pub async fn delete(session: &Session, key_id: &str) -> CliResult<Option<ApiKey>> {
    let client = client_for(session, single_org(session, "revoke")?)?;
    match client.delete_key(key_id).await {
        Ok(key) => Ok(Some(key)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) if e.is_forbidden() => Err(CliError::failed(format!(
            "revoke key {key_id} (v1): the server refused (403): v1 revokes the caller's own \
             keys and needs an organization administrator's key; with a system key name the \
             organization so that the key's owner is looked up: {}",
            shell::command(["revoke", key_id, "--org", "ORG"])
        ))),
        Err(e) => Err(CliError::api(format!("revoke key {key_id} (v1)"), &e)),
    }
}

/// Validates the configured key in its own organization (no header): any valid key may.
pub async fn validate_own(client: &Client) -> whylabs_api_keys::Result<()> {
    client.validate_key().await.map(drop)
}

/// The scopes of the caller's key `key_id` from its own organization's metadata (an
/// administrator's key may list it); `None` when they cannot be read.
pub async fn own_scopes(client: &Client, key_id: &str) -> Option<Vec<String>> {
    let listed = client.list_key_metadata().await.ok()?;
    let own = listed.iter().find(|meta| meta.key_id == key_id)?;
    Some(own.scopes.iter().map(|s| s.as_str().to_string()).collect())
}
