//! The builders of the operations with optional parameters: [`CreateKey`], [`GenerateKey`],
//! [`ListKeys`] and [`RotateKey`], each `.await`able; and the no-orphan reconciliation of
//! creates and generates (`reconcile.rs`, with `owner.rs`, `key_facts.rs`, `fingerprint.rs`,
//! `window.rs` and `ledger.rs`).

mod create;
mod expiration;
mod fingerprint;
mod generate;
mod key_facts;
mod ledger;
mod list;
mod new_key;
mod owner;
mod pending_rotation;
mod reconcile;
mod rotate;
mod window;

use std::future::Future;
use std::pin::Pin;

pub use create::CreateKey;
pub use generate::GenerateKey;
pub(crate) use ledger::Ledger;
pub use list::ListKeys;
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
