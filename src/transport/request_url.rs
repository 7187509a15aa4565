//! The request URL as it leaves: every path segment strictly percent-encoded, and no longer
//! than servers accept.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::Url;

use crate::validate::MAX_URL_BYTES;

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
    let Some(segments) = url.path_segments() else {
        return;
    };
    let path: String = segments
        .map(|segment| {
            let decoded = percent_decode_str(segment).collect::<Vec<u8>>();
            let decoded = String::from_utf8_lossy(&decoded);
            format!("/{}", utf8_percent_encode(&decoded, SEGMENT))
        })
        .collect();
    url.set_path(&path);
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

    #[test]
    fn urls_over_the_limit_are_refused() {
        let ok = Url::parse(&format!("http://h/{}", "a".repeat(100))).unwrap();
        assert_eq!(too_long(&ok), None);
        let long = Url::parse(&format!("http://h/{}", "a".repeat(MAX_URL_BYTES))).unwrap();
        assert!(too_long(&long).unwrap().contains("more than the 8192"));
    }
}
