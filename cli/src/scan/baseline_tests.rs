use super::*;

const FP: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn baseline(expires: &str) -> Baseline {
    Baseline::parse(&format!(
        "[[ignore]]\nfingerprint = \"{FP}\"\nreason = \"fixture\"\n{expires}"
    ))
    .unwrap()
}

#[test]
fn an_entry_suppresses_inactive_and_unknown_keys_never_active_ones() {
    let b = baseline("");
    let now = at("2026-06-01T00:00:00Z");
    assert_eq!(b.judge(FP, Verdict::Inactive, now), Judgement::Suppressed);
    assert_eq!(b.judge(FP, Verdict::Unknown, now), Judgement::Suppressed);
    assert_eq!(b.judge(FP, Verdict::Active, now), Judgement::Active);
    assert_eq!(
        b.judge(&FP.replace('b', "c"), Verdict::Inactive, now),
        Judgement::NotListed
    );
}

#[test]
fn an_expired_entry_no_longer_suppresses() {
    let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    for expires in ["expires = 2026-06-01", "expires = \"2026-06-01\""] {
        let b = baseline(expires);
        assert_eq!(
            b.judge(FP, Verdict::Inactive, at("2026-05-31T23:59:59Z")),
            Judgement::Suppressed
        );
        assert_eq!(
            b.judge(FP, Verdict::Inactive, at("2026-06-01T00:00:00Z")),
            Judgement::Expired(day)
        );
    }
}

#[test]
fn entries_matching_nothing_are_stale() {
    let b = baseline("");
    assert_eq!(b.stale(&HashSet::new()).len(), 1);
    assert!(b.stale(&HashSet::from([FP])).is_empty());
}

#[test]
fn malformed_baselines_are_errors() {
    for text in [
        "[[ignore]]\nfingerprint = \"abc\"\nreason = \"x\"\n",
        "[[ignore]]\nfingerprint = \"KEY\"\n",
        &format!("[[ignore]]\nfingerprint = \"{FP}\"\nreason = \"x\"\nexpires = \"soon\"\n"),
        &format!("[[ignore]]\nfingerprint = \"{FP}\"\nreason = \"x\"\nkey = \"y\"\n"),
    ] {
        assert!(Baseline::parse(text).is_err(), "{text}");
    }
}

#[test]
fn a_written_baseline_parses_back_with_placeholder_reasons() {
    let found = [(FP.to_string(), "key fh4dUNV3WQ in a.env:1".to_string())];
    let text = render(&found, &Baseline::default());
    let b = Baseline::parse(&text).unwrap();
    assert_eq!(b.entries.len(), 1);
    assert_eq!(b.entries[0].fingerprint, FP);
    assert_eq!(b.entries[0].reason, PLACEHOLDER_REASON);
}

#[test]
fn rewriting_a_baseline_keeps_the_reasons_and_expiries_it_had() {
    let kept = Baseline::parse(&format!(
        "[[ignore]]\nfingerprint = \"{FP}\"\nreason = \"a \\\"quoted\\\" fixture\"\nexpires = 2030-01-02\n"
    ))
    .unwrap();
    let other = FP.replace('b', "c");
    let found = [(FP.to_string(), "a".to_string()), (other, "b".to_string())];
    let b = Baseline::parse(&render(&found, &kept)).unwrap();
    assert_eq!(b.entries[0].reason, "a \"quoted\" fixture");
    assert_eq!(b.entries[0].expires_on, NaiveDate::from_ymd_opt(2030, 1, 2));
    assert_eq!(b.entries[1].reason, PLACEHOLDER_REASON);
}
