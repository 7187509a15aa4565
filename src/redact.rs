//! Secret-free, single-line renderings of server-supplied text for errors and logs.
//!
//! Anything the server sends back (an error body's `message`, `requestId`, `type` and
//! `parameter`, an `X-Request-Id` header, the start of an unexpected body) may echo a secret:
//! the configured API key, or a key this client created. The server may also, by mistake or
//! not, send control characters that would forge log lines or drive a terminal. A [`Redactor`]
//! makes such text safe to show:
//!
//! 1. **Redact** ([`Redactor::redact`]). Known secrets are replaced by `<redacted>` verbatim,
//!    percent-encoded (either hex case), form-encoded (`+` for a space), JSON-escaped
//!    (`\u002e`, `\/`, surrogate pairs), `\xHH`-escaped, as HTML numeric references (`&#58;`),
//!    and up to three levels of these nested (`%253A`), as well as any run of at least 16
//!    bytes of a known secret (a truncated or partial echo). Known secrets are also redacted
//!    in hexadecimal (either case) and base64 (standard and URL-safe, with or without
//!    padding, at any of the three byte alignments inside a longer encoded text; see
//!    [`encodings`]), whole or as a run of at least 16 of those characters. Unknown secrets are redacted
//!    when they are shaped like a WhyLabs key (`<10 alphanumerics>.<20+ alphanumerics>`,
//!    optional `:<org id>`) or are the value of a JSON `"key"` field. Escapes are handled by
//!    decoding the text into views ([`decode`]), searching those ([`scan`]) and mapping every
//!    match back to the text it came from, so a match redacts the escapes it was written with.
//! 2. **Escape** ([`escape_within`]): control characters become visible escapes.
//! 3. **Cut** ([`Redactor::excerpt`], [`Redactor::clean`]): to a length an error message can
//!    quote. Redaction runs on the whole text first, so no cut can leave part of a secret
//!    that the whole text would have had redacted.

mod decode;
mod encodings;
mod remembered;
mod scan;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use decode::Plus;

use crate::display::push_escaped;
use remembered::Remembered;
use scan::Known;

/// How many characters of a body an excerpt quotes (before its `…`).
pub(crate) const EXCERPT_CHARS: usize = 160;

/// How many characters of a single field (a message, a request id) [`Redactor::clean`] keeps:
/// generous for any real message, bounded against a server that sends megabytes.
pub(crate) const FIELD_CHARS: usize = 1_000;

/// What a redacted secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// How many levels of nested escapes are decoded (`%25253A` is three levels of `:`).
const MAX_DECODE_DEPTH: usize = 3;

/// Redacts the secrets this client knows, and anything shaped like one, from server text.
///
/// Built from the configured API key (any string: it need not be shaped like a WhyLabs key),
/// then told about every secret the client receives ([`Redactor::add_secret`]): the configured
/// key always, and the last [`remembered::KEPT`] created secrets at least (a long-running
/// client does not hold every secret it ever received). Cheap to clone and `Send + Sync`:
/// clones share the same secrets, so a secret added through one is redacted by all.
///
/// Its [`Debug`](fmt::Debug) shows how many secrets it knows, never the secrets.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// The secrets, and the search set built from them when a redaction needs it.
    remembered: Arc<Mutex<Remembered>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.snapshot().count())
            .finish()
    }
}

impl Redactor {
    /// A redactor that knows the configured API key (an empty key is no secret).
    pub(crate) fn new(api_key: &str) -> Self {
        Redactor {
            remembered: Arc::new(Mutex::new(Remembered::configured(api_key))),
        }
    }

    /// Redacts `secret` from now on, in this redactor and all its clones. Cheap: the search
    /// set takes it in at the next redaction. Adding an empty secret does nothing.
    pub(crate) fn add_secret(&self, secret: &str) {
        self.lock().add(secret);
    }

    /// The search set over the secrets known now, brought up to date. The set is immutable
    /// (shared by `Arc`), so a panic elsewhere cannot leave it half-updated.
    fn snapshot(&self) -> Arc<Known> {
        self.lock().known()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Remembered> {
        self.remembered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// `text` with every known secret, fragment of one, key-shaped token and JSON `"key"`
    /// value replaced by `<redacted>` (adjacent or overlapping matches by a single one). Nothing else
    /// changes: control characters are left for [`escape_within`].
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut ranges = self.secret_ranges(text);
        if ranges.is_empty() {
            return text.to_string();
        }
        for range in &mut ranges {
            // A fragment can start or end inside a multi-byte character; take it whole.
            while !text.is_char_boundary(range.start) {
                range.start -= 1;
            }
            while !text.is_char_boundary(range.end) {
                range.end += 1;
            }
        }
        ranges.sort_unstable_by_key(|range| (range.start, range.end));
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        let mut ranges = ranges.into_iter().peekable();
        while let Some(mut range) = ranges.next() {
            // Overlapping and touching matches are one redaction.
            while let Some(next) = ranges.next_if(|next| next.start <= range.end) {
                range.end = range.end.max(next.end);
            }
            out.push_str(&text[done..range.start]);
            out.push_str(REDACTED);
            done = range.end;
        }
        out.push_str(&text[done..]);
        out
    }

    /// The byte ranges of `text` to redact, unsorted and possibly overlapping: the matches in
    /// the text itself and in each decoded view, mapped back to the text.
    fn secret_ranges(&self, text: &str) -> Vec<Range<usize>> {
        let known = self.snapshot();
        let mut ranges = Vec::new();
        scan::find(text.as_bytes(), &known, &mut ranges);
        let form = text.contains('+');
        for plus in [Plus::Keep, Plus::Space] {
            if plus == Plus::Space && !form {
                continue;
            }
            // views[0] is the text; views[i + 1] decodes views[i].
            let mut views: Vec<Vec<u8>> = Vec::new();
            while views.len() < MAX_DECODE_DEPTH {
                let input = views.last().map_or(text.as_bytes(), Vec::as_slice);
                let Some(view) = decode::decode(input, plus) else {
                    break;
                };
                let mut found = Vec::new();
                scan::find(&view, &known, &mut found);
                views.push(view);
                if found.is_empty() {
                    continue;
                }
                // Back through every level: views[i + 1] was decoded from views[i] (or text).
                for level in (0..views.len()).rev() {
                    let input = match level {
                        0 => text.as_bytes(),
                        _ => &views[level - 1],
                    };
                    decode::map_back(input, plus, &mut found);
                }
                ranges.append(&mut found);
            }
        }
        ranges
    }

    /// `text` as a safe single line for an error field (a message, a request id, a header
    /// value): redacted, control characters escaped, cut to [`FIELD_CHARS`] characters and `…`.
    pub(crate) fn clean(&self, text: &str) -> String {
        escape_within(&self.redact(text), FIELD_CHARS)
    }

    /// The start of a response body as a safe single line: decoded as UTF-8 (invalid bytes
    /// become U+FFFD), redacted whole, control characters escaped, then cut to
    /// [`EXCERPT_CHARS`] characters and `…`.
    pub(crate) fn excerpt(&self, body: &[u8]) -> String {
        escape_within(&self.redact(&String::from_utf8_lossy(body)), EXCERPT_CHARS)
    }
}

/// `text` with every control, line-separator and bidi-formatting character written as an
/// escape (`\n`, `\r`, `\t`, `\u{1b}`, `\u{202e}`), so that server text shows as one line that
/// cannot move the cursor, recolour a terminal or reorder what is read; cut to at most
/// `max_chars` characters followed by `…` when anything was cut. An escape is kept whole or
/// dropped whole, never cut in half. Backslashes are kept as they are: the result is for
/// reading, not for decoding back.
fn escape_within(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(
        text.len()
            .min(max_chars.saturating_mul(4).saturating_add(3)),
    );
    let mut chars = 0;
    let mut piece = String::new();
    for c in text.chars() {
        piece.clear();
        push_escaped(&mut piece, c);
        let len = piece.chars().count();
        if chars + len > max_chars {
            out.push('…');
            return out;
        }
        chars += len;
        out.push_str(&piece);
    }
    out
}
