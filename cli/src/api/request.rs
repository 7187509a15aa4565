//! What a command asks of a new key, as plain values: [`CreateRequest`] (owner, scopes,
//! alias, expiry) and [`KeyExpiry`], which the v0 create, the v1 generate and the rotation
//! hand as given to the library's builders.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// What a key gets when no scope is asked for: the dashboard's default (the server itself
/// gives a key without scopes only the AUTHENTICATED role).
const DEFAULT_SCOPE: &str = ":user";

/// A new key: for `user` (v0, a system key), or for the caller when `None` (v1).
#[derive(Clone, Copy, Debug)]
pub struct CreateRequest<'a> {
    pub user: Option<&'a str>,
    /// The scopes asked for; none means the default, `:user`.
    pub scopes: &'a [String],
    pub alias: Option<&'a str>,
    pub expiry: KeyExpiry,
}

impl CreateRequest<'_> {
    /// The scopes asked for, or the default.
    pub(super) fn scopes(&self) -> Vec<String> {
        if self.scopes.is_empty() {
            vec![DEFAULT_SCOPE.to_string()]
        } else {
            self.scopes.to_vec()
        }
    }
}

/// A new key's expiry, as asked for: a lifetime, an instant, or none (the key never expires;
/// a rotation then carries the old key's lifetime over).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyExpiry {
    #[default]
    NotAsked,
    In(Duration),
    At(DateTime<Utc>),
}

impl KeyExpiry {
    /// Sets the expiry on `request`, as given.
    pub(super) fn apply<R: Expires>(self, request: R) -> R {
        match self {
            KeyExpiry::In(lifetime) => request.expires_in(lifetime),
            KeyExpiry::At(at) => request.expires_at(at),
            KeyExpiry::NotAsked => request,
        }
    }
}

/// A request builder that takes an expiry (create, generate, rotate).
pub(super) trait Expires: Sized {
    fn expires_at(self, at: DateTime<Utc>) -> Self;
    fn expires_in(self, lifetime: Duration) -> Self;
}

macro_rules! expires {
    ($($builder:ty),*) => {$(
        impl Expires for $builder {
            fn expires_at(self, at: DateTime<Utc>) -> Self {
                <$builder>::expires_at(self, at)
            }

            fn expires_in(self, lifetime: Duration) -> Self {
                <$builder>::expires_in(self, lifetime)
            }
        }
    )*};
}

expires!(
    whylabs_api_keys::CreateKey,
    whylabs_api_keys::GenerateKey,
    whylabs_api_keys::RotateKey
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scope_asked_means_the_default_one() {
        let request = |scopes| CreateRequest {
            user: None,
            scopes,
            alias: None,
            expiry: KeyExpiry::NotAsked,
        };
        assert_eq!(request(&[]).scopes(), [":user"]);
        let asked = [":write_data".to_string(), ":read_resource".to_string()];
        assert_eq!(request(&asked).scopes(), asked);
    }
}
