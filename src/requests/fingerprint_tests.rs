//! Which keys reconciliation may revoke: the rules of [`decide`], case by case, on v0 keys
//! and on v1 metadata.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::models::{ApiKey, ApiKeyMetadata};

const EXPIRES_MS: i64 = 1_900_000_000_123;

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).unwrap()
}

fn request() -> Fingerprint {
    Fingerprint::new(
        "org",
        "user",
        Some("nightly"),
        &[Scope::WriteData, Scope::ReadResource],
        Some(EXPIRES_MS),
    )
}

/// A key that `request()` could have made.
fn key(id: &str) -> ApiKey {
    ApiKey {
        key_id: id.to_string(),
        org_id: "org".to_string(),
        user_id: "user".to_string(),
        alias: Some("nightly".to_string()),
        scopes: vec![Scope::ReadResource, Scope::WriteData],
        revoked: false,
        creation_time: at(1_800_000_000_000),
        expiration_time: Some(at(EXPIRES_MS)),
        last_used_time: None,
        resource_id: None,
    }
}

fn ids(list: &[&str]) -> HashSet<String> {
    list.iter().map(|id| id.to_string()).collect()
}

fn decide_plain(before: &[&str], after: &[ApiKey]) -> Decision {
    decide(&request(), &ids(before), after, &Others::default(), None)
}

#[test]
fn the_one_new_matching_key_is_revoked() {
    let after = [key("OLD0000001"), key("NEW0000001")];
    assert_eq!(
        decide_plain(&["OLD0000001"], &after),
        Decision::Revoke("NEW0000001".into())
    );
    assert_eq!(
        decide_plain(&["OLD0000001"], &after[..1]),
        Decision::NoKeyFound
    );
}

#[test]
fn two_new_matching_keys_are_ambiguous() {
    let after = [key("NEW0000001"), key("NEW0000002")];
    assert_eq!(
        decide_plain(&[], &after),
        Decision::Ambiguous(vec!["NEW0000001".into(), "NEW0000002".into()])
    );
}

#[test]
fn keys_that_differ_from_the_request_are_never_candidates() {
    let mut other_alias = key("A");
    other_alias.alias = Some("other".into());
    let mut no_alias = key("B");
    no_alias.alias = None;
    let mut fewer_scopes = key("C");
    fewer_scopes.scopes = vec![Scope::WriteData];
    let mut more_scopes = key("D");
    more_scopes.scopes.push(Scope::User);
    let mut other_ms = key("E");
    other_ms.expiration_time = Some(at(EXPIRES_MS + 1));
    let mut never_expires = key("F");
    never_expires.expiration_time = None;
    let mut other_user = key("G");
    other_user.user_id = "user-2".into();
    let mut revoked = key("H");
    revoked.revoked = true;
    let mut used = key("I");
    used.last_used_time = Some(at(1_800_000_000_500));
    for key in [
        other_alias,
        no_alias,
        fewer_scopes,
        more_scopes,
        other_ms,
        never_expires,
        other_user,
        revoked,
        used,
    ] {
        let id = key.key_id.clone();
        assert_eq!(decide_plain(&[], &[key]), Decision::NoKeyFound, "{id}");
    }
}

#[test]
fn an_expiration_kept_in_whole_seconds_matches_within_a_second() {
    let mut rounded = key("R");
    rounded.expiration_time = Some(at(EXPIRES_MS - 123));
    assert!(request().matches(&rounded));
    rounded.expiration_time = Some(at(EXPIRES_MS + 877));
    assert!(request().matches(&rounded));
    rounded.expiration_time = Some(at(EXPIRES_MS - 1123));
    assert!(!request().matches(&rounded));
    let mut off_by_ms = key("M");
    off_by_ms.expiration_time = Some(at(EXPIRES_MS - 23));
    assert!(
        !request().matches(&off_by_ms),
        "kept to the ms, so compared to the ms"
    );
}

#[test]
fn a_request_without_scopes_matches_only_a_key_without_scopes() {
    // The server stores no default scope (and the facade resolves its own `:user` default
    // before the fingerprint is taken).
    let bare = Fingerprint::new("org", "user", None, &[], None);
    let mut default = key("D");
    default.alias = None;
    default.expiration_time = None;
    default.scopes = vec![Scope::User];
    assert!(!bare.matches(&default));
    default.scopes = vec![];
    assert!(bare.matches(&default));
    default.scopes = vec![Scope::WriteData];
    assert!(!bare.matches(&default));
    assert_eq!(
        Fingerprint::new("org", "user", Some(""), &[], None),
        bare,
        "an empty alias is none"
    );
}

#[test]
fn keys_this_client_handed_out_or_may_still_hand_out_are_spared() {
    let after = [key("MINE000001")];
    let handed_out = Others {
        handed_out: ids(&["MINE000001"]),
        pending: Vec::new(),
    };
    let decision = decide(&request(), &ids(&[]), &after, &handed_out, None);
    assert_eq!(decision, Decision::NoKeyFound);

    let pending = Others {
        handed_out: HashSet::new(),
        pending: vec![request()],
    };
    let decision = decide(&request(), &ids(&[]), &after, &pending, None);
    assert_eq!(decision, Decision::Ambiguous(vec!["MINE000001".into()]));

    let unrelated = Others {
        handed_out: HashSet::new(),
        pending: vec![Fingerprint::new("org", "user", Some("x"), &[], None)],
    };
    let decision = decide(&request(), &ids(&[]), &after, &unrelated, None);
    assert_eq!(decision, Decision::Revoke("MINE000001".into()));
}

#[test]
fn a_rotation_whose_old_key_was_revoked_meanwhile_revokes_nothing() {
    let mut old = key("OLD0000001");
    let after = |old: &ApiKey| [old.clone(), key("NEW0000001")];
    let none = Others::default();
    let before = ids(&["OLD0000001"]);
    let rotating = Some("OLD0000001");
    let decision = decide(&request(), &before, &after(&old), &none, rotating);
    assert_eq!(decision, Decision::Revoke("NEW0000001".into()));
    old.revoked = true;
    let decision = decide(&request(), &before, &after(&old), &none, rotating);
    assert_eq!(decision, Decision::Ambiguous(vec!["NEW0000001".into()]));
    let decision = decide(&request(), &before, &[key("NEW0000001")], &none, rotating);
    assert_eq!(decision, Decision::Ambiguous(vec!["NEW0000001".into()]));
}

/// Metadata that a generate of `request()`'s alias, scopes and expiration could have made.
fn metadata(id: &str, org: &str) -> ApiKeyMetadata {
    let mut key = ApiKeyMetadata::new(id, org);
    key.alias = Some("nightly".to_string());
    key.scopes = vec![Scope::ReadResource, Scope::WriteData];
    key.expiration_time = Some(at(EXPIRES_MS));
    key
}

fn generate(managed_org: Option<&str>) -> Fingerprint {
    let caller = Owner::Caller {
        managed_org: managed_org.map(str::to_string),
    };
    let scopes = [Scope::WriteData, Scope::ReadResource];
    Fingerprint::of(caller, Some("nightly"), &scopes, Some(EXPIRES_MS))
}

#[test]
fn a_generate_is_decided_on_metadata_which_shows_no_user() {
    let after = [metadata("OLD0000001", "org"), metadata("NEW0000001", "org")];
    let none = Others::default();
    let decision = decide(&generate(None), &ids(&["OLD0000001"]), &after, &none, None);
    assert_eq!(decision, Decision::Revoke("NEW0000001".into()));
    let decision = decide(&generate(None), &ids(&[]), &after, &none, None);
    assert_eq!(
        decision,
        Decision::Ambiguous(vec!["OLD0000001".into(), "NEW0000001".into()])
    );
    let mut other_alias = metadata("NEW0000002", "org");
    other_alias.alias = None;
    assert!(!generate(None).matches(&other_alias));
    assert!(
        !request().matches(&after[1]),
        "a create's user is never taken for granted"
    );
}

#[test]
fn a_generate_for_a_managed_organization_matches_its_keys_only() {
    let after = [
        metadata("PARENT0001", "org"),
        metadata("CHILD00001", "child"),
    ];
    let decision = decide(
        &generate(Some("child")),
        &ids(&[]),
        &after,
        &Others::default(),
        None,
    );
    assert_eq!(decision, Decision::Revoke("CHILD00001".into()));
}
