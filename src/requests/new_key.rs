//! [`NewKey`]: what a create or generate asks of the key it makes (alias, scopes,
//! expiration), checked before sending, set on the generated request ([`KeyRequest`]) and
//! recognised afterwards by its fingerprint.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::generated::builder::{CreateApiKey, GenerateApiKey};
use crate::models::Scope;
use crate::reconcile::{Fingerprint, Owner};
use crate::requests::expiration::Expiration;
use crate::validate;

/// The alias, scopes and expiration a create or generate asks for.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewKey {
    pub(crate) alias: Option<String>,
    pub(crate) scopes: Vec<Scope>,
    /// Whether the caller named the scopes (an empty list included), so that create's
    /// default applies only when they did not.
    scopes_named: bool,
    pub(crate) expiration: Option<Expiration>,
}

impl NewKey {
    /// Checks the alias and scopes, and fixes the expiration to the instant sent (epoch
    /// milliseconds, more than 60 s ahead).
    /// Sets the scopes the caller named.
    pub(crate) fn set_scopes(&mut self, scopes: Vec<Scope>) {
        self.scopes = scopes;
        self.scopes_named = true;
    }

    /// Uses `scopes` when the caller named none.
    pub(crate) fn default_scopes(&mut self, scopes: &[Scope]) {
        if !self.scopes_named {
            self.scopes = scopes.to_vec();
        }
    }

    pub(crate) fn check(&self, now: DateTime<Utc>) -> Result<Option<i64>> {
        if let Some(alias) = &self.alias {
            validate::alias(alias)?;
        }
        validate::scopes(&self.scopes)?;
        self.expiration
            .map(|expiration| expiration.to_millis(now))
            .transpose()
    }

    /// What a request of `owner` for this key, expiring at `expiration_ms`, asks for.
    pub(crate) fn fingerprint(&self, owner: Owner, expiration_ms: Option<i64>) -> Fingerprint {
        let fingerprint =
            Fingerprint::of(owner, self.alias.as_deref(), &self.scopes, expiration_ms);
        // A lifetime counted from now names the moment of sending, to the millisecond.
        fingerprint.distinct(matches!(self.expiration, Some(Expiration::In(_))))
    }

    /// Sets what was asked for on `request`: the scopes as repeated `scopes=` parameters, the
    /// alias and `expiration_ms`, each only when given (nothing is sent for the others).
    pub(crate) fn apply<R: KeyRequest>(self, mut request: R, expiration_ms: Option<i64>) -> R {
        if !self.scopes.is_empty() {
            let scopes = self.scopes.iter().map(|scope| scope.as_str().to_string());
            request = request.with_scopes(scopes.collect());
        }
        if let Some(alias) = self.alias {
            request = request.with_alias(alias);
        }
        if let Some(ms) = expiration_ms {
            request = request.with_expiration_ms(ms);
        }
        request
    }
}

/// A generated request that makes a key: v0 create or v1 generate.
pub(crate) trait KeyRequest: Sized {
    fn with_scopes(self, scopes: Vec<String>) -> Self;
    fn with_alias(self, alias: String) -> Self;
    fn with_expiration_ms(self, ms: i64) -> Self;
}

macro_rules! key_request {
    ($($request:ident),*) => {$(
        impl KeyRequest for $request<'_> {
            fn with_scopes(self, scopes: Vec<String>) -> Self {
                self.scopes(scopes)
            }

            fn with_alias(self, alias: String) -> Self {
                self.alias(alias)
            }

            fn with_expiration_ms(self, ms: i64) -> Self {
                self.expiration_time(ms)
            }
        }
    )*};
}

key_request!(CreateApiKey, GenerateApiKey);

/// The setters every builder of a new key has (`alias`, `expires_at`, `expires_in`), written
/// once for the builders whose `key` field is a [`NewKey`]. (`scopes` differs per builder: a
/// create without scopes asks for `:user`, a generate for none.)
macro_rules! new_key_setters {
    ($builder:ty) => {
        impl $builder {
            /// A human-friendly name for the key.
            pub fn alias(mut self, alias: impl Into<String>) -> Self {
                self.key.alias = Some(alias.into());
                self
            }

            /// The key expires at this instant, which must be more than 60 s ahead when sent.
            /// Replaces an earlier [`expires_in`](Self::expires_in).
            pub fn expires_at(mut self, at: chrono::DateTime<chrono::Utc>) -> Self {
                self.key.expiration = Some(crate::requests::expiration::Expiration::At(at));
                self
            }

            /// The key expires this long after the request is sent (more than 60 s). Replaces
            /// an earlier [`expires_at`](Self::expires_at).
            pub fn expires_in(mut self, lifetime: std::time::Duration) -> Self {
                self.key.expiration = Some(crate::requests::expiration::Expiration::In(lifetime));
                self
            }

            /// A rotation's replacement of `old`: its alias and scopes, and `expiration` (none:
            /// the key never expires).
            pub(crate) fn replacing(
                mut self,
                old: &crate::models::ApiKey,
                expiration: Option<crate::requests::expiration::Expiration>,
            ) -> Self {
                self.key.alias = old.alias.clone();
                self.key.set_scopes(old.scopes.clone());
                self.key.expiration = expiration;
                self
            }
        }
    };
}
pub(crate) use new_key_setters;
