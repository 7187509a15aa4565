//! The v1 self-service methods against the emulator and a scripted server: validate any key,
//! generate with every option (internal scopes refused before sending, a free organization
//! refused with the server's message), delete one's own key only, the organization's key
//! metadata, the managed organization header, and the 403 of a v0 call made with an
//! administrator's key.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use whylabs_api_keys::{ApiKeyMetadata, Client, Operation, Scope};
use whylabs_api_keys_emulator::Emulator;

use crate::common::raw::{Action, Head, RawServer};
use crate::common::{V0_OPERATIONS, V1_OPERATIONS, call, success_body};

const ORG: &str = "org-1";
/// The server's answer to v1 generate in an organization that is not on a paid tier.
const NOT_ENABLED: &str =
    "Cannot create API keys for this organization. Please contact us to enable this feature.";

/// An emulator on which [`ORG`] is paid, and a client with the key of its administrator
/// `admin-1`.
async fn paid() -> (Emulator, Client) {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let client = as_user(&emulator, "admin-1", [Scope::Administrator]);
    (emulator, client)
}

/// A client with a fresh key of `user` in [`ORG`] with `scopes`.
fn as_user<const N: usize>(emulator: &Emulator, user: &str, scopes: [Scope; N]) -> Client {
    let key = emulator.issue_key(ORG, user, scopes);
    with_key(emulator, key.expose_secret())
}

fn with_key(emulator: &Emulator, key: &str) -> Client {
    emulator.client_builder().api_key(key).build().unwrap()
}

/// The ids of the organization's active keys, as v1 lists them.
pub(crate) async fn active_ids(client: &Client) -> HashSet<String> {
    let listed = client.list_key_metadata().await.unwrap();
    listed.into_iter().map(|key| key.key_id).collect()
}

#[tokio::test]
async fn validate_accepts_any_valid_key_and_no_other() {
    let (emulator, admin) = paid().await;
    let plain = as_user(&emulator, "user-1", []);
    for client in [&emulator.client(), &admin, &plain] {
        let validation = client.validate_key().await.unwrap();
        assert!(validation.request_id.is_some());
    }

    let unknown = with_key(&emulator, "AAAAAAAAAA.wrong:org-1");
    let deleted = admin.generate_key().await.unwrap();
    admin.delete_key(&deleted.key.key_id).await.unwrap();
    let expiring = admin
        .generate_key()
        .expires_in(Duration::from_secs(120))
        .await
        .unwrap();
    emulator.advance_time(Duration::from_secs(180));
    let revoked = with_key(&emulator, deleted.secret().expose_secret());
    let expired = with_key(&emulator, expiring.secret().expose_secret());
    for (what, client) in [
        ("unknown", unknown),
        ("revoked", revoked),
        ("expired", expired),
    ] {
        let error = client.validate_key().await.unwrap_err();
        assert!(error.is_unauthorized(), "{what}: {error:?}");
    }
}

#[tokio::test]
async fn generate_makes_a_key_of_the_caller_with_every_option() {
    let (_emulator, admin) = paid().await;
    let expires = Utc.timestamp_millis_opt(Utc::now().timestamp_millis() + 86_400_123);
    let expires = expires.unwrap();
    let created = admin
        .generate_key()
        .scopes([Scope::WriteData, Scope::ReadResource])
        .alias("nightly upload")
        .expires_at(expires)
        .resource_id("model-1")
        .await
        .unwrap();
    let key = &created.key;
    assert_eq!(
        (key.org_id.as_str(), key.user_id.as_str()),
        (ORG, "admin-1")
    );
    let scopes: HashSet<&Scope> = key.scopes.iter().collect();
    assert_eq!(
        scopes,
        HashSet::from([&Scope::WriteData, &Scope::ReadResource])
    );
    assert_eq!(key.alias.as_deref(), Some("nightly upload"));
    assert_eq!(key.expiration_time, Some(expires));
    assert_eq!(key.resource_id.as_deref(), Some("model-1"));
    assert!(!key.revoked);
    let secret = created.secret().expose_secret();
    assert!(secret.starts_with(&format!("{}.", key.key_id)) && secret.ends_with(":org-1"));

    let bare = admin.generate_key().await.unwrap().key;
    assert!(bare.scopes.is_empty() && bare.alias.is_none() && bare.expiration_time.is_none());
}

#[tokio::test]
async fn internal_scopes_are_refused_before_anything_is_sent() {
    let (emulator, admin) = paid().await;
    for internal in [Scope::WhylabsSystem, Scope::WhylabsAdministrator] {
        let error = admin
            .generate_key()
            .scopes([Scope::WriteData, internal.clone()])
            .await
            .unwrap_err();
        assert!(error.is_invalid_input(), "{internal}: {error:?}");
        assert!(error.to_string().contains(internal.as_str()), "{error}");
    }
    assert_eq!(emulator.requests_seen(), 0);
}

#[tokio::test]
async fn generate_in_a_free_organization_is_refused_with_the_servers_message() {
    let emulator = Emulator::start().await;
    let admin = as_user(&emulator, "admin-1", [Scope::Administrator]);
    let error = admin.generate_key().alias("a").await.unwrap_err();
    assert!(error.is_bad_request(), "{error:?}");
    let api = error.api_error().unwrap();
    assert_eq!(api.message(), Some(NOT_ENABLED));
    assert_eq!(api.error_type(), Some("IllegalArgument"));
    assert_eq!(api.operation(), Operation::Generate);
    assert!(error.reconciliation().is_none(), "a refusal made no key");
    assert_eq!(emulator.requests_of(Operation::Generate), 1);
}

#[tokio::test]
async fn delete_revokes_the_callers_own_keys_only() {
    let (emulator, admin) = paid().await;
    let other = as_user(&emulator, "admin-2", [Scope::Administrator]);
    let mine = admin.generate_key().await.unwrap().key;
    let theirs = other.generate_key().await.unwrap().key;

    let deleted = admin.delete_key(&mine.key_id).await.unwrap();
    assert!(deleted.revoked);
    assert_eq!(
        (deleted.key_id.as_str(), deleted.user_id.as_str()),
        (mine.key_id.as_str(), "admin-1")
    );
    assert!(!active_ids(&admin).await.contains(&mine.key_id));

    for key_id in [theirs.key_id.as_str(), "HMiFAgQeNb"] {
        let error = admin.delete_key(key_id).await.unwrap_err();
        assert!(error.is_not_found(), "{key_id}: {error:?}");
    }
    assert!(active_ids(&admin).await.contains(&theirs.key_id));
    assert!(admin.delete_key(" ").await.unwrap_err().is_invalid_input());
}

#[tokio::test]
async fn list_metadata_shows_the_organizations_active_keys() {
    let (emulator, admin) = paid().await;
    let other = as_user(&emulator, "admin-2", [Scope::Administrator]);
    let expires = Utc::now() + chrono::Duration::days(30);
    let described = admin
        .generate_key()
        .alias("uploader")
        .scopes([Scope::WriteData])
        .expires_at(expires)
        .await
        .unwrap();
    let deleted = admin.generate_key().await.unwrap().key;
    admin.delete_key(&deleted.key_id).await.unwrap();
    let theirs = other.generate_key().await.unwrap().key;
    let provisioned = emulator.client().create_key(ORG, "user-9").await.unwrap();

    let listed = admin.list_key_metadata().await.unwrap();
    let ids: HashSet<&str> = listed.iter().map(|key| key.key_id.as_str()).collect();
    for key_id in [
        &described.key.key_id,
        &theirs.key_id,
        &provisioned.key.key_id,
    ] {
        assert!(ids.contains(key_id.as_str()), "{key_id} listed");
    }
    assert!(
        !ids.contains(deleted.key_id.as_str()),
        "a deleted key is not"
    );
    assert_eq!(ids.len(), 5, "with both administrators' own keys: {ids:?}");

    let mut expected = ApiKeyMetadata::new(described.key.key_id.clone(), ORG);
    expected.alias = Some("uploader".to_string());
    expected.scopes = vec![Scope::WriteData];
    expected.expiration_time = described.key.expiration_time;
    let shown = listed.iter().find(|key| key.key_id == expected.key_id);
    assert_eq!(shown, Some(&expected));
    let printed = format!("{listed:?}");
    assert!(!printed.contains(described.secret().expose_secret()));
}

/// A scripted server that answers each call with a body that lets it succeed.
async fn answering_every_call() -> RawServer {
    RawServer::start(|head: &Head| {
        let path = head.target.split('?').next().unwrap_or_default();
        let v1 = V1_OPERATIONS
            .into_iter()
            .find(|op| op.method() == head.method && op.path() == path);
        Action::json(200, &success_body(v1.unwrap_or(Operation::List)))
    })
    .await
}

#[tokio::test]
async fn managed_org_is_sent_as_x_whylabs_organization_on_every_v1_call() {
    for managed in [Some("org-child"), None] {
        let server = answering_every_call().await;
        let mut builder = Client::builder().base_url(server.uri()).api_key("k.secret");
        if let Some(org) = managed {
            builder = builder.managed_org(org);
        }
        let client = builder.build().unwrap();
        for operation in V1_OPERATIONS {
            call(&client, operation).await.unwrap();
        }
        client.list_keys("o").await.unwrap();

        let heads = server.heads();
        let (v1, v0): (Vec<&Head>, Vec<&Head>) = heads
            .iter()
            .partition(|head| head.target.starts_with("/v1/"));
        assert_eq!(v1.len(), 4, "four calls, nothing before generate");
        for head in v1 {
            let sent = head.header("X-WHYLABS-ORGANIZATION");
            assert_eq!(sent, managed, "{} {}", head.method, head.target);
        }
        assert_eq!(v0[0].header("X-WHYLABS-ORGANIZATION"), None, "not on v0");
    }
}

#[tokio::test]
async fn a_403_on_v0_says_a_system_key_is_needed_and_names_the_v1_methods() {
    let (emulator, admin) = paid().await;
    for operation in V0_OPERATIONS {
        let error = call(&admin, operation).await.unwrap_err();
        assert!(error.is_forbidden(), "{operation}: {error:?}");
        let text = error.to_string();
        assert!(
            text.contains("needs a system key (:whylabs_system)"),
            "{text}"
        );
        for method in [
            "generate_key",
            "delete_key",
            "list_key_metadata",
            "validate_key",
        ] {
            assert!(text.contains(method), "{operation}: {text}");
        }
    }
    // A v1 call refused for want of the administrator role says nothing of v0.
    let plain = as_user(&emulator, "user-1", [Scope::User]);
    for operation in [
        Operation::Generate,
        Operation::Delete,
        Operation::ListMetadata,
    ] {
        let error = call(&plain, operation).await.unwrap_err();
        assert!(error.is_forbidden(), "{operation}: {error:?}");
        assert!(!error.to_string().contains("system key"), "{error}");
    }
}
