//! [`Request`]: an async request builder of the crate, sent from blocking code. Its setters
//! are the async builder's, delegated one to one.

use std::future::IntoFuture;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::blocking::Runner;
use crate::models::Scope;

/// A request of the [blocking client](super::Client): set its options as on the async
/// builder, then [`send`](Self::send) it, which waits for the answer.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct Request<R> {
    request: R,
    runner: Runner,
}

/// A blocking [`crate::requests::CreateKey`].
pub type CreateKey = Request<crate::requests::CreateKey>;
/// A blocking [`crate::requests::ListKeys`].
pub type ListKeys = Request<crate::requests::ListKeys>;
/// A blocking [`crate::requests::RotateKey`].
pub type RotateKey = Request<crate::requests::RotateKey>;
/// A blocking [`crate::requests::GenerateKey`].
pub type GenerateKey = Request<crate::requests::GenerateKey>;

impl<R> Request<R> {
    pub(super) fn new(request: R, runner: Runner) -> Self {
        Self { request, runner }
    }

    /// The async builder and the runner, for a method of a particular builder's own.
    pub(super) fn into_parts(self) -> (R, Runner) {
        (self.request, self.runner)
    }

    fn map(self, set: impl FnOnce(R) -> R) -> Self {
        Self {
            request: set(self.request),
            runner: self.runner,
        }
    }
}

impl<R> Request<R>
where
    R: IntoFuture + Send + 'static,
    R::IntoFuture: Send,
    R::Output: Send + 'static,
{
    /// Sends the request and waits for its answer.
    pub fn send(self) -> R::Output {
        let request = self.request;
        self.runner.run(async move { request.await })
    }
}

/// Setters that forward to the async builders' setter of the same name: each setter is listed
/// once, with every builder that has it.
macro_rules! delegate {
    ([$($builder:ty),+] $setters:tt) => {
        $(delegate!($builder $setters);)+
    };
    ($builder:ty { $($name:ident($arg:ident: $type:ty)),* $(,)? }) => {
        impl Request<$builder> {
            $(
                #[doc = concat!("See [`", stringify!($builder), "::", stringify!($name), "`].")]
                pub fn $name(self, $arg: $type) -> Self {
                    self.map(|request| request.$name($arg))
                }
            )*
        }
    };
}

/// `scopes`, generic over the scope type like the async builders' own.
macro_rules! delegate_scopes {
    ($($builder:ty),*) => {$(
        impl Request<$builder> {
            #[doc = concat!("See [`", stringify!($builder), "::scopes`].")]
            pub fn scopes<S: Into<Scope>>(self, scopes: impl IntoIterator<Item = S>) -> Self {
                self.map(|request| request.scopes(scopes))
            }
        }
    )*};
}

// A new key's setters (`requests/new_key.rs`), then each builder's own.
delegate!([crate::requests::CreateKey, crate::requests::GenerateKey] {
    alias(alias: impl Into<String>),
});
delegate_scopes!(crate::requests::CreateKey, crate::requests::GenerateKey);
delegate!([crate::requests::CreateKey, crate::requests::GenerateKey, crate::requests::RotateKey] {
    expires_at(at: DateTime<Utc>),
    expires_in(lifetime: Duration),
});
delegate!([crate::requests::GenerateKey] {
    resource_id(resource_id: impl Into<String>),
});
delegate!([crate::requests::ListKeys] {
    user(user_id: impl Into<String>),
});
