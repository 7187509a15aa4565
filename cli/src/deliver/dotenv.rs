//! A `.env` file's one line for a variable: replaced where it is (every line that sets it,
//! `export VAR=` too), or added at the end; every other line and comment kept as it was.

/// Whether `name` can be a shell variable: letters, digits, `_`, not starting with a digit.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `line` sets `var` (`VAR=...`, `export VAR=...`, spaces before `=` allowed); the
/// prefix to keep (`export `) when it does.
fn sets<'a>(line: &'a str, var: &str) -> Option<&'a str> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (export, rest) = match trimmed.strip_prefix("export ") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let after = rest.strip_prefix(var)?;
    if !after.trim_start().starts_with('=') {
        return None;
    }
    let keep = if export {
        &line[..line.len() - rest.len()]
    } else {
        indent
    };
    Some(keep)
}

/// `old` with `var` set to `value`.
pub fn set(old: String, var: &str, value: &str) -> Result<Vec<u8>, String> {
    if value.contains(['\n', '\r', '"', '\'', '#', ' ']) {
        return Err(format!(
            "the new value of {var} holds a character a .env line cannot take unquoted"
        ));
    }
    let mut out = String::with_capacity(old.len() + var.len() + value.len() + 2);
    let mut found = false;
    for line in old.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match sets(body, var) {
            Some(keep) => {
                found = true;
                out.push_str(&format!("{keep}{var}={value}"));
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    if !found {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{var}={value}\n"));
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_text(old: &str, var: &str) -> String {
        String::from_utf8(set(old.to_string(), var, "NEW.s:org").unwrap()).unwrap()
    }

    #[test]
    fn the_line_is_replaced_in_place_and_the_rest_kept() {
        let old =
            "# comment\nA=1\nWHYLABS_API_KEY=old.x:org\r\n  export WHYLABS_API_KEY = old\nB=2";
        assert_eq!(
            set_text(old, "WHYLABS_API_KEY"),
            "# comment\nA=1\nWHYLABS_API_KEY=NEW.s:org\r\n  export WHYLABS_API_KEY=NEW.s:org\nB=2"
        );
    }

    #[test]
    fn a_missing_line_is_added_and_similar_names_are_left() {
        assert_eq!(
            set_text("WHYLABS_API_KEY_ID=x", "WHYLABS_API_KEY"),
            "WHYLABS_API_KEY_ID=x\nWHYLABS_API_KEY=NEW.s:org\n"
        );
        assert_eq!(set_text("", "K"), "K=NEW.s:org\n");
    }

    #[test]
    fn names_and_values_are_checked() {
        assert!(is_name("_A1") && !is_name("1A") && !is_name("") && !is_name("A-B"));
        assert!(set(String::new(), "K", "a\nb").is_err());
    }
}
