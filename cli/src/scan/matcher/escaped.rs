//! Keys that are themselves escaped: percent-encoded (`encodeURIComponent` writes `+` as
//! `%2B`, `:` as `%3A`) or JSON-escaped (`\u002e` for the dot, `\u003a` for the colon). The
//! pattern allows an escape wherever the key has a character, the match is decoded, and the
//! decoded key must have the key's shape. Literal keys are the main pattern's: a match here
//! without any escape is left to it, and the main pattern leaves a key whose `:org` suffix
//! starts with an escaped colon to this one, so no key is reported twice.

use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};
use whylabs_api_keys::{ApiKeySecret, rules};

use super::{Found, ends_token, fingerprint, starts_token};

static ESCAPED_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    let ch = r"(?:[A-Za-z0-9+\-^!$&@]|%[0-9A-Fa-f]{2}|\\u00[0-9A-Fa-f]{2})";
    let colon = r"(?::|%3[Aa]|\\u003[Aa])";
    Regex::new(&format!(
        r"([A-Za-z0-9]{{10}})(?:\.|%2[Ee]|\\u002[Ee])({ch}{{53}})(?:{colon}([A-Za-z0-9][A-Za-z0-9_\-]{{0,63}}))?"
    ))
    .expect("the escaped key pattern is valid")
});

/// The longest escaped match: id, `\u002e`, 53 `\u00XX`, `\u003a` and a 64-character org.
pub const MAX_ESCAPED: usize = 10 + 6 + 53 * 6 + 6 + 64;

/// The secret's alphabet, as the server parses it.
fn in_secret_alphabet(byte: u8) -> bool {
    rules::is_key_secret_char(byte)
}

/// Whether an escaped colon and an org character follow: the key's `:org` suffix, escaped,
/// which [`find`] reports.
pub fn escaped_org_follows(after: &[u8]) -> bool {
    let org_start = |rest: &[u8]| rest.first().is_some_and(u8::is_ascii_alphanumeric);
    let lower = after.to_ascii_lowercase();
    (lower.starts_with(b"%3a") && org_start(&after[3..]))
        || (lower.starts_with(b"\\u003a") && org_start(&after[6..]))
}

/// Adds to `hits` (by start) the escaped keys of `buf[from..]` starting before `cut`; raises
/// `resume` past each match met.
pub fn find(
    buf: &[u8],
    from: usize,
    cut: usize,
    resume: &mut usize,
    hits: &mut Vec<(usize, Found)>,
) {
    let window = &buf[from..];
    if !may_hold_escaped_key(window) {
        return;
    }
    for captures in ESCAPED_SHAPE.captures_iter(window) {
        let whole = captures.get(0).expect("group 0 is the match");
        let (start, end) = (from + whole.start(), from + whole.end());
        if start >= cut {
            break;
        }
        *resume = (*resume).max(end);
        let escaped = memchr::memchr2(b'%', b'\\', whole.as_bytes()).is_some();
        let has_org = captures.get(3).is_some();
        if !escaped || !starts_token(&buf[..start]) || (!has_org && !ends(&buf[end..])) {
            continue;
        }
        if let Some(found) = decoded(&captures) {
            hits.push((start, found));
        }
    }
}

/// The escapes an escaped key has, as the hex after `%` or `\u00`: the dot, the colon and
/// the secret's punctuation (`encodeURIComponent` leaves letters, digits and `-` alone).
const KEY_ESCAPES: [&[u8; 2]; 8] = [b"2E", b"3A", b"2B", b"24", b"26", b"40", b"5E", b"21"];

/// Whether `window` holds one of [`KEY_ESCAPES`]: the pattern runs only then, so logs full
/// of `%22`, `%20` and `\n` are searched once, as text without escapes is.
fn may_hold_escaped_key(window: &[u8]) -> bool {
    let key_escape = |at: usize| {
        window.get(at..at + 2).is_some_and(|hex| {
            let hex = hex.to_ascii_uppercase();
            KEY_ESCAPES.iter().any(|e| e[..] == hex[..])
        })
    };
    memchr::memchr_iter(b'%', window).any(|i| key_escape(i + 1))
        || memchr::memmem::find_iter(window, b"\\u00").any(|i| key_escape(i + 4))
}

/// A key without `:org` ends its token unless a secret character follows, literal or escaped.
fn ends(after: &[u8]) -> bool {
    let next = match after {
        [b'%', a, b, ..] => decode(&[b'%', *a, *b]).first().copied(),
        [b'\\', b'u', b'0', b'0', ..] if after.len() >= 6 => decode(&after[..6]).first().copied(),
        _ => None,
    };
    ends_token(after.first().copied()) && next.is_none_or(|b| b == b'&' || !in_secret_alphabet(b))
}

/// The key of a match, decoded; `None` when the decoded secret is not of the key's alphabet.
fn decoded(captures: &Captures<'_>) -> Option<Found> {
    let id = captures.get(1).expect("group 1 is the id").as_bytes();
    let secret = decode(captures.get(2).expect("group 2 is the secret").as_bytes());
    if secret.len() != 53 || !secret.iter().copied().all(in_secret_alphabet) {
        return None;
    }
    let mut key = [id, b".", &secret].concat();
    debug_assert_eq!(key.len(), rules::KEY_LEN);
    let fingerprint = fingerprint(&key);
    let org_id = captures
        .get(3)
        .map(|org| String::from_utf8_lossy(org.as_bytes()).into_owned());
    if let Some(org) = &org_id {
        key.push(b':');
        key.extend_from_slice(org.as_bytes());
    }
    Some(Found {
        line: 0,
        key_id: String::from_utf8_lossy(id).into_owned(),
        org_id,
        fingerprint,
        key: ApiKeySecret::from(String::from_utf8_lossy(&key).into_owned()),
    })
}

/// `%XX` and `\u00XX` decoded, other bytes as they are.
fn decode(bytes: &[u8]) -> Vec<u8> {
    let hex = |digits: &[u8]| {
        std::str::from_utf8(digits)
            .ok()
            .and_then(|d| u8::from_str_radix(d, 16).ok())
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = match &bytes[i..] {
            [b'%', a, b, ..] => hex(&[*a, *b]).map(|byte| (byte, 3)),
            [b'\\', b'u', b'0', b'0', a, b, ..] => hex(&[*a, *b]).map(|byte| (byte, 6)),
            _ => None,
        };
        let (byte, width) = escape.unwrap_or((bytes[i], 1));
        out.push(byte);
        i += width;
    }
    out
}
