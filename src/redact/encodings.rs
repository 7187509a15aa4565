//! The encodings of a secret a server may echo instead of the secret itself: hexadecimal
//! (either case) and base64 (standard and URL-safe alphabets, with and without padding). The
//! redactor searches for these forms like for the secret, so a `message` or an `X-Request-Id`
//! carrying `base64(key)` or `hex(key)` shows `<redacted>`.
//!
//! Base64 encodes three bytes at a time, so a secret inside a longer encoded text (a token, a
//! `user:key` pair) encodes differently depending on where it starts: at a multiple of three
//! bytes, or one or two bytes after one. For each of the three alignments the forms here are
//! the characters that depend on the secret's bytes alone, then the same with the last
//! character as it is when the secret ends the encoded text, without and with its padding.

/// The standard base64 alphabet (RFC 4648 §4).
const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The URL- and filename-safe base64 alphabet (RFC 4648 §5).
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The shortest encoded form searched for: shorter ones (of secrets of a few bytes) would
/// match ordinary text.
const MIN_FORM: usize = 8;

/// The encoded forms of `secret` worth searching for, each at least [`MIN_FORM`] bytes long,
/// possibly repeated (the caller deduplicates).
pub(super) fn forms(secret: &[u8]) -> Vec<Vec<u8>> {
    let mut forms = vec![
        hex(secret, b"0123456789abcdef"),
        hex(secret, b"0123456789ABCDEF"),
    ];
    for alphabet in [STANDARD, URL_SAFE] {
        for align in 0..3 {
            forms.extend(base64_forms(secret, alphabet, align));
        }
    }
    forms.retain(|form| form.len() >= MIN_FORM);
    forms
}

/// `bytes` in hexadecimal with `digits`.
fn hex(bytes: &[u8], digits: &[u8; 16]) -> Vec<u8> {
    bytes
        .iter()
        .flat_map(|byte| {
            [
                digits[usize::from(byte >> 4)],
                digits[usize::from(byte & 15)],
            ]
        })
        .collect()
}

/// The forms of `secret` in base64 when it starts `align` bytes after a multiple of three:
/// the characters that depend on its bytes alone, and those followed by the characters of its
/// end when it ends the encoded text, without and with padding.
fn base64_forms(secret: &[u8], alphabet: &[u8; 64], align: usize) -> [Vec<u8>; 3] {
    // Zero bytes stand for whatever came before; the characters they reach are dropped.
    let mut aligned = vec![0; align];
    aligned.extend_from_slice(secret);
    let padded = base64(&aligned, alphabet);
    let head = [0, 2, 3][align];
    // At the end, the last character of a group of 1 or 2 bytes also holds bits of what follows.
    let (tail, padding) = match aligned.len() % 3 {
        0 => (0, 0),
        1 => (3, 2),
        _ => (2, 1),
    };
    let fixed = padded[head..padded.len() - tail].to_vec();
    let unpadded = padded[head..padded.len() - padding].to_vec();
    [fixed, unpadded, padded[head..].to_vec()]
}

/// `bytes` in padded base64 with `alphabet`.
fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(alphabet[(n >> (18 - 6 * i)) as usize & 63]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(forms: &[Vec<u8>]) -> Vec<String> {
        forms
            .iter()
            .map(|form| String::from_utf8(form.clone()).unwrap())
            .collect()
    }

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes(), STANDARD), encoded.as_bytes());
        }
        // The alphabets differ in their last two characters only.
        assert_eq!(base64(&[0xfb, 0xff], STANDARD), b"+/8=");
        assert_eq!(base64(&[0xfb, 0xff], URL_SAFE), b"-_8=");
    }

    #[test]
    fn each_alignment_keeps_what_the_secret_alone_decides() {
        // "secret!" is 7 bytes: aligned at 0 its last group holds 1 byte.
        let forms = |align| text(&base64_forms(b"secret!", STANDARD, align));
        assert_eq!(forms(0), ["c2VjcmV0I", "c2VjcmV0IQ", "c2VjcmV0IQ=="]);
        // After 1 byte: "x" + "secret!" is "eHNlY3JldCE=", less the 2 characters "x" reaches.
        assert_eq!(base64(b"xsecret!", STANDARD), b"eHNlY3JldCE=");
        assert_eq!(forms(1), ["NlY3JldC", "NlY3JldCE", "NlY3JldCE="]);
        // After 2 bytes: "xy" + "secret!" is "eHlzZWNyZXQh", less the 3 characters "xy" reaches.
        assert_eq!(base64(b"xysecret!", STANDARD), b"eHlzZWNyZXQh");
        assert_eq!(forms(2), ["zZWNyZXQh", "zZWNyZXQh", "zZWNyZXQh"]);
    }

    #[test]
    fn hex_comes_in_both_cases_and_short_forms_are_left_out() {
        let all = text(&forms(b"key:\xff"));
        assert!(all.contains(&"6b65793aff".to_string()));
        assert!(all.contains(&"6B65793AFF".to_string()));
        assert!(all.iter().all(|form| form.len() >= MIN_FORM));
        assert!(forms(b"ab").is_empty());
    }
}
