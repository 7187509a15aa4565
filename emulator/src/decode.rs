//! Strict percent-decoding of path segments and form-encoded query strings: a value that is
//! not UTF-8 once decoded is refused, never replaced (lossy decoding would make `%FF` and
//! `%FE` the same organization).

use percent_encoding::percent_decode_str;

/// `segment` percent-decoded, or `None` when the bytes are not UTF-8.
pub(super) fn segment(segment: &str) -> Option<String> {
    percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// A form-encoded value: `+` is a space, then percent-decoded strictly.
fn form_value(raw: &str) -> Option<String> {
    segment(&raw.replace('+', " "))
}

/// The query parameters in order, form-decoded (`+` and `%20` are spaces).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Query(Vec<(String, String)>);

/// A query parameter that cannot be decoded: its name as sent (decoded if it could be) and its
/// raw value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Undecodable {
    pub(super) name: String,
    pub(super) raw: String,
}

impl Query {
    /// Decodes `query` (the part after `?`); the first undecodable parameter is an error.
    pub(super) fn parse(query: Option<&str>) -> Result<Self, Undecodable> {
        let pairs = query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty());
        let mut decoded = Vec::new();
        for pair in pairs {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let raw = value.to_string();
            let Some(name) = form_value(name) else {
                return Err(Undecodable {
                    name: name.to_string(),
                    raw,
                });
            };
            let Some(value) = form_value(value) else {
                return Err(Undecodable { name, raw });
            };
            decoded.push((name, value));
        }
        Ok(Self(decoded))
    }

    /// The first value of `name`: a single-valued parameter sent twice keeps its first value.
    pub(super) fn first(&self, name: &str) -> Option<&str> {
        self.all(name).next()
    }

    /// Every value of `name`, for a repeated parameter such as `scopes`.
    pub(super) fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_form_decoded_and_invalid_utf8_is_refused() {
        let query =
            Query::parse(Some("alias=a+b%2Cc%26d%3D%C3%A9&scopes=%3Auser&scopes=x&e")).unwrap();
        assert_eq!(query.first("alias"), Some("a b,c&d=é"));
        assert_eq!(query.all("scopes").collect::<Vec<_>>(), [":user", "x"]);
        assert_eq!(query.first("e"), Some(""));
        assert_eq!(query.first("missing"), None);
        let refused = Query::parse(Some("a=1&user_id=%FF")).unwrap_err();
        assert_eq!(
            (refused.name.as_str(), refused.raw.as_str()),
            ("user_id", "%FF")
        );
        assert_eq!(Query::parse(Some("%FE=1")).unwrap_err().name, "%FE");
        assert_eq!(segment("org%201%2F2").as_deref(), Some("org 1/2"));
        assert_eq!(segment("%FF"), None);
        assert_ne!(segment("%C3%A9"), segment("%C3%A8"));
    }
}
