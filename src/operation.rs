//! [`Operation`]: the one list of the API's operations, shared by the retry policy, the facade's
//! errors and tracing, and the emulator's routing, faults and counters.

use std::fmt;

/// One operation of the WhyLabs API-key API.
///
/// Every part of the crate names an operation through this type: errors report it
/// ([`ApiError::operation`](crate::ApiError::operation)), the `whylabs_api_keys` tracing span
/// records its [`id`](Self::id), the retry policy asks [`is_idempotent`](Self::is_idempotent),
/// and the emulator aims faults at it and counts its requests.
///
/// ```
/// use whylabs_api_keys::Operation;
///
/// assert_eq!(Operation::Create.id(), "create_api_key");
/// assert_eq!(Operation::from_id("revoke_api_key"), Some(Operation::Revoke));
/// assert!(!Operation::Create.is_idempotent());
/// assert_eq!(Operation::Get.to_string(), "get_api_key");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operation {
    /// `POST /v0/organizations/{org_id}/api-key`: create a key for a user.
    Create,
    /// `GET /v0/organizations/{org_id}/api-key/{key_id}`: one key's metadata.
    Get,
    /// `GET /v0/organizations/{org_id}/api-key`: the organization's or a user's keys.
    List,
    /// `DELETE /v0/organizations/{org_id}/api-key`: revoke a key.
    Revoke,
    /// `GET /v1/api-key/validate`: check that the calling key is valid.
    Validate,
    /// `POST /v1/api-key`: generate a key for the caller.
    Generate,
    /// `DELETE /v1/api-key`: delete (revoke) one of the caller's keys.
    Delete,
    /// `GET /v1/api-key`: the metadata of the organization's active keys.
    ListMetadata,
}

impl Operation {
    /// Every operation, in the order of the API's documentation.
    ///
    /// ```
    /// use whylabs_api_keys::Operation;
    ///
    /// assert!(Operation::ALL.contains(&Operation::List));
    /// ```
    pub const ALL: &'static [Operation] = &[
        Operation::Create,
        Operation::Get,
        Operation::List,
        Operation::Revoke,
        Operation::Validate,
        Operation::Generate,
        Operation::Delete,
        Operation::ListMetadata,
    ];

    /// The operation's id in the generated client (the spec's `operationId` in snake case),
    /// such as `create_api_key`: the spelling used in errors and tracing.
    ///
    /// ```
    /// assert_eq!(whylabs_api_keys::Operation::List.id(), "list_api_keys");
    /// ```
    pub fn id(self) -> &'static str {
        match self {
            Operation::Create => "create_api_key",
            Operation::Get => "get_api_key",
            Operation::List => "list_api_keys",
            Operation::Revoke => "revoke_api_key",
            Operation::Validate => "validate_api_key",
            Operation::Generate => "generate_api_key",
            Operation::Delete => "delete_api_key",
            Operation::ListMetadata => "list_api_key_metadata",
        }
    }

    /// The operation whose [`id`](Self::id) is `id`; `None` for an id this crate does not know.
    ///
    /// ```
    /// use whylabs_api_keys::Operation;
    ///
    /// assert_eq!(Operation::from_id("get_api_key"), Some(Operation::Get));
    /// assert_eq!(Operation::from_id("CreateApiKey"), None);
    /// ```
    pub fn from_id(id: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|op| op.id() == id)
    }

    /// The HTTP method, such as `POST`.
    ///
    /// ```
    /// assert_eq!(whylabs_api_keys::Operation::Revoke.method(), "DELETE");
    /// ```
    pub fn method(self) -> &'static str {
        match self {
            Operation::Create | Operation::Generate => "POST",
            Operation::Get | Operation::List | Operation::Validate | Operation::ListMetadata => {
                "GET"
            }
            Operation::Revoke | Operation::Delete => "DELETE",
        }
    }

    /// The path template, such as `/v0/organizations/{org_id}/api-key`.
    ///
    /// ```
    /// let path = whylabs_api_keys::Operation::Get.path();
    /// assert_eq!(path, "/v0/organizations/{org_id}/api-key/{key_id}");
    /// ```
    pub fn path(self) -> &'static str {
        match self {
            Operation::Get => "/v0/organizations/{org_id}/api-key/{key_id}",
            Operation::Create | Operation::List | Operation::Revoke => {
                "/v0/organizations/{org_id}/api-key"
            }
            Operation::Validate => "/v1/api-key/validate",
            Operation::Generate | Operation::Delete | Operation::ListMetadata => "/v1/api-key",
        }
    }

    /// Whether sending the request twice has the effect of sending it once, so that an attempt
    /// that may have reached the server can be retried. Create and generate make a new key
    /// each time: they are not idempotent.
    ///
    /// ```
    /// use whylabs_api_keys::Operation;
    ///
    /// assert!(Operation::Revoke.is_idempotent());
    /// assert!(Operation::Delete.is_idempotent());
    /// assert!(!Operation::Create.is_idempotent());
    /// assert!(!Operation::Generate.is_idempotent());
    /// ```
    pub fn is_idempotent(self) -> bool {
        match self {
            Operation::Get
            | Operation::List
            | Operation::Revoke
            | Operation::Validate
            | Operation::Delete
            | Operation::ListMetadata => true,
            Operation::Create | Operation::Generate => false,
        }
    }

    /// Whether this is an operation of the v1 self-service API (`/v1/api-key`), which an
    /// organization's administrators call, rather than of the v0 back-office API, which needs
    /// a system key.
    ///
    /// ```
    /// use whylabs_api_keys::Operation;
    ///
    /// assert!(Operation::Generate.is_v1());
    /// assert!(!Operation::Create.is_v1());
    /// ```
    pub fn is_v1(self) -> bool {
        self.path().starts_with("/v1/")
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for &op in Operation::ALL {
            assert_eq!(Operation::from_id(op.id()), Some(op));
        }
    }
}
