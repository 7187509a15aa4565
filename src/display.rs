//! Text from elsewhere (a server, a file name, an alias anyone with a key can set) made safe
//! to show: control characters (C0, DEL, C1 such as ESC and CSI), the Unicode line and
//! paragraph separators and the bidirectional formatting characters become visible escapes,
//! so that such text stays on one line, cannot move a terminal's cursor or recolour it, and
//! cannot reorder what a reader sees. The library's error texts use the same rule.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a log or terminal as itself: every control character (C0, DEL,
/// C1 such as NEL and CSI), the Unicode line and paragraph separators, and the bidirectional
/// formatting characters that reorder what a reader sees (marks, embeddings, overrides,
/// isolates).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Appends `c` to `out`, escaped if it is unsafe: `\n`, `\r`, `\t`, or `\u{hex}`.
pub(crate) fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// `text` with every control, line-separator and bidi-formatting character written as a
/// visible escape (`\n`, `\r`, `\t`, `\u{1b}`, `\u{202e}`); borrowed unchanged when it has
/// none. Backslashes are kept as they are: the result is for reading, not for decoding back.
///
/// Use it on anything shown to a person that someone else could have chosen: aliases, user
/// ids, file names.
///
/// ```
/// use whylabs_api_keys::escape_controls;
///
/// assert_eq!(escape_controls("nightly"), "nightly");
/// assert_eq!(escape_controls("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\nc");
/// assert_eq!(escape_controls("txt.\u{202e}exe"), "txt.\\u{202e}exe");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}
