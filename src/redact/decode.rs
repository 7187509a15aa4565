//! Decoded views of server text: what the text says once its escapes are undone.
//!
//! A secret can come back percent-encoded (`%3A`, `%2e`), form-encoded (`+` for a space),
//! JSON-escaped (`\u002e`, `\/`) or as an HTML character reference (`&#58;`). Rather than
//! encoding every secret every possible way, the redactor decodes the text into a *view*, a
//! byte string in which every escape is replaced by the bytes it stands for, finds secrets
//! there, and maps each match back to the input bytes it was decoded from.
//!
//! A view is built without a per-byte offset table (an 8 MiB body would need 64 MiB or more for
//! one): [`Decoder`] is deterministic, so [`map_back`] runs it a second time over the same input
//! and reads off the input ranges of the few view positions that matched.

use std::ops::Range;

/// How a view treats `+`: form encoding (`application/x-www-form-urlencoded`) writes a space as
/// `+`, but a `+` in plain or percent-encoded text is a `+`, so the two need separate views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Plus {
    /// `+` is itself.
    Keep,
    /// `+` is a space.
    Space,
}

/// The bytes one escape stands for: up to a whole UTF-8 character.
#[derive(Clone, Copy, Debug, Default)]
struct Decoded {
    /// The bytes, `len` of them used.
    bytes: [u8; 4],
    /// How many of `bytes` are used.
    len: usize,
}

impl Decoded {
    /// One byte.
    fn byte(byte: u8) -> Self {
        Self {
            bytes: [byte, 0, 0, 0],
            len: 1,
        }
    }

    /// A character's UTF-8 bytes.
    fn char(c: char) -> Self {
        let mut bytes = [0; 4];
        let len = c.encode_utf8(&mut bytes).len();
        Self { bytes, len }
    }
}

/// The value of an ASCII hexadecimal digit.
fn hex(byte: u8) -> Option<u32> {
    char::from(byte).to_digit(16)
}

/// The value of `digits` hexadecimal digits at `input[at..]`, if they are all there.
fn hex_digits(input: &[u8], at: usize, digits: usize) -> Option<u32> {
    let slice = input.get(at..at.checked_add(digits)?)?;
    slice
        .iter()
        .try_fold(0u32, |value, &byte| Some(value << 4 | hex(byte)?))
}

/// The escape starting at `input[at]`, if one does: what it stands for and its length in bytes.
/// Anything that is not a complete, valid escape is left to stand for itself.
fn escape_at(input: &[u8], at: usize, plus: Plus) -> Option<(Decoded, usize)> {
    match input[at] {
        // Percent-encoding (RFC 3986), either case of hex digit.
        b'%' => {
            let value = hex_digits(input, at + 1, 2)?;
            Some((Decoded::byte(value as u8), 3))
        }
        b'+' if plus == Plus::Space => Some((Decoded::byte(b' '), 1)),
        b'\\' => backslash_escape(input, at),
        b'&' => character_reference(input, at),
        _ => None,
    }
}

/// A JSON escape (`\uXXXX`, surrogate pairs included, and `\" \\ \/ \b \f \n \r \t`) or a
/// `\xHH` byte escape (as Python and JavaScript print them) at `input[at]`, a backslash.
fn backslash_escape(input: &[u8], at: usize) -> Option<(Decoded, usize)> {
    let simple = |byte: u8| Some((Decoded::byte(byte), 2));
    match *input.get(at + 1)? {
        b'u' => {
            let unit = hex_digits(input, at + 2, 4)?;
            if (0xD800..0xDC00).contains(&unit) {
                // A high surrogate counts only with the low one after it.
                if input.get(at + 6..at + 8)? != b"\\u" {
                    return None;
                }
                let low = hex_digits(input, at + 8, 4)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return None;
                }
                let c = char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
                return Some((Decoded::char(c), 12));
            }
            // A lone low surrogate is not a character: `from_u32` refuses it.
            Some((Decoded::char(char::from_u32(unit)?), 6))
        }
        b'x' => Some((Decoded::byte(hex_digits(input, at + 2, 2)? as u8), 4)),
        byte @ (b'"' | b'\\' | b'/') => simple(byte),
        b'b' => simple(0x08),
        b'f' => simple(0x0C),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        _ => None,
    }
}

/// An HTML numeric character reference (`&#46;`, `&#x2E;`) at `input[at]`, an ampersand.
/// Named references (`&amp;`) are not decoded.
fn character_reference(input: &[u8], at: usize) -> Option<(Decoded, usize)> {
    if input.get(at + 1) != Some(&b'#') {
        return None;
    }
    let (radix, start) = match input.get(at + 2) {
        Some(b'x' | b'X') => (16, at + 3),
        _ => (10, at + 2),
    };
    // Seven decimal or six hex digits reach past U+10FFFF; more is not a character.
    let digits = input
        .get(start..)?
        .iter()
        .take(8)
        .take_while(|byte| char::from(**byte).is_digit(radix))
        .count();
    if digits == 0 || digits > 7 || input.get(start + digits) != Some(&b';') {
        return None;
    }
    let value = input[start..start + digits]
        .iter()
        .fold(0u32, |value, &byte| {
            value * radix + char::from(byte).to_digit(radix).unwrap_or(0)
        });
    Some((
        Decoded::char(char::from_u32(value)?),
        start + digits + 1 - at,
    ))
}

/// Decodes `input` one escape at a time, yielding every byte of the view with the range of
/// input bytes it came from (a plain byte comes from itself; every byte an escape stands for
/// comes from the whole escape).
pub(super) struct Decoder<'a> {
    /// The text being decoded.
    input: &'a [u8],
    /// Where the next escape or plain byte starts.
    at: usize,
    /// How `+` decodes.
    plus: Plus,
    /// The bytes of the escape being yielded.
    pending: Decoded,
    /// How many of `pending` were yielded.
    yielded: usize,
    /// The input range of the escape being yielded.
    source: Range<usize>,
    /// Whether any escape was decoded so far.
    decoded_any: bool,
}

impl<'a> Decoder<'a> {
    /// A decoder at the start of `input`.
    pub(super) fn new(input: &'a [u8], plus: Plus) -> Self {
        Self {
            input,
            at: 0,
            plus,
            pending: Decoded::default(),
            yielded: 0,
            source: 0..0,
            decoded_any: false,
        }
    }
}

impl Iterator for Decoder<'_> {
    type Item = (u8, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.yielded == self.pending.len {
            if self.at >= self.input.len() {
                return None;
            }
            let (decoded, len) = match escape_at(self.input, self.at, self.plus) {
                Some(escape) => {
                    self.decoded_any = true;
                    escape
                }
                None => (Decoded::byte(self.input[self.at]), 1),
            };
            self.pending = decoded;
            self.yielded = 0;
            self.source = self.at..self.at + len;
            self.at += len;
        }
        let byte = self.pending.bytes[self.yielded];
        self.yielded += 1;
        Some((byte, self.source.clone()))
    }
}

/// The view of `input` with one level of escapes decoded, or `None` when it has none (the view
/// would be `input` itself). Escapes the decoding reveals (`%253A` → `%3A`) are left for the
/// next level.
pub(super) fn decode(input: &[u8], plus: Plus) -> Option<Vec<u8>> {
    let may_escape =
        |byte: &u8| matches!(byte, b'%' | b'\\' | b'&') || (plus == Plus::Space && *byte == b'+');
    if !input.iter().any(may_escape) {
        return None;
    }
    let mut decoder = Decoder::new(input, plus);
    let view: Vec<u8> = decoder.by_ref().map(|(byte, _)| byte).collect();
    decoder.decoded_any.then_some(view)
}

/// Rewrites `ranges`, non-empty ranges of the view `decode(input, plus)`, as the ranges of
/// `input` they were decoded from (an escape partly inside a range counts whole).
pub(super) fn map_back(input: &[u8], plus: Plus, ranges: &mut [Range<usize>]) {
    // Every range asks for where its first byte starts and where its last byte ends.
    let mut queries: Vec<(usize, usize, bool)> = ranges
        .iter()
        .enumerate()
        .flat_map(|(i, range)| [(range.start, i, false), (range.end - 1, i, true)])
        .collect();
    queries.sort_unstable();
    let mut queries = queries.into_iter().peekable();
    for (position, (_, source)) in Decoder::new(input, plus).enumerate() {
        while let Some((_, i, is_end)) = queries.next_if(|query| query.0 == position) {
            if is_end {
                ranges[i].end = source.end;
            } else {
                ranges[i].start = source.start;
            }
        }
        if queries.peek().is_none() {
            break;
        }
    }
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
