//! The API's rules, one definition each: the shape of a key, how far ahead an expiration must
//! lie, the free tier's key limit, and the limits this client puts on what it sends.
//!
//! The client's input checks and its redaction of echoed keys, the local emulator
//! (`whylabs-api-keys-emulator`) and the `whylabs-keys` scanner all read them here, so that
//! none of them can drift from the others.
//!
//! # The key shape
//!
//! A key is `<id>.<secret>`: a [`KEY_ID_LEN`]-character id of letters and digits
//! ([`is_key_id_char`]), a dot, and a [`KEY_SECRET_LEN`]-character secret. The server makes
//! secrets of letters and digits only, but accepts any of [`is_key_secret_char`] (letters,
//! digits and [`KEY_SECRET_SYMBOLS`]). The create answer appends `:<org id>`
//! ([`is_key_org_id`]), the form users store and send; both forms authenticate.
//!
//! ```
//! use whylabs_api_keys::rules;
//!
//! let key = format!("fh4dUNV3WQ.{}:org-123", "a".repeat(rules::KEY_SECRET_LEN));
//! assert!(rules::is_key(&key));
//! assert!(rules::is_key(&key[..rules::KEY_LEN])); // without the organization
//! assert!(!rules::is_key("fh4dUNV3WQ.too-short"));
//! ```

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// Characters in a key id, the public part before the `.` (`fh4dUNV3WQ`).
///
/// ```
/// assert_eq!("fh4dUNV3WQ".len(), whylabs_api_keys::rules::KEY_ID_LEN);
/// ```
pub const KEY_ID_LEN: usize = 10;

/// Characters in a key's secret, after the `.`.
///
/// ```
/// use whylabs_api_keys::rules::{KEY_ID_LEN, KEY_LEN, KEY_SECRET_LEN};
///
/// assert_eq!(KEY_LEN, KEY_ID_LEN + 1 + KEY_SECRET_LEN);
/// ```
pub const KEY_SECRET_LEN: usize = 53;

/// Characters in `<id>.<secret>`, a key without its `:<org id>` suffix: 64.
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::KEY_LEN, 64);
/// ```
pub const KEY_LEN: usize = KEY_ID_LEN + 1 + KEY_SECRET_LEN;

/// The longest organization id read from a key's `:<org id>` suffix.
///
/// ```
/// use whylabs_api_keys::rules::{MAX_KEY_ORG_ID_LEN, is_key_org_id};
///
/// assert!(is_key_org_id(&"o".repeat(MAX_KEY_ORG_ID_LEN)));
/// assert!(!is_key_org_id(&"o".repeat(MAX_KEY_ORG_ID_LEN + 1)));
/// ```
pub const MAX_KEY_ORG_ID_LEN: usize = 64;

/// The characters besides letters and digits that the server accepts in a key's secret
/// (it never generates them).
///
/// ```
/// use whylabs_api_keys::rules::{KEY_SECRET_SYMBOLS, is_key_secret_char};
///
/// assert!(KEY_SECRET_SYMBOLS.bytes().all(is_key_secret_char));
/// ```
pub const KEY_SECRET_SYMBOLS: &str = "+-^!$&@";

/// Whether `byte` may be in a key id: an ASCII letter or digit, the alphabet the server also
/// makes every secret of.
///
/// ```
/// use whylabs_api_keys::rules::is_key_id_char;
///
/// assert!("fh4dUNV3WQ".bytes().all(is_key_id_char));
/// assert!(!is_key_id_char(b'-'));
/// ```
pub fn is_key_id_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

/// Whether `byte` may be in a key's secret: a letter, a digit or one of
/// [`KEY_SECRET_SYMBOLS`].
///
/// ```
/// use whylabs_api_keys::rules::is_key_secret_char;
///
/// assert!(is_key_secret_char(b'x') && is_key_secret_char(b'@'));
/// assert!(!is_key_secret_char(b'.') && !is_key_secret_char(b':'));
/// ```
pub fn is_key_secret_char(byte: u8) -> bool {
    is_key_id_char(byte) || KEY_SECRET_SYMBOLS.as_bytes().contains(&byte)
}

/// Whether `byte` may be in the organization id of a key's `:<org id>` suffix (`org-123`):
/// a letter, a digit, `-` or `_`.
///
/// ```
/// assert!(whylabs_api_keys::rules::is_key_org_id_char(b'-'));
/// ```
pub fn is_key_org_id_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'
}

/// Whether `org_id` is what a key's `:<org id>` suffix holds: 1 to [`MAX_KEY_ORG_ID_LEN`]
/// characters of [`is_key_org_id_char`], starting with a letter or digit.
///
/// ```
/// use whylabs_api_keys::rules::is_key_org_id;
///
/// assert!(is_key_org_id("org-123"));
/// assert!(!is_key_org_id("") && !is_key_org_id("-org") && !is_key_org_id("org 1"));
/// ```
pub fn is_key_org_id(org_id: &str) -> bool {
    let bytes = org_id.as_bytes();
    (1..=MAX_KEY_ORG_ID_LEN).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().copied().all(is_key_org_id_char)
}

/// Whether `text` is a whole key: `<id>.<secret>`, optionally followed by `:<org id>`.
///
/// ```
/// use whylabs_api_keys::rules::{KEY_SECRET_LEN, is_key};
///
/// let secret = "A1+".repeat(KEY_SECRET_LEN / 3) + "ab";
/// assert!(is_key(&format!("HMiFAgQeNb.{secret}")));
/// assert!(!is_key(&format!("HMiFAgQeNb.{secret}:"))); // an empty organization
/// assert!(!is_key(&format!(" HMiFAgQeNb.{secret}")));
/// ```
pub fn is_key(text: &str) -> bool {
    let (key, org_id) = match text.get(KEY_LEN..) {
        Some("") => (text, None),
        Some(rest) => match rest.strip_prefix(':') {
            Some(org_id) => (&text[..KEY_LEN], Some(org_id)),
            None => return false,
        },
        None => return false,
    };
    let (id, secret) = key.as_bytes().split_at(KEY_ID_LEN);
    id.iter().copied().all(is_key_id_char)
        && secret.first() == Some(&b'.')
        && secret[1..].iter().copied().all(is_key_secret_char)
        && org_id.is_none_or(is_key_org_id)
}

/// A regular expression (`regex` crate syntax) matching the key shape, for tools that search
/// text for keys: groups `id`, `secret` and `org` (absent without the suffix). It matches
/// inside longer text; whether a match is a whole token is the searcher's call.
///
/// ```
/// use whylabs_api_keys::rules::{KEY_ID_LEN, key_pattern};
///
/// assert!(key_pattern().starts_with(&format!("(?P<id>[A-Za-z0-9]{{{KEY_ID_LEN}}})")));
/// ```
pub fn key_pattern() -> String {
    // Every symbol escaped: `-` and `^` mean something inside a class, `&&` would too.
    let symbols: String = KEY_SECRET_SYMBOLS.chars().flat_map(|c| ['\\', c]).collect();
    let org_rest = MAX_KEY_ORG_ID_LEN - 1;
    let id = format!("(?P<id>[A-Za-z0-9]{{{KEY_ID_LEN}}})");
    let secret = format!("(?P<secret>[A-Za-z0-9{symbols}]{{{KEY_SECRET_LEN}}})");
    let org = format!(r"(?::(?P<org>[A-Za-z0-9][A-Za-z0-9_\-]{{0,{org_rest}}}))?");
    format!(r"{id}\.{secret}{org}")
}

/// How far ahead of the server's now an expiration must lie: the server answers 400
/// `Invalid expiration time` to anything not more than 60 s ahead.
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::MIN_EXPIRATION_AHEAD.as_secs(), 60);
/// ```
pub const MIN_EXPIRATION_AHEAD: Duration = Duration::from_secs(60);

/// Whether the server accepts `expiration` for a new key when its clock shows `now`: more
/// than [`MIN_EXPIRATION_AHEAD`] later.
///
/// ```
/// use whylabs_api_keys::rules::{MIN_EXPIRATION_AHEAD, accepts_expiration};
/// use whylabs_api_keys::Utc;
///
/// let now = Utc::now();
/// let ahead = chrono::TimeDelta::from_std(MIN_EXPIRATION_AHEAD).unwrap();
/// assert!(!accepts_expiration(now + ahead, now));
/// assert!(accepts_expiration(now + ahead + chrono::TimeDelta::milliseconds(1), now));
/// ```
pub fn accepts_expiration(expiration: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    const AHEAD: TimeDelta = TimeDelta::seconds(MIN_EXPIRATION_AHEAD.as_secs() as i64);
    expiration.signed_duration_since(now) > AHEAD
}

/// How many non-revoked keys an organization on the free tier may hold: the server answers
/// 400 `Key limit reached` to a v0 create past it. Paid organizations, and v1 generate, have
/// no limit.
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::FREE_TIER_KEY_LIMIT, 25);
/// ```
pub const FREE_TIER_KEY_LIMIT: usize = 25;

/// The longest id (organization, user, key or resource) this client sends. WhyLabs ids are
/// short (`org-123`, a user id or e-mail, a 10-character key id); a longer one is a mistake,
/// and a megabyte one would otherwise fail deep in the HTTP stack and be retried.
///
/// ```
/// assert!(whylabs_api_keys::rules::MAX_ID_CHARS >= whylabs_api_keys::rules::KEY_ID_LEN);
/// ```
pub const MAX_ID_CHARS: usize = 256;

/// The longest alias this client sends.
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::MAX_ALIAS_CHARS, 256);
/// ```
pub const MAX_ALIAS_CHARS: usize = 256;

/// The longest scope this client sends (the longest known one has 23 characters).
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::MAX_SCOPE_CHARS, 64);
/// ```
pub const MAX_SCOPE_CHARS: usize = 64;

/// The most scopes this client gives one key (the server knows 12).
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::MAX_SCOPES, 32);
/// ```
pub const MAX_SCOPES: usize = 32;

/// The longest URL this client sends: many servers and proxies refuse more than 8 KiB.
///
/// ```
/// assert_eq!(whylabs_api_keys::rules::MAX_URL_BYTES, 8 * 1024);
/// ```
pub const MAX_URL_BYTES: usize = 8 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str, org: Option<&str>) -> String {
        let suffix = org.map(|org| format!(":{org}")).unwrap_or_default();
        format!("fh4dUNV3WQ.{secret}{suffix}")
    }

    #[test]
    fn keys_have_the_exact_lengths_and_alphabets() {
        let secret = "x".repeat(KEY_SECRET_LEN);
        assert!(is_key(&key(&secret, None)));
        assert!(is_key(&key(&secret, Some("org-1_a"))));
        let symbols = format!(
            "{KEY_SECRET_SYMBOLS}{}",
            &secret[KEY_SECRET_SYMBOLS.len()..]
        );
        assert!(is_key(&key(&symbols, None)));
        // A character short or over, a foreign character, a bad organization: not keys.
        assert!(!is_key(&key(&secret[1..], None)));
        assert!(!is_key(&key(&format!("{secret}x"), None)));
        assert!(!is_key(&key(&format!("{}.", &secret[1..]), None)));
        assert!(!is_key(&key(&secret, Some("org 1"))));
        assert!(!is_key(&key(
            &secret,
            Some(&"o".repeat(MAX_KEY_ORG_ID_LEN + 1))
        )));
        assert!(!is_key(&format!("fh4dUNV3W-.{secret}")));
        assert!(!is_key(&format!("fh4dUNV3WQ:{secret}")));
        // Multi-byte text never panics the length arithmetic.
        assert!(!is_key(&"é".repeat(KEY_LEN)));
        assert!(!is_key(""));
    }

    #[test]
    fn the_secret_alphabet_is_letters_digits_and_the_symbols() {
        let accepted: Vec<u8> = (0..=u8::MAX).filter(|&b| is_key_secret_char(b)).collect();
        assert_eq!(accepted.len(), 26 + 26 + 10 + KEY_SECRET_SYMBOLS.len());
        assert!(!is_key_secret_char(b'.') && !is_key_secret_char(b':'));
    }

    #[test]
    fn the_expiration_rule_is_strictly_more_than_the_minimum() {
        let now = DateTime::from_timestamp_millis(1_577_836_800_000).unwrap();
        let minimum = TimeDelta::from_std(MIN_EXPIRATION_AHEAD).unwrap();
        assert!(!accepts_expiration(now, now));
        assert!(!accepts_expiration(now + minimum, now));
        assert!(accepts_expiration(
            now + minimum + TimeDelta::milliseconds(1),
            now
        ));
    }
}
