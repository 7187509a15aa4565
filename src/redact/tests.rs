//! The redactor end to end: what reaches an error message from what the server sent.

use std::time::{Duration, Instant};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::*;

/// A WhyLabs-shaped API key with its org suffix.
const SECRET: &str = "AbCdEfGhIj.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ:org-1";

/// A configured key in no particular shape: only knowing it can redact it.
const CUSTOM: &str = "my-company-api-key-123456";

/// Every character of `text` as a JSON `\uXXXX` escape, in upper- or lowercase hex.
fn json_escape_all(text: &str, upper: bool) -> String {
    text.chars()
        .map(|c| match upper {
            true => format!("\\u{:04X}", u32::from(c)),
            false => format!("\\u{:04x}", u32::from(c)),
        })
        .collect()
}

/// Every byte of `text` percent-encoded, alphanumerics included, in lowercase hex.
fn percent_encode_all_lower(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02x}")).collect()
}

// --- The expectations kept from the first redaction tests ---------------------------------

#[test]
fn the_configured_key_is_redacted() {
    let body = b"<html>your key my-api-key was rejected</html>";
    assert_eq!(
        Redactor::new("my-api-key").excerpt(body),
        "<html>your key <redacted> was rejected</html>"
    );
}

#[test]
fn key_fields_and_secret_shapes_are_redacted() {
    let redactor = Redactor::default();
    let body = format!(r#"{{"keyId":"AbCdEfGhIj","key" : "{SECRET}","x":1}}"#);
    let out = redactor.excerpt(body.as_bytes());
    assert_eq!(out, r#"{"keyId":"AbCdEfGhIj","key" : "<redacted>","x":1}"#);
    let plain = format!("token {SECRET} leaked");
    assert_eq!(
        redactor.excerpt(plain.as_bytes()),
        "token <redacted> leaked"
    );
}

#[test]
fn long_and_invalid_bodies_are_cut_to_a_readable_excerpt() {
    let redactor = Redactor::new("k");
    let body = vec![b'a'; 10_000];
    let out = redactor.excerpt(&body);
    assert_eq!(out.chars().count(), EXCERPT_CHARS + 1);
    assert!(out.ends_with("a…"), "{out}");
    assert_eq!(redactor.excerpt(&[0xff, 0xfe, b'x']), "\u{fffd}\u{fffd}x");
    // Exactly EXCERPT_CHARS characters are not cut.
    assert_eq!(
        redactor.excerpt(&body[..EXCERPT_CHARS]),
        "a".repeat(EXCERPT_CHARS)
    );
}

#[test]
fn a_truncated_secret_field_is_still_redacted() {
    // Only the value is replaced now: the unterminated string stays unterminated.
    let body = format!(r#"{{"key":"{}"#, &SECRET[..30]);
    assert_eq!(
        Redactor::default().excerpt(body.as_bytes()),
        r#"{"key":"<redacted>"#
    );
}

// --- Known secrets, however they are written ----------------------------------------------

#[test]
fn a_key_of_any_shape_is_redacted_verbatim() {
    let redactor = Redactor::new(CUSTOM);
    assert_eq!(
        redactor.clean(&format!("denied: {CUSTOM}. Retry with {CUSTOM}")),
        "denied: <redacted>. Retry with <redacted>"
    );
    // Without knowing it, nothing marks it as a secret.
    let text = format!("denied: {CUSTOM}");
    assert_eq!(Redactor::default().clean(&text), text);
}

#[test]
fn percent_encoded_secrets_are_redacted_in_either_hex_case() {
    let redactor = Redactor::new(CUSTOM);
    // percent-encoding's own encoder: dashes as `%2D`, uppercase hex.
    let upper = utf8_percent_encode(CUSTOM, NON_ALPHANUMERIC).to_string();
    assert!(upper.contains("%2D"), "{upper}");
    let lower = percent_encode_all_lower(CUSTOM);
    assert!(lower.starts_with("%6d%79%2d"), "{lower}");
    // Only some characters encoded, mixed case.
    let mixed = CUSTOM.replacen('-', "%2d", 1).replacen('-', "%2D", 1);
    for encoded in [upper, lower, mixed] {
        let url = format!("GET /v0/keys?api_key={encoded}&org=org-1 failed");
        assert_eq!(
            redactor.clean(&url),
            "GET /v0/keys?api_key=<redacted>&org=org-1 failed",
            "{encoded}"
        );
    }
    // A known WhyLabs key with `:` as `%3A` and `.` as `%2E`.
    let redactor = Redactor::new(SECRET);
    let encoded = SECRET.replace(':', "%3A").replace('.', "%2e");
    assert_eq!(redactor.clean(&format!("key={encoded}")), "key=<redacted>");
}

#[test]
fn form_encoded_secrets_are_redacted() {
    // A space form-encodes as `+`; a `+` (and `/`, `=`) as a percent escape.
    let redactor = Redactor::new("correct horse battery staple");
    assert_eq!(
        redactor.clean("password=correct+horse+battery+staple&x=1"),
        "password=<redacted>&x=1"
    );
    let base64ish = "q+Rk/7vWz=Lm+Np0/Xy2+Jh4";
    let redactor = Redactor::new(base64ish);
    let form = "q%2BRk%2F7vWz%3DLm%2BNp0%2FXy2%2BJh4";
    assert_eq!(redactor.clean(&format!("key={form}")), "key=<redacted>");
    // Its `+` is a `+` when written plainly.
    assert_eq!(
        redactor.clean(&format!("key={base64ish}")),
        "key=<redacted>"
    );
}

#[test]
fn json_escaped_secrets_are_redacted() {
    let redactor = Redactor::new(SECRET);
    // The dot and colon escaped, as some JSON encoders write them.
    let dotted = SECRET.replace('.', "\\u002e").replace(':', "\\u003A");
    let body = format!(r#"{{"message":"key {dotted} rejected"}}"#);
    assert_eq!(
        redactor.excerpt(body.as_bytes()),
        r#"{"message":"key <redacted> rejected"}"#
    );
    // Every character escaped, in either hex case, for a key no shape would catch.
    let redactor = Redactor::new(CUSTOM);
    for upper in [true, false] {
        let escaped = json_escape_all(CUSTOM, upper);
        let body = format!(r#"{{"message":"bad key \"{escaped}\""}}"#);
        assert_eq!(
            redactor.excerpt(body.as_bytes()),
            r#"{"message":"bad key \"<redacted>\""}"#
        );
    }
    // An escaped slash.
    let redactor = Redactor::new("https://example.test/token/abc");
    assert_eq!(
        redactor.clean(r#"{"url":"https:\/\/example.test\/token\/abc"}"#),
        r#"{"url":"<redacted>"}"#
    );
}

#[test]
fn nested_encodings_are_redacted() {
    let redactor = Redactor::new(CUSTOM);
    // Percent-encoded twice; a JSON-escaped percent escape; a percent-encoded JSON escape.
    let twice = utf8_percent_encode(CUSTOM, NON_ALPHANUMERIC)
        .to_string()
        .replace('%', "%25");
    let json_percent = CUSTOM.replace('-', "\\u00252D");
    let percent_json = CUSTOM.replace('-', "%5Cu002d");
    for encoded in [twice, json_percent, percent_json] {
        assert_eq!(
            redactor.clean(&format!("[{encoded}]")),
            "[<redacted>]",
            "{encoded}"
        );
    }
}

#[test]
fn html_character_references_are_decoded() {
    let redactor = Redactor::new(CUSTOM);
    let encoded = CUSTOM.replace('-', "&#45;").replacen("&#45;", "&#x2D;", 1);
    assert_eq!(
        redactor.clean(&format!("<p>{encoded}</p>")),
        "<p><redacted></p>"
    );
}

// --- Fragments ----------------------------------------------------------------------------

#[test]
fn a_sixteen_character_fragment_is_redacted_and_fifteen_is_not() {
    let redactor = Redactor::new(CUSTOM);
    let prefix16 = &CUSTOM[..16];
    assert_eq!(prefix16, "my-company-api-k");
    assert_eq!(
        redactor.clean(&format!("key {prefix16}…")),
        "key <redacted>…"
    );
    // Fifteen characters is below the threshold: shown as sent.
    let prefix15 = &CUSTOM[..15];
    let text = format!("key {prefix15}…");
    assert_eq!(redactor.clean(&text), text);
    // A fragment from the middle and a suffix.
    assert_eq!(
        redactor.clean(&format!("<{}>", &CUSTOM[3..20])),
        "<<redacted>>"
    );
    assert_eq!(redactor.clean(&format!("…{}", &CUSTOM[9..])), "…<redacted>");
    // A fragment that is also percent-encoded.
    let encoded = utf8_percent_encode(prefix16, NON_ALPHANUMERIC).to_string();
    assert_eq!(redactor.clean(&format!("key={encoded}")), "key=<redacted>");
}

#[test]
fn a_truncated_whylabs_key_without_its_shape_is_redacted_when_known() {
    // The id alone is public; 16+ characters of the secret after it are not.
    let redactor = Redactor::new(SECRET);
    let secret_part = &SECRET[11..27];
    assert_eq!(
        redactor.clean(&format!("id AbCdEfGhIj, secret {secret_part}...")),
        "id AbCdEfGhIj, secret <redacted>..."
    );
    // Unknown, the same text has no key shape, so it stays.
    let text = format!("secret {secret_part}...");
    assert_eq!(Redactor::default().clean(&text), text);
}

#[test]
fn a_secret_across_the_excerpt_boundary_leaks_nothing() {
    // The unknown WhyLabs-shaped key is padded with non-alphanumerics: glued to letters, the
    // letters would be redacted with it.
    let cases = [
        (CUSTOM, Redactor::new(CUSTOM), 'x'),
        (SECRET, Redactor::default(), '~'),
    ];
    for (secret, redactor, pad) in cases {
        for before in EXCERPT_CHARS - 20..EXCERPT_CHARS + 5 {
            let body = format!(
                "{}{secret}{}",
                pad.to_string().repeat(before),
                " ".repeat(200)
            );
            let out = redactor.excerpt(body.as_bytes());
            assert!(out.ends_with('…'), "{out}");
            assert_eq!(out.chars().count(), EXCERPT_CHARS + 1, "{out}");
            let kept = out.trim_start_matches(pad).trim_end_matches('…').trim_end();
            assert!(REDACTED.starts_with(kept), "{before}: {out}");
        }
    }
}

// --- Many secrets, shared -----------------------------------------------------------------

#[test]
fn every_added_secret_is_redacted_by_every_clone() {
    let redactor = Redactor::new(CUSTOM);
    let clone = redactor.clone();
    redactor.add_secret(SECRET);
    redactor.add_secret("short-one");
    redactor.add_secret("");
    redactor.add_secret(CUSTOM);
    let from_thread = redactor.clone();
    std::thread::spawn(move || from_thread.add_secret("created-in-another-thread-0001"))
        .join()
        .unwrap();
    let text = format!(
        "{CUSTOM} | {} | short-one | created-in-another-thread-0001 | keyId AbCdEfGhIj",
        &SECRET[11..]
    );
    let expected = "<redacted> | <redacted> | <redacted> | <redacted> | keyId AbCdEfGhIj";
    assert_eq!(clone.clean(&text), expected);
    assert_eq!(redactor.clean(&text), expected);
    assert_eq!(format!("{clone:?}"), "Redactor { secrets: 4 }");
}

#[test]
fn a_redactor_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Redactor>();
}

#[test]
fn adjacent_and_overlapping_matches_are_one_redaction() {
    let redactor = Redactor::new(CUSTOM);
    redactor.add_secret("another-secret-value-42");
    let text = format!("[{CUSTOM}another-secret-value-42{}]", &CUSTOM[..16]);
    assert_eq!(redactor.clean(&text), "[<redacted>]");
}

// --- Text around secrets ------------------------------------------------------------------

#[test]
fn unicode_around_and_inside_secrets_survives() {
    let redactor = Redactor::new(CUSTOM);
    assert_eq!(
        redactor.clean(&format!("ünïcödé→{CUSTOM}←日本語 😀")),
        "ünïcödé→<redacted>←日本語 😀"
    );
    // A non-ASCII secret, and a fragment of it starting inside a character: the redaction
    // takes whole characters.
    let secret = "pässwörd-🔑-geheimnis-schlüssel";
    let redactor = Redactor::new(secret);
    assert_eq!(redactor.clean(&format!("«{secret}»")), "«<redacted>»");
    // U+DF511 ends with the same three bytes as 🔑, so the match starts inside it.
    assert_eq!(&"\u{DF511}".as_bytes()[1..], &"🔑".as_bytes()[1..]);
    let body = format!("«\u{DF511}{}", &secret[15..]);
    let out = redactor.excerpt(body.as_bytes());
    assert_eq!(out, "«<redacted>");
    assert!(!out.contains("geheim"), "{out}");
}

#[test]
fn invalid_utf8_around_a_secret_is_replaced_and_the_secret_redacted() {
    let redactor = Redactor::new(CUSTOM);
    let mut body = vec![0xff];
    body.extend_from_slice(CUSTOM.as_bytes());
    body.extend_from_slice(&[0xc3, b' ', 0xfe]);
    assert_eq!(
        redactor.excerpt(&body),
        "\u{fffd}<redacted>\u{fffd} \u{fffd}"
    );
}

#[test]
fn escaped_json_key_fields_and_encoded_key_shapes_are_redacted_unknown() {
    let redactor = Redactor::default();
    // A create response quoted inside an error message.
    let body = r#"{"message":"upstream said {\"keyId\":\"AbCdEfGhIj\",\"key\":\"s3cr3t-value\"}"}"#;
    assert_eq!(
        redactor.excerpt(body.as_bytes()),
        r#"{"message":"upstream said {\"keyId\":\"AbCdEfGhIj\",\"key\":\"<redacted>\"}"}"#
    );
    // A WhyLabs-shaped key with its dot percent-encoded.
    let encoded = SECRET.replacen('.', "%2E", 1);
    assert_eq!(
        redactor.clean(&format!("?k={encoded}&a=b")),
        "?k=<redacted>&a=b"
    );
}

#[test]
fn ordinary_text_is_left_alone() {
    let redactor = Redactor::new(CUSTOM);
    for text in [
        "100% sure: a+b=c, path C:\\temp\\new, url /a%20b?x=%zz&amp;y, see &#x26; \\u00",
        "org.example.SomeVeryLongClassNameHere failed", // id part is not 10 alphanumerics
        "keyId AbCdEfGhIj was revoked",
        "",
    ] {
        assert_eq!(redactor.clean(text), text);
    }
}

// --- Hex and base64 -----------------------------------------------------------------------

/// `bytes` in padded standard base64 (the test's own encoder, independent of `encodings`).
fn b64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for byte in bytes {
        bits.push_str(&format!("{byte:08b}"));
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|six| {
            let six = format!("{:0<6}", std::str::from_utf8(six).unwrap());
            char::from(ALPHABET[usize::from_str_radix(&six, 2).unwrap()])
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

/// The same in the URL-safe alphabet.
fn b64_url(bytes: &[u8]) -> String {
    b64(bytes).replace('+', "-").replace('/', "_")
}

#[test]
fn hex_of_a_secret_is_redacted_in_either_case() {
    for secret in [SECRET, CUSTOM] {
        let redactor = Redactor::new(secret);
        let lower: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
        for hex in [lower.clone(), lower.to_uppercase()] {
            assert_eq!(
                redactor.clean(&format!("echo {hex} end")),
                "echo <redacted> end",
                "{secret}"
            );
        }
    }
}

#[test]
fn base64_of_a_secret_is_redacted_in_both_alphabets_with_and_without_padding() {
    // Secrets of every length modulo 3, so that each padding occurs.
    for secret in [
        SECRET,
        CUSTOM,
        "my-company-api-key-12345",
        "my-company-api-key-1234",
    ] {
        let redactor = Redactor::new(secret);
        for encoded in [b64(secret.as_bytes()), b64_url(secret.as_bytes())] {
            let unpadded = encoded.trim_end_matches('=');
            for form in [encoded.as_str(), unpadded] {
                assert_eq!(
                    redactor.clean(&format!("id {form} end")),
                    "id <redacted> end",
                    "{secret} as {form}"
                );
            }
        }
    }
}

#[test]
fn base64_of_a_secret_inside_longer_encoded_text_is_redacted_at_every_alignment() {
    let redactor = Redactor::new(SECRET);
    for prefix in ["", "u", "us", "user:", "Basic-user:"] {
        for suffix in ["", "!", "?x", "/and/more"] {
            let plain = format!("{prefix}{SECRET}{suffix}");
            for encoded in [b64(plain.as_bytes()), b64_url(plain.as_bytes())] {
                let shown = redactor.clean(&format!("X-Request-Id: {encoded}"));
                assert!(shown.contains(REDACTED), "{prefix}|{suffix}: {shown}");
                // What is left around the redaction is the prefix's and suffix's characters
                // (and at most one character mixing in 2 or 4 bits of the secret at each end).
                let left = shown.len() - REDACTED.len() - "X-Request-Id: ".len();
                let around = (prefix.len() + suffix.len()) * 4 / 3 + 6;
                assert!(left <= around, "{prefix}|{suffix}: {shown}");
            }
        }
    }
}

#[test]
fn a_long_enough_run_of_an_encoded_secret_is_redacted() {
    let redactor = Redactor::new(SECRET);
    let encoded = b64(SECRET.as_bytes());
    // 16 characters of the base64 (12 bytes of the secret) are redacted; 15 are not.
    assert_eq!(
        redactor.clean(&format!("a {} b", &encoded[20..36])),
        "a <redacted> b"
    );
    let fifteen = &encoded[20..35];
    assert_eq!(
        redactor.clean(&format!("a {fifteen} b")),
        format!("a {fifteen} b")
    );
}

#[test]
fn created_secrets_are_redacted_encoded_too() {
    let redactor = Redactor::new(CUSTOM);
    let created = "HMiFAgQeNb.zyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUTSRQPON:org-9";
    redactor.add_secret(created);
    let hex: String = created.bytes().map(|b| format!("{b:02X}")).collect();
    let text = format!("{} {hex}", b64_url(created.as_bytes()));
    assert_eq!(redactor.clean(&text), "<redacted> <redacted>");
    // Encodings do not count as secrets of their own.
    assert_eq!(format!("{redactor:?}"), "Redactor { secrets: 2 }");
}

// --- Control characters -------------------------------------------------------------------

#[test]
fn control_characters_are_escaped_onto_one_line() {
    let redactor = Redactor::default();
    let forged = "denied\r\n2024-01-01 INFO login ok\tuser=admin\u{1b}[31mred\u{7}\u{0}\u{7f}";
    assert_eq!(
        redactor.clean(forged),
        r"denied\r\n2024-01-01 INFO login ok\tuser=admin\u{1b}[31mred\u{7}\u{0}\u{7f}"
    );
    // C1 (NEL, CSI), line and paragraph separators, bidi marks, overrides and isolates.
    let sneaky =
        "a\u{85}b\u{9b}c\u{2028}d\u{2029}e\u{200e}\u{202a}\u{202e}f\u{2066}\u{2069}\u{61c}g";
    assert_eq!(
        escape_within(sneaky, usize::MAX),
        r"a\u{85}b\u{9b}c\u{2028}d\u{2029}e\u{200e}\u{202a}\u{202e}f\u{2066}\u{2069}\u{61c}g"
    );
    // Printable text, backslashes and emoji joiners pass through.
    let fine = "héllo 世界 👩\u{200d}💻 \\n";
    assert_eq!(escape_within(fine, usize::MAX), fine);
    // In an excerpt too, and a secret is redacted before its line breaks are escaped.
    let body = format!("x\n{CUSTOM}\r\n");
    assert_eq!(
        Redactor::new(CUSTOM).excerpt(body.as_bytes()),
        r"x\n<redacted>\r\n"
    );
}

#[test]
fn cuts_never_split_an_escape_and_clean_keeps_a_generous_field() {
    let redactor = Redactor::default();
    // 159 characters then an escape of 6: the escape does not fit, so it is dropped whole.
    let body = format!("{}\u{1b}tail", "a".repeat(EXCERPT_CHARS - 1));
    assert_eq!(
        redactor.excerpt(body.as_bytes()),
        format!("{}…", "a".repeat(EXCERPT_CHARS - 1))
    );
    let long = "m".repeat(5_000);
    let cleaned = redactor.clean(&long);
    assert_eq!(cleaned.chars().count(), FIELD_CHARS + 1);
    assert_eq!(redactor.clean("req-123"), "req-123");
}

// --- Cost ---------------------------------------------------------------------------------

#[test]
fn a_megabyte_is_redacted_in_linear_time() {
    let redactor = Redactor::new(CUSTOM);
    redactor.add_secret(SECRET);
    // Text that keeps every finder busy: escapes in every view, near-miss fragments, dots,
    // `"key"` fields and `+`, with a real secret at the very end.
    let chunk = r#"my-company-api-%6B%2B+\u0041AbCdEfGhIj.0123 "key":"v" &#46; "#;
    let mut text = chunk.repeat((1 << 20) / chunk.len());
    text.push_str(CUSTOM);
    let started = Instant::now();
    let out = redactor.redact(&text);
    let elapsed = started.elapsed();
    assert!(out.ends_with(REDACTED), "{}", &out[out.len() - 40..]);
    // Unoptimized test builds on a busy machine do this in well under a second; a quadratic
    // algorithm would take hours.
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
    // A megabyte of one long match (all of it a repeated short secret) stays linear too.
    let redactor = Redactor::new("ab");
    let started = Instant::now();
    let out = redactor.redact(&"ab".repeat(1 << 19));
    assert_eq!(out, REDACTED);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}
