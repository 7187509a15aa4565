//! Finding what to redact in one view of the text: known secrets (whole or any long enough
//! fragment), anything shaped like a WhyLabs key, and the value of every JSON `"key"` field.
//!
//! Every finder is a single pass over the view (a bounded amount of work per byte), so a
//! megabyte of text costs milliseconds, not the square of a megabyte.

use std::ops::Range;

use secrecy::zeroize::Zeroize;

use super::encodings;
use crate::rules;

/// The shortest run of a known secret's bytes that is redacted on its own. A secret shorter
/// than this is redacted only whole. Sixteen bytes are sixteen characters for ASCII secrets
/// (every API key), and never more characters than that for any other.
pub(super) const MIN_FRAGMENT: usize = 16;

/// The secrets a redactor knows, in the form the finders search for. Immutable: adding a
/// secret builds a new one ([`Known::with`]). Zeroed when dropped, like the secrets themselves.
#[derive(Default)]
pub(super) struct Known {
    /// Every `MIN_FRAGMENT`-byte window of every secret at least that long, as a big-endian
    /// integer, sorted and deduplicated.
    windows: Vec<u128>,
    /// A bit for the first two bytes of every window: most text positions fail this test and
    /// never reach the binary search.
    first_pairs: Box<[u64]>,
    /// The secrets shorter than `MIN_FRAGMENT` bytes (and not empty), found only whole.
    short: Vec<Vec<u8>>,
    /// How many secrets were added (a secret added twice counts once).
    count: usize,
}

impl Known {
    /// These secrets and `secrets` with their encodings ([`encodings::forms`]); `None` when
    /// none of them is new (empty, known, or repeated).
    pub(super) fn with_all<'a>(
        &self,
        secrets: impl IntoIterator<Item = &'a [u8]>,
    ) -> Option<Known> {
        let mut secrets: Vec<&[u8]> = secrets.into_iter().collect();
        secrets.sort_unstable();
        secrets.dedup();
        secrets.retain(|secret| !secret.is_empty() && !self.contains(secret));
        if secrets.is_empty() {
            return None;
        }
        let mut forms: Vec<Vec<u8>> = secrets
            .iter()
            .flat_map(|secret| {
                encodings::forms(secret)
                    .into_iter()
                    .chain([secret.to_vec()])
            })
            .collect();
        let mut short = self.short.clone();
        // Sized up front: growing would leave copies of the windows in freed memory.
        let sizes = forms
            .iter()
            .map(|form| form.len().saturating_sub(MIN_FRAGMENT - 1));
        let mut fresh = Vec::with_capacity(sizes.sum());
        for form in &forms {
            if form.len() >= MIN_FRAGMENT {
                fresh.extend(form.windows(MIN_FRAGMENT).map(window));
            } else if !short.contains(form) {
                short.push(form.clone());
            }
        }
        forms.zeroize();
        // Only the new windows are sorted; merging them in keeps adding secrets linear in
        // what is known (re-sorting everything made a thousand secrets cost seconds).
        fresh.sort_unstable();
        fresh.dedup();
        let mut windows = Vec::with_capacity(self.windows.len() + fresh.len());
        merge_unique(&self.windows, &fresh, &mut windows);
        fresh.zeroize();
        let mut first_pairs = vec![0u64; 1 << 10].into_boxed_slice();
        for &w in &windows {
            let pair = first_pair(w);
            first_pairs[pair / 64] |= 1 << (pair % 64);
        }
        Some(Known {
            windows,
            first_pairs,
            short,
            count: self.count + secrets.len(),
        })
    }

    /// How many distinct secrets are known.
    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// Whether `secret` would add nothing: it is known, or every window of it is.
    fn contains(&self, secret: &[u8]) -> bool {
        if secret.len() < MIN_FRAGMENT {
            self.short.iter().any(|known| known == secret)
        } else {
            secret
                .windows(MIN_FRAGMENT)
                .all(|w| self.windows.binary_search(&window(w)).is_ok())
        }
    }

    /// Whether `w` is a window of a known secret.
    fn has_window(&self, w: u128) -> bool {
        let pair = first_pair(w);
        let bits = self.first_pairs.get(pair / 64).copied().unwrap_or(0);
        bits & (1 << (pair % 64)) != 0 && self.windows.binary_search(&w).is_ok()
    }
}

impl Drop for Known {
    fn drop(&mut self) {
        self.windows.zeroize();
        self.first_pairs.zeroize();
        self.short.zeroize();
    }
}

/// Appends to `out` the sorted union of the sorted, duplicate-free `a` and `b`.
fn merge_unique(a: &[u128], b: &[u128], out: &mut Vec<u128>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        out.push(x.min(y));
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// A `MIN_FRAGMENT`-byte window as one integer.
fn window(bytes: &[u8]) -> u128 {
    bytes.iter().fold(0, |w, &byte| w << 8 | u128::from(byte))
}

/// The first two bytes of a window.
fn first_pair(w: u128) -> usize {
    (w >> (8 * (MIN_FRAGMENT - 2))) as usize
}

/// Appends to `found` the ranges of `view` to redact: known secrets and their fragments, key
/// shapes and `"key"` values. The ranges may overlap.
pub(super) fn find(view: &[u8], known: &Known, found: &mut Vec<Range<usize>>) {
    fragments(view, known, found);
    short_secrets(view, known, found);
    key_shapes(view, found);
    key_fields(view, found);
}

/// Every run of at least `MIN_FRAGMENT` bytes that is a substring of a known secret. The union
/// of the matching windows is exactly the set of bytes inside such runs, so each window is
/// checked once, on a rolling integer.
fn fragments(view: &[u8], known: &Known, found: &mut Vec<Range<usize>>) {
    if known.windows.is_empty() {
        return;
    }
    let mut w = 0u128;
    let mut run: Option<Range<usize>> = None;
    for (i, &byte) in view.iter().enumerate() {
        w = w << 8 | u128::from(byte);
        let Some(start) = (i + 1).checked_sub(MIN_FRAGMENT) else {
            continue;
        };
        if !known.has_window(w) {
            continue;
        }
        match &mut run {
            Some(run) if start <= run.end => run.end = i + 1,
            _ => found.extend(run.replace(start..i + 1)),
        }
    }
    found.extend(run);
}

/// Every occurrence of a known secret too short to be found by its fragments.
fn short_secrets(view: &[u8], known: &Known, found: &mut Vec<Range<usize>>) {
    for secret in &known.short {
        let mut at = 0;
        while let Some(offset) = view.get(at..).and_then(|rest| position(rest, secret)) {
            found.push(at + offset..at + offset + secret.len());
            at += offset + 1;
        }
    }
}

/// The first position of `needle` (short, not empty) in `haystack`.
fn position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The shortest run of letters and digits after a key-shaped id that is redacted as the start
/// of a key: a key cut short in an echo still loses its secret. (A whole key's secret, of
/// [`rules::KEY_SECRET_LEN`] characters, may also hold the server's symbols.)
const MIN_SECRET_RUN: usize = 20;

/// How many bytes at the start of `bytes` satisfy `accept`.
fn run(bytes: &[u8], accept: impl Fn(u8) -> bool) -> usize {
    bytes.iter().take_while(|&&b| accept(b)).count()
}

/// Everything shaped like a WhyLabs API key ([`rules`]), known or not: an id of at least
/// [`rules::KEY_ID_LEN`] id characters (any glued before it go too), a dot, and a whole
/// secret ([`rules::KEY_SECRET_LEN`] secret characters, symbols included) or at least
/// [`MIN_SECRET_RUN`] letters and digits; then an optional `:<org id>`.
fn key_shapes(view: &[u8], found: &mut Vec<Range<usize>>) {
    let mut from = 0;
    while let Some(offset) = view[from..].iter().position(|&byte| byte == b'.') {
        let dot = from + offset;
        from = dot + 1;
        // A longer run may be a key glued to the text before it: all of the run goes.
        let id = view[..dot]
            .iter()
            .rev()
            .take_while(|&&b| rules::is_key_id_char(b))
            .count();
        if id < rules::KEY_ID_LEN {
            continue;
        }
        let start = dot - id;
        let after = &view[dot + 1..];
        let whole = run(after, rules::is_key_secret_char);
        let secret = if whole >= rules::KEY_SECRET_LEN {
            whole
        } else {
            run(after, rules::is_key_id_char)
        };
        if secret < MIN_SECRET_RUN {
            continue;
        }
        let mut end = dot + 1 + secret;
        if view.get(end) == Some(&b':') {
            let org = run(&view[end + 1..], rules::is_key_org_id_char);
            if org > 0 {
                end += 1 + org;
            }
        }
        found.push(start..end);
        from = end;
    }
}

/// The value of every JSON string field named `key` (the secret in a create response), to its
/// closing quote or, when the text stops inside it, to the end.
fn key_fields(view: &[u8], found: &mut Vec<Range<usize>>) {
    const FIELD: &[u8] = b"\"key\"";
    let mut from = 0;
    while let Some(offset) = position(&view[from..], FIELD) {
        from += offset + FIELD.len();
        let skip_space = |at: usize| {
            at + view[at..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count()
        };
        let colon = skip_space(from);
        if view.get(colon) != Some(&b':') {
            continue;
        }
        let quote = skip_space(colon + 1);
        if view.get(quote) != Some(&b'"') {
            continue;
        }
        let start = quote + 1;
        let end = json_string_end(view, start);
        if end > start {
            found.push(start..end);
        }
        from = end;
    }
}

/// Where the JSON string whose contents start at `view[start]` ends: its closing quote, or the
/// end of the view.
fn json_string_end(view: &[u8], start: usize) -> usize {
    let mut escaped = false;
    for (i, &byte) in view.iter().enumerate().skip(start) {
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return i,
            _ => {}
        }
    }
    view.len()
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
