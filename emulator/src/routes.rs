//! Which operation a request calls, with its path and query parameters decoded strictly.

use http::Method;
use whylabs_api_keys::Operation;

use super::decode::{Query, segment};
use super::reject::Rejection;

/// A request matched to an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Call {
    pub(super) operation: Operation,
    /// The `org_id` path segment of a v0 call, percent-decoded (`org%201%2F2` is `org 1/2`).
    pub(super) org_id: Option<String>,
    /// The `key_id` path segment of a get, percent-decoded.
    pub(super) key_id: Option<String>,
    pub(super) query: Query,
    /// A path segment or query parameter that is not UTF-8 once decoded: answered 400 after
    /// authentication, as the server answers an unreadable parameter.
    pub(super) malformed: Option<Rejection>,
}

impl Call {
    /// A required, non-blank query parameter.
    pub(super) fn required(&self, name: &str) -> Result<&str, Rejection> {
        self.query
            .first(name)
            .filter(|value| !value.trim().is_empty())
            .ok_or_else(|| Rejection::missing(name))
    }

    /// An optional query parameter; blank counts as absent.
    pub(super) fn optional(&self, name: &str) -> Option<&str> {
        self.query
            .first(name)
            .filter(|value| !value.trim().is_empty())
    }

    /// An optional whole-number query parameter, such as `expiration_time`.
    pub(super) fn number(&self, name: &str) -> Result<Option<i64>, Rejection> {
        self.query
            .first(name)
            .map(|text| text.parse().map_err(|_| Rejection::bad_value(name, text)))
            .transpose()
    }
}

/// Why a request matches no operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unrouted {
    /// 404: a path the API does not have.
    NotFound,
    /// 405: a method its path does not serve; the methods it does, for `Allow`.
    MethodNotAllowed(&'static str),
}

/// Matches a request to an operation.
pub(super) fn parse(method: &Method, path: &str, query: Option<&str>) -> Result<Call, Unrouted> {
    // Segments are split before decoding, so an encoded `/` stays inside its segment.
    let raw: Vec<&str> = path
        .strip_prefix('/')
        .ok_or(Unrouted::NotFound)?
        .split('/')
        .collect();
    let fixed = |at: usize, name: &str| segment(raw[at]).is_some_and(|s| s == name);
    let v0 = raw.len() >= 4 && fixed(0, "v0") && fixed(1, "organizations") && fixed(3, "api-key");
    let (operation, ids) = match raw.len() {
        4 if v0 => (
            collection(
                method,
                Operation::Create,
                Operation::List,
                Operation::Revoke,
            )?,
            &raw[2..3],
        ),
        5 if v0 => (only_get(method, Operation::Get)?, &raw[2..5]),
        2 if fixed(0, "v1") && fixed(1, "api-key") => {
            let op = collection(
                method,
                Operation::Generate,
                Operation::ListMetadata,
                Operation::Delete,
            )?;
            (op, &raw[..0])
        }
        3 if fixed(0, "v1") && fixed(1, "api-key") && fixed(2, "validate") => {
            (only_get(method, Operation::Validate)?, &raw[..0])
        }
        _ => return Err(Unrouted::NotFound),
    };
    // A v0 path has the organization id, then for a get `api-key` and the key id.
    let (org, key) = match ids {
        [org] => (Some(*org), None),
        [org, _, key] => (Some(*org), Some(*key)),
        _ => (None, None),
    };
    if org.is_some_and(str::is_empty) || key.is_some_and(str::is_empty) {
        return Err(Unrouted::NotFound);
    }
    let mut malformed = None;
    let mut decoded = |name: &str, raw: Option<&str>| {
        let raw = raw?;
        let value = segment(raw);
        if value.is_none() && malformed.is_none() {
            malformed = Some(Rejection::bad_value(name, raw));
        }
        value
    };
    let org_id = decoded("org_id", org);
    let key_id = decoded("key_id", key);
    let query = Query::parse(query).unwrap_or_else(|bad| {
        malformed.get_or_insert(Rejection::bad_value(&bad.name, &bad.raw));
        Query::default()
    });
    Ok(Call {
        operation,
        org_id,
        key_id,
        query,
        malformed,
    })
}

/// The operation of a collection path by method: POST, GET, DELETE.
fn collection(
    method: &Method,
    post: Operation,
    get: Operation,
    delete: Operation,
) -> Result<Operation, Unrouted> {
    match *method {
        Method::POST => Ok(post),
        Method::GET => Ok(get),
        Method::DELETE => Ok(delete),
        _ => Err(Unrouted::MethodNotAllowed("GET, POST, DELETE")),
    }
}

fn only_get(method: &Method, get: Operation) -> Result<Operation, Unrouted> {
    match *method {
        Method::GET => Ok(get),
        _ => Err(Unrouted::MethodNotAllowed("GET")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: Method, target: &str) -> Result<Call, Unrouted> {
        let (path, query) = target
            .split_once('?')
            .map_or((target, None), |(p, q)| (p, Some(q)));
        parse(&method, path, query)
    }

    #[test]
    fn each_operation_is_found_by_method_and_path() {
        let found = |m, u| call(m, u).map(|c| c.operation);
        let v0 = "/v0/organizations/org-123/api-key";
        let item = "/v0/organizations/org-123/api-key/fh4dUNV3WQ";
        assert_eq!(found(Method::POST, v0), Ok(Operation::Create));
        assert_eq!(found(Method::GET, v0), Ok(Operation::List));
        assert_eq!(found(Method::DELETE, v0), Ok(Operation::Revoke));
        assert_eq!(found(Method::GET, item), Ok(Operation::Get));
        assert_eq!(found(Method::POST, "/v1/api-key"), Ok(Operation::Generate));
        assert_eq!(
            found(Method::GET, "/v1/api-key"),
            Ok(Operation::ListMetadata)
        );
        assert_eq!(found(Method::DELETE, "/v1/api-key"), Ok(Operation::Delete));
        assert_eq!(
            found(Method::GET, "/v1/api-key/validate"),
            Ok(Operation::Validate)
        );
        for (method, path) in [
            (Method::PUT, v0),
            (Method::DELETE, item),
            (Method::POST, "/v1/api-key/validate"),
        ] {
            assert!(
                matches!(found(method, path), Err(Unrouted::MethodNotAllowed(_))),
                "{path}"
            );
        }
        for unknown in [
            "/",
            "",
            "/v1/organizations/o/api-key",
            "/v0/organizations//api-key",
            "/v1/api-key/x",
            "/v0/organizations/o/api-key/",
        ] {
            assert_eq!(
                found(Method::GET, unknown),
                Err(Unrouted::NotFound),
                "{unknown}"
            );
        }
    }

    #[test]
    fn path_segments_and_query_values_are_decoded_strictly() {
        let url = "/v0/organizations/org%201%2F2/api-key/k%C3%A9y?alias=a+b%2Cc%26d%3D%C3%A9\
                   &scopes=%3Auser&scopes=%3Awrite_data&user_id=user%2Bx%40y.com";
        let call = call(Method::GET, url).unwrap();
        assert_eq!(call.org_id.as_deref(), Some("org 1/2"));
        assert_eq!(call.key_id.as_deref(), Some("kéy"));
        assert_eq!(call.query.first("user_id"), Some("user+x@y.com"));
        assert_eq!(call.malformed, None);
        for (target, parameter) in [
            ("/v0/organizations/%FF/api-key", "org_id"),
            ("/v0/organizations/o/api-key/%FE", "key_id"),
            ("/v0/organizations/o/api-key?user_id=%FF", "user_id"),
        ] {
            let refused = self::call(Method::GET, target).unwrap().malformed;
            let Some(Rejection::IllegalArgument {
                parameter: Some(p), ..
            }) = refused
            else {
                panic!("{target}: {refused:?}");
            };
            assert_eq!(p, parameter);
        }
    }
}
