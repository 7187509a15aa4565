//! The builders of the operations with optional parameters: [`CreateKey`], [`GenerateKey`],
//! [`ListKeys`] and [`RotateKey`], each `.await`able, the staged rotation
//! [`PendingRotation`], and what the builders share: the one expiration model
//! (`expiration.rs`) and a new key's alias, scopes and expiration (`new_key.rs`). The no-orphan
//! reconciliation of creates and generates is `crate::reconcile`'s.

mod create;
mod expiration;
mod generate;
mod list;
mod new_key;
mod pending_rotation;
mod rotate;

use std::future::Future;
use std::pin::Pin;

pub use create::CreateKey;
pub use generate::GenerateKey;
pub use list::ListKeys;
pub(crate) use pending_rotation::Via;
pub use pending_rotation::{PendingRotation, Settlement};
pub use rotate::{RotateKey, RotatedApiKey};

/// A boxed future, so the builders can be `.await`ed directly.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Makes a builder `.await`able: `IntoFuture` by its `send`.
macro_rules! awaitable {
    ($builder:ty => $output:ty) => {
        impl std::future::IntoFuture for $builder {
            type Output = $output;
            type IntoFuture = crate::requests::BoxFuture<Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}
use awaitable;
