//! Each rule on a key made to trip it, and on one that passes.

use chrono::TimeDelta;

use super::*;

fn key(now: DateTime<Utc>) -> KeyRecord {
    KeyRecord {
        key_id: "KEY0000001".into(),
        org_id: "org".into(),
        user_id: Some("user".into()),
        alias: None,
        scopes: vec![":user".into()],
        status: "active",
        created: Some(now - TimeDelta::days(10)),
        expires: Some(now + TimeDelta::days(60)),
        last_used: Some(now - TimeDelta::days(1)),
        resource_id: None,
        usage_known: true,
    }
}

fn rules_hit(key: &KeyRecord, now: DateTime<Utc>) -> Vec<&'static str> {
    let (findings, _) = evaluate("org", &[key], &Policy::default(), now);
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn a_healthy_key_has_no_finding() {
    let now = Utc::now();
    assert!(rules_hit(&key(now), now).is_empty());
}

#[test]
fn each_rule_trips_on_its_own_condition() {
    let now = Utc::now();
    let mut old = key(now);
    old.created = Some(now - TimeDelta::days(91));
    assert_eq!(rules_hit(&old, now), ["max-age"]);
    let mut forever = key(now);
    forever.expires = None;
    assert_eq!(rules_hit(&forever, now), ["never-expires"]);
    let mut soon = key(now);
    soon.expires = Some(now + TimeDelta::days(3));
    assert_eq!(rules_hit(&soon, now), ["expiring-soon"]);
    let mut idle = key(now);
    idle.last_used = Some(now - TimeDelta::days(50));
    assert_eq!(rules_hit(&idle, now), ["unused"]);
    let mut unused = key(now);
    unused.last_used = None;
    assert!(
        rules_hit(&unused, now).is_empty(),
        "a 10-day-old key has its grace"
    );
    unused.created = Some(now - TimeDelta::days(46));
    assert_eq!(rules_hit(&unused, now), ["never-used"]);
    let mut admin = key(now);
    admin.scopes.push(":whylabs_system".into());
    let (findings, _) = evaluate("org", &[&admin], &Policy::default(), now);
    assert_eq!(findings[0].rule, "privileged-scope");
    assert_eq!(findings[0].severity, Severity::Error);
}

#[test]
fn v1_metadata_names_what_it_could_not_check() {
    let now = Utc::now();
    let mut meta = key(now);
    meta.created = None;
    meta.last_used = None;
    meta.user_id = None;
    meta.usage_known = false;
    let (findings, not_checked) = evaluate("org", &[&meta], &Policy::default(), now);
    assert!(findings.is_empty());
    let rules: Vec<&str> = not_checked.iter().map(|n| n.rule).collect();
    assert_eq!(rules, ["max-age", "unused", "never-used"]);
}

#[test]
fn the_key_limit_warns_at_twenty_and_errs_at_twenty_five() {
    let policy = Policy::default();
    assert!(key_limit("org", 19, 0, &policy).is_none());
    assert_eq!(
        key_limit("org", 20, 0, &policy).unwrap().severity,
        Severity::Warning
    );
    let full = key_limit("org", 25, 3, &policy).unwrap();
    assert_eq!(full.severity, Severity::Error);
    assert_eq!(
        full.message,
        "25 of 25 keys not revoked (3 of them expired, which count too): at the free tier's \
         limit; revoke unused keys"
    );
    let near = key_limit("org", 20, 0, &policy).unwrap().message;
    assert_eq!(
        near,
        "20 of 25 keys not revoked: near the free tier's limit; revoke unused keys"
    );
}

#[test]
fn an_expired_key_gets_the_expired_finding_only() {
    let now = Utc::now();
    let mut lapsed = key(now);
    lapsed.created = Some(now - TimeDelta::days(200));
    lapsed.last_used = None;
    lapsed.expires = Some(now - TimeDelta::days(3));
    lapsed.scopes.push(":administrator".into());
    let (findings, _) = evaluate("org", &[&lapsed], &Policy::default(), now);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "expired");
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(
        findings[0].message,
        "expired 3d ago but not revoked: it still counts toward the key limit; revoke it"
    );
    let policy: Policy = toml::from_str("disabled = [\"expired\"]").unwrap();
    assert!(evaluate("org", &[&lapsed], &policy, now).0.is_empty());
    // Judged as of `now`: the same key a day before it expired is merely expiring soon.
    let before = now - TimeDelta::days(4);
    assert_eq!(
        rules_hit(&lapsed, before),
        ["max-age", "expiring-soon", "never-used", "privileged-scope"]
    );
}
