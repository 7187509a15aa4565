//! Short, secret-free excerpts of response bodies for error messages.

/// How many characters of a body an error quotes.
const EXCERPT_CHARS: usize = 160;

/// The start of `body` as text, with the configured API key and anything shaped like a key
/// secret replaced by `<redacted>`. Redaction runs on the whole body before truncating, so a
/// secret cannot survive cut in half.
pub(crate) fn excerpt(body: &[u8], api_key: &str) -> String {
    let text = String::from_utf8_lossy(body);
    let mut text = if api_key.is_empty() {
        text.into_owned()
    } else {
        text.replace(api_key, "<redacted>")
    };
    text = redact_key_fields(&text);
    text = redact_secret_shapes(&text);
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Replaces the value of every JSON `"key": "<value>"` (the secret in a create response).
fn redact_key_fields(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\"key\"") {
        let (before, after) = rest.split_at(at + "\"key\"".len());
        out.push_str(before);
        let trimmed = after.trim_start();
        let Some(value) = trimmed.strip_prefix(':').map(str::trim_start) else {
            rest = after;
            continue;
        };
        let Some(string) = value.strip_prefix('"') else {
            rest = after;
            continue;
        };
        out.push_str(":\"<redacted>\"");
        rest = skip_json_string(string);
    }
    out.push_str(rest);
    out
}

/// The text after the closing quote of a JSON string whose opening quote was already consumed
/// (an unterminated string runs to the end).
fn skip_json_string(string: &str) -> &str {
    let mut escaped = false;
    for (i, c) in string.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return &string[i + 1..],
            _ => {}
        }
    }
    ""
}

/// Replaces tokens shaped like a WhyLabs secret: 10 alphanumerics, a dot, 20+ more characters.
fn redact_secret_shapes(text: &str) -> String {
    text.split_inclusive(|c: char| c.is_whitespace() || "\"'<>,;{}[]()".contains(c))
        .map(|token| {
            let word =
                token.trim_end_matches(|c: char| c.is_whitespace() || "\"'<>,;{}[]()".contains(c));
            match word.split_once('.') {
                Some((id, secret))
                    if id.len() == 10
                        && id.chars().all(|c| c.is_ascii_alphanumeric())
                        && secret.len() >= 20 =>
                {
                    token.replacen(word, "<redacted>", 1)
                }
                _ => token.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "AbCdEfGhIj.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ:org-1";

    #[test]
    fn the_configured_key_is_redacted() {
        let body = b"<html>your key my-api-key was rejected</html>";
        assert_eq!(
            excerpt(body, "my-api-key"),
            "<html>your key <redacted> was rejected</html>"
        );
    }

    #[test]
    fn key_fields_and_secret_shapes_are_redacted() {
        let body = format!(r#"{{"keyId":"AbCdEfGhIj","key" : "{SECRET}","x":1}}"#);
        let out = excerpt(body.as_bytes(), "");
        assert!(!out.contains("0123456789abcdef"), "{out}");
        assert!(out.contains("\"keyId\":\"AbCdEfGhIj\""), "{out}");
        let plain = format!("token {SECRET} leaked");
        assert_eq!(excerpt(plain.as_bytes(), ""), "token <redacted> leaked");
    }

    #[test]
    fn long_and_invalid_bodies_are_cut_to_a_readable_excerpt() {
        let body = vec![b'a'; 10_000];
        assert_eq!(excerpt(&body, "k").chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(excerpt(&[0xff, 0xfe, b'x'], "k"), "\u{fffd}\u{fffd}x");
    }

    #[test]
    fn a_truncated_secret_field_is_still_redacted() {
        let body = format!(r#"{{"key":"{}"#, &SECRET[..30]);
        assert_eq!(excerpt(body.as_bytes(), ""), r#"{"key":"<redacted>""#);
    }
}
