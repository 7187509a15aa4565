//! Tests of `decode.rs`.

use super::*;

fn view(input: &str, plus: Plus) -> Option<String> {
    decode(input.as_bytes(), plus).map(|bytes| String::from_utf8(bytes).unwrap())
}

#[test]
fn percent_escapes_decode_in_either_case() {
    assert_eq!(view("a%3Ab%3ac%2E", Plus::Keep).unwrap(), "a:b:c.");
    assert_eq!(view("%C3%A9", Plus::Keep).unwrap(), "é");
    // Incomplete or non-hex escapes stand for themselves.
    assert_eq!(view("100% %4 %zz%", Plus::Keep), None);
}

#[test]
fn plus_is_a_space_only_in_the_form_view() {
    assert_eq!(view("a+b%2B", Plus::Keep).unwrap(), "a+b+");
    assert_eq!(view("a+b%2B", Plus::Space).unwrap(), "a b+");
    assert_eq!(view("a+b", Plus::Keep), None);
}

#[test]
fn json_escapes_decode_with_surrogate_pairs() {
    assert_eq!(
        view(r#"a\u002eb\u002Ec\/d\"\\\n\ud83d\ude00"#, Plus::Keep).unwrap(),
        "a.b.c/d\"\\\n😀"
    );
    // Lone surrogates and unknown escapes stand for themselves.
    assert_eq!(view(r"\ud83d x \ude00 \q \u12", Plus::Keep), None);
    assert_eq!(view(r"\x2e", Plus::Keep).unwrap(), ".");
}

#[test]
fn numeric_character_references_decode() {
    assert_eq!(view("a&#46;b&#x3a;c&#X3A;", Plus::Keep).unwrap(), "a.b:c:");
    assert_eq!(
        view("&amp; &#; &#x; &#99999999; &#1114112;", Plus::Keep),
        None
    );
}

#[test]
fn one_level_decodes_at_a_time() {
    let once = view("%253A", Plus::Keep).unwrap();
    assert_eq!(once, "%3A");
    assert_eq!(view(&once, Plus::Keep).unwrap(), ":");
}

#[test]
fn view_ranges_map_back_to_whole_escapes() {
    let input = "ab%3Acd\\u002eef";
    let decoded = view(input, Plus::Keep).unwrap();
    assert_eq!(decoded, "ab:cd.ef");
    // "b:c" in the view is "b%3Ac" in the input; ".e" is "\u002ee"; ":" alone is "%3A".
    let mut ranges = vec![1..4, 5..7, 2..3, 0..8];
    map_back(input.as_bytes(), Plus::Keep, &mut ranges);
    assert_eq!(ranges, vec![1..6, 7..14, 2..5, 0..input.len()]);
    // Bytes of one multi-byte escape all map to the whole escape.
    let mut ranges = [1..2, 0..2];
    map_back(b"%C3%A9", Plus::Keep, &mut ranges);
    assert_eq!(ranges, [3..6, 0..6]);
}
