//! Who may call what: v0 for system keys only (on any organization), v1 validate for any
//! valid key, v1 generate, delete and list for an organization's administrators; refused
//! calls leave `lastUsedTime` alone.

use reqwest::{Method, StatusCode};
use whylabs_api_keys::Scope;
use whylabs_api_keys_emulator::Emulator;

use crate::support::{ORG, Raw, USER, admin, client_with, create_system};

const V0: &str = "/v0/organizations/org-123/api-key";
const V1: &str = "/v1/api-key";

/// One call of each v0 operation, as (method, path).
fn v0_calls() -> [(Method, String); 4] {
    [
        (Method::POST, format!("{V0}?user_id=u")),
        (Method::GET, format!("{V0}/fh4dUNV3WQ")),
        (Method::GET, V0.to_string()),
        (Method::DELETE, format!("{V0}?user_id=u&key_id=fh4dUNV3WQ")),
    ]
}

#[tokio::test]
async fn v0_answers_403_to_every_key_without_the_system_scope() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let refused = [
        vec![Scope::Administrator],
        vec![Scope::AccountAdministrator],
        vec![Scope::User, Scope::WriteData],
        vec![Scope::WhylabsAdministrator],
        vec![],
    ];
    for scopes in refused {
        let key = emulator.issue_key(ORG, USER, scopes.clone());
        for (method, path) in v0_calls() {
            let answer = raw
                .send(method.clone(), &path, Some(key.expose_secret()))
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{scopes:?} {method} {path}"
            );
            assert_eq!(answer.body, "", "no body is defined for 403");
        }
    }
}

#[tokio::test]
async fn system_keys_call_v0_on_any_organization() {
    let emulator = Emulator::start().await;
    let issued = create_system(&emulator, "org-platform", "svc").await;
    for client in [
        admin(&emulator),
        client_with(&emulator, issued.secret().clone()),
    ] {
        for org in ["org-a", "org-b"] {
            let created = client.create_key(org, USER).await.unwrap();
            assert_eq!(
                client.get_key(org, &created.key.key_id).await.unwrap(),
                Some(created.key)
            );
        }
    }
}

#[tokio::test]
async fn validate_answers_any_valid_key_and_401_otherwise() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let plain = emulator.issue_key(ORG, USER, Vec::<Scope>::new());
    let path = "/v1/api-key/validate";
    for key in [plain.expose_secret(), emulator.admin_key().expose_secret()] {
        let answer = raw.send(Method::GET, path, Some(key)).await;
        assert_eq!(answer.status, StatusCode::OK);
        let id = answer.header("x-request-id").unwrap().to_string();
        assert_eq!(answer.json(), serde_json::json!({ "requestId": id }));
    }
    for key in [None, Some("fh4dUNV3WQ.unknown"), Some("")] {
        let answer = raw.send(Method::GET, path, key).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(answer.body, "");
    }
}

#[tokio::test]
async fn v1_generate_delete_and_list_need_an_administrators_key() {
    let emulator = Emulator::builder().paid_org(ORG).start().await.unwrap();
    let raw = Raw::new(&emulator);
    let calls = [
        (Method::POST, V1.to_string()),
        (Method::GET, V1.to_string()),
        (Method::DELETE, format!("{V1}?key_id=HMiFAgQeNb")),
    ];
    let refused = [
        emulator.issue_key(ORG, USER, [Scope::User, Scope::WriteData]),
        emulator.issue_key(ORG, USER, [Scope::WhylabsSystem]),
        emulator.admin_key().clone(),
    ];
    for key in &refused {
        for (method, path) in &calls {
            let answer = raw
                .send(method.clone(), path, Some(key.expose_secret()))
                .await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path}");
        }
    }
    for scope in [Scope::Administrator, Scope::AccountAdministrator] {
        let key = emulator.issue_key(ORG, USER, [scope]);
        for (method, path) in &calls {
            let answer = raw
                .send(method.clone(), path, Some(key.expose_secret()))
                .await;
            // The delete names an unknown key: 404 is the answer of an authorized call.
            assert!(
                matches!(answer.status.as_u16(), 200 | 404),
                "{method} {path}: {answer:?}"
            );
        }
    }
}

#[tokio::test]
async fn x_whylabs_organization_names_the_own_or_a_managed_organization() {
    let emulator = Emulator::builder()
        .paid_org("org-parent")
        .paid_org("org-child")
        .managed_org("org-parent", "org-child")
        .start()
        .await
        .unwrap();
    let raw = Raw::new(&emulator);
    let parent = emulator.issue_key("org-parent", "alice", [Scope::Administrator]);
    let generate = |org: &'static str| {
        let raw = &raw;
        let key = parent.expose_secret().to_string();
        async move {
            let headers = [("x-whylabs-organization", org)];
            raw.send_with(Method::POST, V1, Some(&key), &headers).await
        }
    };
    let child = generate("org-child").await;
    assert_eq!(child.status, StatusCode::OK);
    assert_eq!(child.json()["orgId"], "org-child");
    assert_eq!(child.json()["userId"], "alice");
    assert_eq!(generate("org-parent").await.status, StatusCode::OK);
    assert_eq!(generate("org-other").await.status, StatusCode::FORBIDDEN);

    // A system key must name the organization; here one that also administers.
    let system = emulator.issue_key(
        "org-platform",
        "svc",
        [Scope::WhylabsSystem, Scope::Administrator],
    );
    let unnamed = raw
        .send(Method::GET, V1, Some(system.expose_secret()))
        .await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(unnamed.json()["parameter"], "X-WHYLABS-ORGANIZATION");
    let headers = [("x-whylabs-organization", "org-child")];
    let named = raw
        .send_with(Method::GET, V1, Some(system.expose_secret()), &headers)
        .await;
    assert_eq!(named.status, StatusCode::OK);
    assert_eq!(named.json()["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn refused_calls_do_not_touch_last_used_time() {
    let emulator = Emulator::start().await;
    let raw = Raw::new(&emulator);
    let system = create_system(&emulator, ORG, USER).await;
    let plain = emulator.issue_key(ORG, "user-plain", Vec::<Scope>::new());
    let own = system.secret().expose_secret();
    let refused = [
        (Method::GET, V1.to_string(), own), // 403: not an administrator
        (Method::POST, format!("{V0}?user_id=u&scopes=%3Aadmin"), own), // 400
        (
            Method::DELETE,
            format!("{V0}?user_id=u&key_id=HMiFAgQeNb"),
            own,
        ), // 404
        (Method::GET, V0.to_string(), plain.expose_secret()), // 403: not a system key
    ];
    for (method, path, key) in refused {
        let answer = raw.send(method.clone(), &path, Some(key)).await;
        assert!(answer.status.is_client_error(), "{method} {path}");
    }
    for user in [USER, "user-plain"] {
        let keys = admin(&emulator).list_keys(ORG).await.unwrap();
        let key = keys.iter().find(|k| k.user_id == user).unwrap();
        assert_eq!(key.last_used_time, None, "{user}");
    }
    let ok = raw
        .send(
            Method::GET,
            "/v1/api-key/validate",
            Some(plain.expose_secret()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let keys = admin(&emulator).list_keys(ORG).await.unwrap();
    let key = keys.iter().find(|k| k.user_id == "user-plain").unwrap();
    assert!(key.last_used_time.is_some(), "a call that succeeds sets it");
}
