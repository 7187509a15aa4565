//! The `aws-sm:` sink on AWS Secrets Manager, through the official SDK: the standard
//! credential chain, region and `AWS_ENDPOINT_URL` (so a local Secrets Manager such as
//! `moto_server` works as the real one). Staging follows AWS's own rotation: the new value is
//! put as a version labelled `AWSPENDING`; committing moves `AWSCURRENT` to it (AWS then labels
//! the old version `AWSPREVIOUS`) and drops `AWSPENDING`; restoring drops `AWSPENDING`. The
//! pending version is found by its label, so nothing about it needs journaling, and each step
//! can be repeated after a crash. Errors carry the SDK's message, never the value.

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::DisplayErrorContext;
use whylabs_api_keys::ApiKeySecret;

const PENDING: &str = "AWSPENDING";
const CURRENT: &str = "AWSCURRENT";

/// A client configured as the AWS CLI would be, from the environment and profile.
pub async fn client() -> Client {
    let config = aws_config::load_from_env().await;
    Client::new(&config)
}

fn failed(doing: &str, error: impl std::error::Error) -> String {
    format!("{doing}: {}", DisplayErrorContext(error))
}

/// The secret exists and can be described.
pub async fn check(client: &Client, id: &str) -> Result<(), String> {
    client
        .describe_secret()
        .secret_id(id)
        .send()
        .await
        .map(drop)
        .map_err(|e| failed("cannot describe the secret", e))
}

/// Puts `secret` as a new version labelled `AWSPENDING` only.
pub async fn put_pending(client: &Client, id: &str, secret: &ApiKeySecret) -> Result<(), String> {
    client
        .put_secret_value()
        .secret_id(id)
        .secret_string(secret.expose_secret())
        .version_stages(PENDING)
        .send()
        .await
        .map(drop)
        .map_err(|e| failed("cannot put the new version", e))
}

/// The versions holding `AWSPENDING` and `AWSCURRENT`.
async fn labelled(client: &Client, id: &str) -> Result<(Option<String>, Option<String>), String> {
    let described = client
        .describe_secret()
        .secret_id(id)
        .send()
        .await
        .map_err(|e| failed("cannot describe the secret", e))?;
    let mut pending = None;
    let mut current = None;
    for (version, stages) in described.version_ids_to_stages().into_iter().flatten() {
        if stages.iter().any(|s| s == PENDING) {
            pending = Some(version.clone());
        }
        if stages.iter().any(|s| s == CURRENT) {
            current = Some(version.clone());
        }
    }
    Ok((pending, current))
}

/// Moves `AWSCURRENT` to the pending version and drops `AWSPENDING`; nothing to do when no
/// version is pending (committed already).
pub async fn make_current(client: &Client, id: &str) -> Result<(), String> {
    let (Some(pending), current) = labelled(client, id).await? else {
        return Ok(());
    };
    if current.as_deref() != Some(pending.as_str()) {
        client
            .update_secret_version_stage()
            .secret_id(id)
            .version_stage(CURRENT)
            .move_to_version_id(&pending)
            .set_remove_from_version_id(current)
            .send()
            .await
            .map_err(|e| failed("cannot move AWSCURRENT to the new version", e))?;
    }
    drop_pending(client, id, &pending).await
}

/// Drops `AWSPENDING`: readers of `AWSCURRENT` never saw the new value.
pub async fn remove_pending(client: &Client, id: &str) -> Result<(), String> {
    match labelled(client, id).await? {
        (Some(pending), _) => drop_pending(client, id, &pending).await,
        (None, _) => Ok(()),
    }
}

async fn drop_pending(client: &Client, id: &str, version: &str) -> Result<(), String> {
    client
        .update_secret_version_stage()
        .secret_id(id)
        .version_stage(PENDING)
        .remove_from_version_id(version)
        .send()
        .await
        .map(drop)
        .map_err(|e| failed("cannot remove AWSPENDING", e))
}
