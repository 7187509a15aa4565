//! Tests of `scan.rs`.

use super::*;

fn known(secrets: &[&str]) -> Known {
    secrets.iter().fold(Known::default(), |known, secret| {
        known.with_all([secret.as_bytes()]).unwrap()
    })
}

fn found(view: &str, known: &Known) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    find(view.as_bytes(), known, &mut found);
    found.sort_by_key(|range| (range.start, range.end));
    found
}

#[test]
fn secrets_are_counted_once_and_empty_ones_ignored() {
    let known = known(&["short", "a-secret-of-twenty-chars"]);
    assert_eq!(known.count(), 2);
    assert!(known.with_all([b"short".as_slice()]).is_none());
    assert!(
        known
            .with_all([b"a-secret-of-twenty-chars".as_slice()])
            .is_none()
    );
    assert!(known.with_all([b"".as_slice()]).is_none());
    // A fragment of a known secret adds nothing either.
    assert!(known.with_all([b"secret-of-twenty".as_slice()]).is_none());
    assert_eq!(known.with_all([b"other".as_slice()]).unwrap().count(), 3);
}

#[test]
fn fragments_are_found_from_sixteen_bytes() {
    let known = known(&["0123456789abcdefghij"]);
    assert_eq!(found("xx0123456789abcdefyy", &known), vec![2..18]);
    assert_eq!(
        found("xx0123456789abcdeyy", &known),
        Vec::<Range<usize>>::new()
    );
    // Two fragments next to each other are one run; the whole secret is one too.
    assert_eq!(
        found("0123456789abcdef456789abcdefghij", &known),
        vec![0..32]
    );
    assert_eq!(found("<0123456789abcdefghij>", &known), vec![1..21]);
}

#[test]
fn merging_keeps_the_sorted_union_once() {
    let mut out = Vec::new();
    merge_unique(&[1, 3, 5, 9], &[2, 3, 6], &mut out);
    assert_eq!(out, [1, 2, 3, 5, 6, 9]);
    out.clear();
    merge_unique(&[], &[4], &mut out);
    assert_eq!(out, [4]);
}

#[test]
fn short_secrets_are_found_whole_every_time() {
    let known = known(&["abc"]);
    assert_eq!(found("abcabc ab abc", &known), vec![0..3, 3..6, 10..13]);
}

#[test]
fn key_shapes_need_ten_alphanumerics_a_dot_and_twenty_more() {
    let key = "AbCdEfGhIj.0123456789abcdefghij";
    let none = Known::default();
    assert_eq!(found(key, &none), vec![0..31]);
    assert_eq!(found(&format!("({key}:org-1_x)."), &none), vec![1..40]);
    assert_eq!(found(&format!("{key}:"), &none), vec![0..31]);
    // Too short a secret or an id of 9: not key shapes. Glued to text: the whole run.
    assert_eq!(found(&key[..30], &none), Vec::<Range<usize>>::new());
    assert_eq!(found(&key[1..], &none), Vec::<Range<usize>>::new());
    assert_eq!(found(&format!("token{key}"), &none), vec![0..36]);
    assert_eq!(found(&format!("-{key}"), &none), vec![1..32]);
}

#[test]
fn every_key_the_rules_allow_is_found_whole() {
    let none = Known::default();
    // A secret with every symbol the server accepts, which no run of letters and digits
    // would cover: the whole key goes, its organization too.
    let symbols = rules::KEY_SECRET_SYMBOLS;
    let secret = format!(
        "{symbols}{}",
        "s".repeat(rules::KEY_SECRET_LEN - symbols.len())
    );
    let key = format!("HMiFAgQeNb.{secret}:org-123");
    assert!(rules::is_key(&key));
    assert_eq!(
        found(&format!("key={key} end"), &none),
        vec![4..4 + key.len()]
    );
    // A secret cut short is found while its letters and digits run long enough.
    let cut = format!("HMiFAgQeNb.{}", "s".repeat(MIN_SECRET_RUN));
    assert_eq!(found(&format!("{cut}+^"), &none), vec![0..cut.len()]);
}

#[test]
fn key_field_values_are_found_to_their_closing_quote() {
    let none = Known::default();
    let text = r#"{"keyId":"id","key" : "s\"x","n":1}"#;
    assert_eq!(&text[23..27], r#"s\"x"#);
    assert_eq!(found(text, &none), vec![23..27]);
    assert_eq!(found(r#"{"key":"unterminated"#, &none), vec![8..20]);
    assert_eq!(
        found(r#"{"key":null,"key":""}"#, &none),
        Vec::<Range<usize>>::new()
    );
}
