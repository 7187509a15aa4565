//! The request URL as it leaves: every path segment strictly percent-encoded, and no longer
//! than servers accept.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::Url;

use crate::rules::MAX_URL_BYTES;

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded in a
/// path segment. progenitor leaves `;`, `[`, `]`, `|` and `^` as they are, and `..;` is `..`
/// to some servers.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Re-encodes every path segment of `url` with [`SEGMENT`]. Decoding first makes this
/// idempotent: what progenitor encoded stays encoded once, what it left is encoded now.
pub(super) fn encode_path_strictly(url: &mut Url) {
    // Every call passes here, and almost every path (ids of letters, digits and `-`) is
    // already strict: re-encoding it would only rebuild the same string.
    if is_strict(url.path()) {
        return;
    }
    if let Some(path) = re_encoded(url) {
        url.set_path(&path);
    }
}

/// `url`'s path with every segment decoded and encoded again with [`SEGMENT`]; `None` for a
/// URL without a path of segments.
fn re_encoded(url: &Url) -> Option<String> {
    let segments = url.path_segments()?;
    let path = segments
        .map(|segment| {
            let decoded = percent_decode_str(segment).collect::<Vec<u8>>();
            let decoded = String::from_utf8_lossy(&decoded);
            format!("/{}", utf8_percent_encode(&decoded, SEGMENT))
        })
        .collect();
    Some(path)
}

/// Whether re-encoding `path` would leave it as it is: every byte unreserved or `/`, and every
/// `%XX` in upper-case hex for an ASCII byte that [`SEGMENT`] encodes. (A `%41` would become `A`,
/// a `%2f` `%2F`, and a non-ASCII byte takes the UTF-8 check of the slow path.)
fn is_strict(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let hex = |i: usize| match bytes.get(at + i) {
                Some(&digit @ (b'0'..=b'9' | b'A'..=b'F')) => char::from(digit).to_digit(16),
                _ => None,
            };
            let (Some(high), Some(low)) = (hex(1), hex(2)) else {
                return false;
            };
            let decoded = (high * 16 + low) as u8;
            if !decoded.is_ascii() || is_unreserved(decoded) {
                return false;
            }
            at += 3;
        } else if byte == b'/' || is_unreserved(byte) {
            at += 1;
        } else {
            return false;
        }
    }
    true
}

/// The bytes [`SEGMENT`] leaves as they are (its own `contains` is private).
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Why `url` cannot be sent, if it is longer than [`MAX_URL_BYTES`].
pub(super) fn too_long(url: &Url) -> Option<String> {
    let len = url.as_str().len();
    (len > MAX_URL_BYTES).then(|| {
        format!(
            "the request URL would be {len} bytes, more than the {MAX_URL_BYTES} servers accept"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_in_segments_are_encoded() {
        let mut url = Url::parse("http://h/v0/organizations/a;b[c]|d^e/api-key/..;").unwrap();
        encode_path_strictly(&mut url);
        assert_eq!(
            url.path(),
            "/v0/organizations/a%3Bb%5Bc%5D%7Cd%5Ee/api-key/..%3B"
        );
    }

    #[test]
    fn encoded_segments_stay_encoded_once() {
        let mut url = Url::parse("http://h/p/org%201%2F2/x-y.z_~").unwrap();
        encode_path_strictly(&mut url);
        assert_eq!(url.path(), "/p/org%201%2F2/x-y.z_~");
        encode_path_strictly(&mut url);
        assert_eq!(url.path(), "/p/org%201%2F2/x-y.z_~");
    }

    /// The fast path skips only paths that re-encoding would leave as they are, and it does
    /// skip the paths calls make. Every path of up to three characters from an alphabet of
    /// the interesting cases (escapes in either case, for unreserved, reserved and non-ASCII
    /// bytes, truncated escapes) is checked.
    #[test]
    fn the_fast_path_skips_only_unchanged_paths() {
        let alphabet = [
            "a", "/", "%", "2", "F", "f", "4", "1", "C", "3", "é", ";", "~", "%2F",
        ];
        let mut paths = vec!["/v0/organizations/org-1/api-key/K000000000".to_string()];
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    paths.push(format!("/{a}{b}{c}"));
                }
            }
        }
        let mut skipped = 0;
        for path in paths {
            let mut url = Url::parse("http://h/").unwrap();
            url.set_path(&path);
            if is_strict(url.path()) {
                assert_eq!(re_encoded(&url).as_deref(), Some(url.path()), "{path}");
                skipped += 1;
            }
        }
        assert!(is_strict("/v0/organizations/org-1/api-key/K000000000"));
        assert!(is_strict("/p/org%201%2F2/x-y.z_~"));
        assert!(skipped > 100, "{skipped}");
    }

    #[test]
    fn urls_over_the_limit_are_refused() {
        let ok = Url::parse(&format!("http://h/{}", "a".repeat(100))).unwrap();
        assert_eq!(too_long(&ok), None);
        let long = Url::parse(&format!("http://h/{}", "a".repeat(MAX_URL_BYTES))).unwrap();
        assert!(too_long(&long).unwrap().contains("more than the 8192"));
    }
}
