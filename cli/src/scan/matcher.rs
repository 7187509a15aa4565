//! Finding strings of the WhyLabs key shape (`whylabs_api_keys::rules`, the one definition
//! the library and the emulator use too) in a stream of bytes: a 10-character id of
//! `[A-Za-z0-9]`, a dot, 53 characters of the alphabet the server parses
//! (`[A-Za-z0-9+\-^!$&@]`), an optional `:org-id`. A key is found where it hides (after a
//! JSON escape such as `\n` or `\u0022`, after URL-encoding such as `%3A%20`, quoted, in
//! `KEY=value`) and never in the middle of a longer token. The stream is read in chunks, so
//! stdin and files of any size take bounded memory.

use std::io::{self, Read};
use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};
use whylabs_api_keys::{ApiKeySecret, rules};

use super::fingerprint::fingerprint;

mod escaped;

/// The library's key pattern: groups `id`, `secret` and `org`.
static KEY_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&rules::key_pattern()).expect("the key pattern is valid"));

/// The longest match: an escaped key (every character `\u00XX`) with its organization.
const MAX_KEY: usize = escaped::MAX_ESCAPED;
/// Bytes kept before the search start, for the boundary check (`\u0022`, `%3A`, runs of
/// backslashes).
const CONTEXT: usize = 32;
/// Bytes read at a time.
const CHUNK: usize = 1 << 20;
/// Bytes at a chunk's end whose matches wait for the next chunk: a match starting before
/// them ends, with the byte after it, inside the chunk.
const TAIL: usize = MAX_KEY + 2;

/// One key found: its line (1-based), public parts and fingerprint; the key itself only in
/// [`ApiKeySecret`], which never prints it, for `--verify` to ask the server with.
#[derive(Clone, Debug)]
pub struct Found {
    pub line: u64,
    pub key_id: String,
    /// The `:org-id` suffix, when the key carries one.
    pub org_id: Option<String>,
    /// The SHA-256 of `ID.SECRET` ([`fingerprint`]).
    pub fingerprint: String,
    /// The key as found, `:org-id` included.
    pub key: ApiKeySecret,
}

/// The keys in `reader`, in order, and the number of bytes read. `buf` is reused between
/// calls to spare allocations.
pub fn find_keys(reader: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<(Vec<Found>, u64)> {
    buf.clear();
    let (mut found, mut bytes) = (Vec::new(), 0u64);
    // `buf[..from]` is context already searched; lines are known up to `counted`.
    let (mut from, mut counted, mut line) = (0usize, 0usize, 1u64);
    loop {
        let before = buf.len();
        let eof = fill(reader, buf, from + CHUNK)?;
        bytes += (buf.len() - before) as u64;
        let cut = if eof { buf.len() } else { buf.len() - TAIL };
        let mut resume = cut;
        // Literal and escaped keys of this chunk, by where they start.
        let mut hits = Vec::new();
        for captures in KEY_SHAPE.captures_iter(&buf[from..]) {
            let whole = captures.get(0).expect("group 0 is the match");
            let (start, end) = (from + whole.start(), from + whole.end());
            if start >= cut {
                break;
            }
            resume = resume.max(end);
            if !is_token(buf, start, end, captures.name("org").is_some()) {
                continue;
            }
            if captures.name("org").is_none() && escaped::escaped_org_follows(&buf[end..]) {
                continue;
            }
            hits.push((start, found_at(0, &captures)));
        }
        escaped::find(buf, from, cut, &mut resume, &mut hits);
        hits.sort_by_key(|(start, _)| *start);
        for (start, mut key) in hits {
            line += count_lines(&buf[counted..start]);
            counted = start;
            key.line = line;
            found.push(key);
        }
        if eof {
            return Ok((found, bytes));
        }
        let drop = resume - CONTEXT;
        if counted <= drop {
            line += count_lines(&buf[counted..drop]);
            counted = 0;
        } else {
            counted -= drop;
        }
        buf.drain(..drop);
        from = resume - drop;
    }
}

/// Reads until `buf` holds `want` bytes; `true` at the end of the stream.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let missing = want.saturating_sub(buf.len()) as u64;
    let read = reader.take(missing).read_to_end(buf)?;
    Ok((read as u64) < missing)
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn found_at(line: u64, captures: &Captures<'_>) -> Found {
    let whole = captures.get(0).expect("group 0 is the match");
    let text = |m: regex::bytes::Match<'_>| String::from_utf8_lossy(m.as_bytes()).into_owned();
    Found {
        line,
        key_id: text(captures.name("id").expect("the pattern has an id")),
        org_id: captures.name("org").map(text),
        fingerprint: fingerprint(&whole.as_bytes()[..rules::KEY_LEN]),
        key: ApiKeySecret::from(String::from_utf8_lossy(whole.as_bytes()).into_owned()),
    }
}

/// Whether `text[start..end]` is a whole token, not part of a longer one.
fn is_token(text: &[u8], start: usize, end: usize, has_org: bool) -> bool {
    starts_token(&text[..start]) && (has_org || ends_token(text.get(end).copied()))
}

/// A key starts a token after a byte that cannot be in its id, or after an escape whose
/// last character is a letter or digit: `\n` `\t` `\r` `\b` `\f`, `\uXXXX`, `%XX`.
fn starts_token(before: &[u8]) -> bool {
    let Some(&last) = before.last() else {
        return true;
    };
    if !last.is_ascii_alphanumeric() {
        return true;
    }
    let n = before.len();
    let hex = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_hexdigit);
    let percent = n >= 3 && before[n - 3] == b'%' && hex(&before[n - 2..]);
    let unicode =
        n >= 6 && before[n - 5] == b'u' && hex(&before[n - 4..]) && escapes(before, n - 6);
    let letter = n >= 2 && b"nrtbf".contains(&last) && escapes(before, n - 2);
    percent || unicode || letter
}

/// Whether the byte at `at` is a backslash that escapes the next one: an even number of
/// backslashes precedes it (`\\n` is a backslash and a letter).
fn escapes(before: &[u8], at: usize) -> bool {
    let run = before[..at]
        .iter()
        .rev()
        .take_while(|b| **b == b'\\')
        .count();
    before[at] == b'\\' && run % 2 == 0
}

/// A key without `:org` ends its token unless a secret character follows. `&` is one, but
/// it also ends a URL's query parameter (`?api_key=KEY&org=...`), so it ends a key.
fn ends_token(next: Option<u8>) -> bool {
    next.is_none_or(|b| b == b'&' || !rules::is_key_secret_char(b))
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
