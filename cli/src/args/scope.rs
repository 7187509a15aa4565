//! `--scope`: a scope is written with its leading colon (`:write_data`). Without it the
//! server answers a bare 400, so the colon-less spelling is refused before anything is sent,
//! with the spelling that works.

use whylabs_api_keys::Scope;

/// A scope as sent on the wire. A known scope without its colon gets the hint `:scope`; other
/// colon-less text lists the known scopes. A colon-prefixed scope this tool does not know is
/// passed on: the server may know scopes added after this release, and it says which it
/// refuses.
pub fn parse(text: &str) -> Result<String, String> {
    if text.starts_with(':') {
        return Ok(text.to_string());
    }
    let with_colon = format!(":{text}");
    if Scope::from(with_colon.as_str()).is_known() {
        return Err(format!("a scope starts with a colon: write {with_colon}"));
    }
    let known: Vec<&str> = Scope::KNOWN.iter().map(Scope::as_str).collect();
    Err(format!(
        "a scope starts with a colon; known scopes: {}",
        known.join(" ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_without_its_colon_is_refused_with_the_spelling_that_works() {
        assert_eq!(
            parse("write_data").unwrap_err(),
            "a scope starts with a colon: write :write_data"
        );
        assert!(parse("nonsense").unwrap_err().contains(":read_resource"));
        assert_eq!(parse(":write_data").unwrap(), ":write_data");
        assert_eq!(parse(":future_scope").unwrap(), ":future_scope");
    }
}
