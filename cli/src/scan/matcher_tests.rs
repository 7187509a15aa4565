use super::*;

const ID: &str = "fh4dUNV3WQ";
const SUFFIX: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

fn keys(text: &str) -> Vec<(u64, String, Option<String>)> {
    let (found, bytes) = find_keys(&mut text.as_bytes(), &mut Vec::new()).unwrap();
    assert_eq!(bytes, text.len() as u64);
    found
        .into_iter()
        .map(|f| (f.line, f.key_id, f.org_id))
        .collect()
}

fn ids(text: &str) -> Vec<String> {
    keys(text).into_iter().map(|(_, id, _)| id).collect()
}

#[test]
fn keys_are_found_with_line_id_and_org_but_never_the_secret() {
    let text = format!("a\nkey = \"{ID}.{SUFFIX}:org-123\"\nb HMiFAgQeNb.{SUFFIX}\n");
    let (found, _) = find_keys(&mut text.as_bytes(), &mut Vec::new()).unwrap();
    assert_eq!(
        keys(&text),
        [
            (2, ID.to_string(), Some("org-123".to_string())),
            (3, "HMiFAgQeNb".to_string(), None)
        ]
    );
    assert!(!format!("{found:?}").contains(SUFFIX));
}

#[test]
fn keys_are_found_where_they_hide() {
    let key = format!("{ID}.{SUFFIX}");
    for text in [
        format!(r#"{{"log":"x\n{key}"}}"#),
        format!(r#"{{"log":"a\tb\r\n{key}\n"}}"#),
        format!(r#"{{"log":"key=\"{key}\""}}"#),
        format!(r#"{{"log":"C:\\{key}"}}"#),
        format!(r#"{{"log":"key\u003d{key}"}}"#),
        format!("GET /?h=X-API-Key%3A%20{key} HTTP/1.1"),
        format!("q=%22{key}%22"),
        format!("api_key%3D{key}&org=x"),
        format!("WHYLABS_API_KEY={key}"),
        format!("export WHYLABS_API_KEY='{key}'"),
        format!("?api_key={key}&org=org-1"),
    ] {
        assert_eq!(ids(&text), [ID], "{text}");
    }
}

#[test]
fn longer_tokens_are_not_keys() {
    for text in [
        format!("X{ID}.{SUFFIX}"),
        format!("{ID}.{SUFFIX}9"),
        format!("{ID}.{SUFFIX}+"),
        format!("{ID}.{}", &SUFFIX[1..]),
        // An escaped backslash and a letter: the letter is part of the token.
        format!(r"C:\\n{ID}.{SUFFIX}"),
        // Not an escape: `%` and one hex digit, `\u` and three.
        format!("x%2{ID}.{SUFFIX}"),
        format!(r"\u003a{ID}.{SUFFIX}").replacen("\\u003a", "\\u03a", 1),
        format!("base64:QUJD{ID}.{SUFFIX}"),
    ] {
        assert!(ids(&text).is_empty(), "{text}");
    }
}

/// A key across a chunk boundary is found once, at its line; so is one in the last bytes.
#[test]
fn chunked_reading_finds_every_key_once_at_its_line() {
    let key = format!("{ID}.{SUFFIX}:org-1");
    for offset in [
        CHUNK - 70,
        CHUNK - TAIL,
        CHUNK - TAIL - 1,
        CHUNK - 3,
        CHUNK + 5,
    ] {
        let filler = "ab.cd\n".repeat(offset / 6);
        let text = format!("{filler}{}{key}\nx {key}", " ".repeat(offset % 6));
        let lines = (offset / 6) as u64;
        assert_eq!(
            keys(&text),
            [
                (lines + 1, ID.to_string(), Some("org-1".to_string())),
                (lines + 2, ID.to_string(), Some("org-1".to_string()))
            ],
            "offset {offset}"
        );
    }
}

/// One line longer than a chunk (minified JSON) holds a glued look-alike across the
/// boundary: still not a key.
#[test]
fn a_long_line_across_chunks_keeps_its_boundaries() {
    let look_alike = format!("Z{ID}.{SUFFIX}");
    let filler = "x".repeat(CHUNK - TAIL - 1);
    assert!(ids(&format!("{filler}{look_alike}")).is_empty());
    assert_eq!(ids(&format!("{filler}\\n{ID}.{SUFFIX}")), [ID]);
}

/// A secret with the characters `encodeURIComponent` escapes.
const SPECIAL: &str = "ab+cd$ef&gh@ij^kl!mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";

fn percent(text: &str) -> String {
    text.replace('+', "%2B")
        .replace('$', "%24")
        .replace('&', "%26")
        .replace('@', "%40")
        .replace('^', "%5E")
        .replace(':', "%3A")
}

/// The fingerprint of `ID.SECRET` written plainly.
fn plain_fingerprint(secret: &str) -> String {
    let key = format!("{ID}.{secret}");
    keys_found(&key)[0].fingerprint.clone()
}

fn keys_found(text: &str) -> Vec<Found> {
    find_keys(&mut text.as_bytes(), &mut Vec::new()).unwrap().0
}

#[test]
fn keys_that_are_themselves_escaped_are_found_decoded() {
    assert_eq!(SPECIAL.len(), 53);
    let plain = format!("{ID}.{SPECIAL}:org-1");
    for text in [
        format!("url?key={}&x=1", percent(&plain)),
        format!("{ID}%2E{SPECIAL}:org-1").replace('&', "%26"),
        format!(
            r#"{{"k":"{ID}\u002e{}\u003aorg-1"}}"#,
            SPECIAL.replace('&', r"\u0026")
        ),
        format!("{ID}.{}%3Aorg-1", SUFFIX).replace(SUFFIX, &percent(SPECIAL)),
    ] {
        let found = keys_found(&text);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].key_id, ID, "{text}");
        assert_eq!(found[0].org_id.as_deref(), Some("org-1"), "{text}");
        assert_eq!(found[0].fingerprint, plain_fingerprint(SPECIAL), "{text}");
        assert_eq!(found[0].key.expose_secret(), plain, "{text}");
    }
    // A literal key whose :org suffix alone is escaped: found once, with its org.
    let found = keys_found(&format!("k={ID}.{SUFFIX}%3Aorg-2 "));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].org_id.as_deref(), Some("org-2"));
}

#[test]
fn escaped_look_alikes_inside_longer_tokens_are_not_keys() {
    for text in [
        format!("X{ID}%2E{}", percent(SPECIAL)),
        format!("{ID}%2E{}%2B", percent(SPECIAL)),
        format!("{ID}%2E{}A", percent(SPECIAL)),
        // Decodes to a character the secret cannot hold.
        format!("{ID}%2E{}%2F{}", &SUFFIX[..20], &SUFFIX[21..]),
    ] {
        assert!(ids(&text).is_empty(), "{text}");
    }
}

/// Whether the scanner's pattern matches all of `text`.
fn matches_whole(text: &str) -> bool {
    KEY_SHAPE
        .find(text.as_bytes())
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

#[test]
fn the_pattern_is_the_library_rule() {
    // Every ASCII byte in the secret: the pattern takes it exactly when the rules do.
    for byte in 0..=127u8 {
        let secret = format!("{}{}", char::from(byte), &SUFFIX[1..]);
        let key = format!("{ID}.{secret}");
        assert_eq!(matches_whole(&key), rules::is_key(&key), "{byte:#x}");
        assert_eq!(
            rules::is_key(&key),
            rules::is_key_secret_char(byte),
            "{byte:#x}"
        );
    }
    let org = "o".repeat(rules::MAX_KEY_ORG_ID_LEN);
    for text in [
        format!("{ID}.{SUFFIX}:org-1_x"),
        format!("{ID}.{SUFFIX}:{org}"),
        format!("{ID}.{SUFFIX}:{org}o"),
        format!("{ID}.{SUFFIX}:-org"),
        format!("{}.{SUFFIX}", &ID[1..]),
        format!("{ID}.{}", &SUFFIX[1..]),
    ] {
        assert_eq!(matches_whole(&text), rules::is_key(&text), "{text}");
    }
    // The longest match is an escaped key's, longer than the longest plain one.
    const { assert!(MAX_KEY >= 10 + 1 + 53 + 1 + 64) };
}

#[tokio::test]
async fn a_key_the_emulator_mints_is_found() {
    let emulator = whylabs_api_keys_emulator::Emulator::start().await;
    let created = emulator
        .client()
        .create_key("org-123", "user-1")
        .await
        .unwrap();
    let secret = created.secret().expose_secret();
    assert!(rules::is_key(secret));
    let text = format!("WHYLABS_API_KEY={secret}\n");
    assert_eq!(
        keys(&text),
        [(1, created.key.key_id.clone(), Some("org-123".to_string()))]
    );
}
