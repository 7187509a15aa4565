//! Which keys reconciliation may revoke: the rules of [`decide`], case by case, on v0 keys
//! and on v1 metadata.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::models::{ApiKey, ApiKeyMetadata};

const EXPIRES_MS: i64 = 1_900_000_000_123;
/// When the keys of `key()` were made: inside `window()`.
const CREATED_MS: i64 = 1_800_000_000_000;

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
        creation_time: at(CREATED_MS),
        expiration_time: Some(at(EXPIRES_MS)),
        last_used_time: None,
        resource_id: None,
    }
}

fn ids(list: &[&str]) -> HashSet<String> {
    list.iter().map(|id| id.to_string()).collect()
}

/// The window of a create answered around `CREATED_MS`.
fn window() -> Window {
    Window::Known {
        from: at(CREATED_MS - 4_000),
        to: at(CREATED_MS + 2_000),
    }
}

/// A key that `request()` could have made, but made an hour before the window.
fn old(id: &str) -> ApiKey {
    let mut old = key(id);
    old.creation_time = at(CREATED_MS - 3_600_000);
    old
}

fn decide_plain(after: &[ApiKey]) -> Decision {
    decide(&request(), &window(), after, &Others::default(), None)
}

#[test]
fn the_one_matching_key_made_in_the_window_is_revoked() {
    let after = [old("OLD0000001"), key("NEW0000001")];
    assert_eq!(decide_plain(&after), Decision::Revoke("NEW0000001".into()));
    assert_eq!(decide_plain(&after[..1]), Decision::NoKeyFound);
}

#[test]
fn the_windows_edges_are_included_and_nothing_beyond() {
    for (offset, inside) in [
        (-4_001, false),
        (-4_000, true),
        (2_000, true),
        (2_001, false),
    ] {
        let mut edge = key("EDGE000001");
        edge.creation_time = at(CREATED_MS + offset);
        let expected = if inside {
            Decision::Revoke("EDGE000001".into())
        } else {
            Decision::NoKeyFound
        };
        assert_eq!(decide_plain(&[edge]), expected, "{offset}");
    }
}

#[test]
fn without_a_window_a_matching_key_is_ambiguous_unless_the_request_is_distinct() {
    let after = [old("OLD0000001")];
    let none = Others::default();
    let decision = decide(&request(), &Window::Unknown, &after, &none, None);
    assert_eq!(decision, Decision::Ambiguous(vec!["OLD0000001".into()]));
    let decision = decide::<ApiKey>(&request(), &Window::Unknown, &[], &none, None);
    assert_eq!(decision, Decision::NoKeyFound);
    let distinct = request().distinct(true);
    let decision = decide(&distinct, &Window::Unknown, &after, &none, None);
    assert_eq!(decision, Decision::Revoke("OLD0000001".into()));
    let without_expiration = Fingerprint::new("org", "user", Some("nightly"), &[], None);
    assert!(
        !without_expiration.distinct(true).distinct,
        "no expiration names no moment"
    );
}

#[test]
fn two_new_matching_keys_are_ambiguous() {
    let after = [key("NEW0000001"), key("NEW0000002")];
    assert_eq!(
        decide_plain(&after),
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
        assert_eq!(decide_plain(&[key]), Decision::NoKeyFound, "{id}");
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
    let decision = decide(&request(), &window(), &after, &handed_out, None);
    assert_eq!(decision, Decision::NoKeyFound);

    let pending = Others {
        handed_out: HashSet::new(),
        pending: vec![request()],
    };
    let decision = decide(&request(), &window(), &after, &pending, None);
    assert_eq!(decision, Decision::Ambiguous(vec!["MINE000001".into()]));

    let unrelated = Others {
        handed_out: HashSet::new(),
        pending: vec![Fingerprint::new("org", "user", Some("x"), &[], None)],
    };
    let decision = decide(&request(), &window(), &after, &unrelated, None);
    assert_eq!(decision, Decision::Revoke("MINE000001".into()));
}

#[test]
fn a_rotation_whose_old_key_was_revoked_meanwhile_revokes_nothing() {
    let mut old = old("OLD0000001");
    let after = |old: &ApiKey| [old.clone(), key("NEW0000001")];
    let none = Others::default();
    let rotating = Some("OLD0000001");
    let decision = decide(&request(), &window(), &after(&old), &none, rotating);
    assert_eq!(decision, Decision::Revoke("NEW0000001".into()));
    old.revoked = true;
    let decision = decide(&request(), &window(), &after(&old), &none, rotating);
    assert_eq!(decision, Decision::Ambiguous(vec!["NEW0000001".into()]));
    let decision = decide(&request(), &window(), &[key("NEW0000001")], &none, rotating);
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
    Fingerprint::of(caller, Some("nightly"), &scopes, Some(EXPIRES_MS)).distinct(true)
}

#[test]
fn a_generate_is_decided_on_metadata_which_shows_no_user_nor_times() {
    let after = [metadata("MINE000001", "org"), metadata("NEW0000001", "org")];
    let mine = Others {
        handed_out: ids(&["MINE000001"]),
        pending: Vec::new(),
    };
    let unknown = Window::Unknown;
    let decision = decide(&generate(None), &unknown, &after, &mine, None);
    assert_eq!(decision, Decision::Revoke("NEW0000001".into()));
    let none = Others::default();
    let decision = decide(&generate(None), &unknown, &after, &none, None);
    assert_eq!(
        decision,
        Decision::Ambiguous(vec!["MINE000001".into(), "NEW0000001".into()])
    );
    let not_distinct = generate(None).distinct(false);
    let decision = decide(&not_distinct, &unknown, &after[1..], &none, None);
    assert_eq!(
        decision,
        Decision::Ambiguous(vec!["NEW0000001".into()]),
        "no time, no distinct expiration: it may be an older key"
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
        &Window::Unknown,
        &after,
        &Others::default(),
        None,
    );
    assert_eq!(decision, Decision::Revoke("CHILD00001".into()));
}
