//! Which operation a request calls, with its path and query parameters decoded.

use http::{Method, StatusCode};
use percent_encoding::percent_decode_str;
use url::Url;

use crate::operation::Operation;

/// A request matched to an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Call {
    pub(super) operation: Operation,
    /// The `org_id` path segment, percent-decoded (`org%201%2F2` is `org 1/2`).
    pub(super) org_id: String,
    /// The `key_id` path segment of a get, percent-decoded.
    pub(super) key_id: Option<String>,
    pub(super) query: Query,
}

/// The query parameters in order, form-decoded (`+` and `%20` are spaces).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Query(Vec<(String, String)>);

impl Query {
    fn parse(url: &Url) -> Self {
        Self(url.query_pairs().into_owned().collect())
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

/// Matches `method` and `url` to an operation: 404 for a path the API does not have, 405 for
/// a method its path does not serve.
pub(super) fn parse(method: &Method, url: &Url) -> Result<Call, StatusCode> {
    // Segments are split before decoding, so an encoded `/` stays inside its segment.
    let segments: Vec<String> = url
        .path_segments()
        .ok_or(StatusCode::NOT_FOUND)?
        .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
        .collect();
    let (org_id, key_id) = match segments.as_slice() {
        [v0, orgs, org, api_key] if is_prefix(v0, orgs, api_key) => (org, None),
        [v0, orgs, org, api_key, key] if is_prefix(v0, orgs, api_key) => (org, Some(key)),
        _ => return Err(StatusCode::NOT_FOUND),
    };
    if org_id.is_empty() || key_id.is_some_and(String::is_empty) {
        return Err(StatusCode::NOT_FOUND);
    }
    let operation = match (method, key_id.is_some()) {
        (&Method::POST, false) => Operation::Create,
        (&Method::GET, false) => Operation::List,
        (&Method::DELETE, false) => Operation::Revoke,
        (&Method::GET, true) => Operation::Get,
        _ => return Err(StatusCode::METHOD_NOT_ALLOWED),
    };
    Ok(Call {
        operation,
        org_id: org_id.clone(),
        key_id: key_id.cloned(),
        query: Query::parse(url),
    })
}

fn is_prefix(v0: &str, organizations: &str, api_key: &str) -> bool {
    v0 == "v0" && organizations == "organizations" && api_key == "api-key"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: Method, url: &str) -> Result<Call, StatusCode> {
        parse(
            &method,
            &Url::parse(&format!("http://127.0.0.1{url}")).unwrap(),
        )
    }

    #[test]
    fn each_operation_is_found_by_method_and_path() {
        let collection = "/v0/organizations/org-123/api-key";
        let item = "/v0/organizations/org-123/api-key/fh4dUNV3WQ";
        let found = |m, u| call(m, u).map(|c| c.operation);
        assert_eq!(found(Method::POST, collection), Ok(Operation::Create));
        assert_eq!(found(Method::GET, collection), Ok(Operation::List));
        assert_eq!(found(Method::DELETE, collection), Ok(Operation::Revoke));
        assert_eq!(found(Method::GET, item), Ok(Operation::Get));
        assert_eq!(
            found(Method::PUT, collection),
            Err(StatusCode::METHOD_NOT_ALLOWED)
        );
        assert_eq!(
            found(Method::DELETE, item),
            Err(StatusCode::METHOD_NOT_ALLOWED)
        );
        for unknown in [
            "/",
            "/v1/organizations/o/api-key",
            "/v0/organizations//api-key",
        ] {
            assert_eq!(
                found(Method::GET, unknown),
                Err(StatusCode::NOT_FOUND),
                "{unknown}"
            );
        }
    }

    #[test]
    fn path_segments_and_query_values_are_decoded() {
        let url = "/v0/organizations/org%201%2F2/api-key/k%C3%A9y?alias=a+b%2Cc%26d%3D%C3%A9\
                   &scopes=%3Auser&scopes=%3Awrite_data&user_id=user%2Bx%40y.com";
        let call = call(Method::GET, url).unwrap();
        assert_eq!(call.org_id, "org 1/2");
        assert_eq!(call.key_id.as_deref(), Some("kéy"));
        assert_eq!(call.query.first("alias"), Some("a b,c&d=é"));
        assert_eq!(call.query.first("user_id"), Some("user+x@y.com"));
        let scopes: Vec<_> = call.query.all("scopes").collect();
        assert_eq!(scopes, [":user", ":write_data"]);
        assert_eq!(call.query.first("missing"), None);
    }
}
