//! The client progenitor generates from `openapi.yaml`: at build time with the `generate`
//! feature (see `build.rs`), or else the committed copy `src/generated/client.rs`, which the spec
//! tests prove identical to what the generator makes of the current spec.
//!
//! Never edited by hand: change the spec or the generator settings in `build/generator.rs`.
//! Public only with the `raw` feature, as an escape hatch (see
//! [`Client::generated`](crate::Client::generated)), and outside semver: a progenitor upgrade
//! may change it. The facade wraps every operation with typed models and errors.

#![allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    unreachable_pub,
    rustdoc::all
)]
// Without `raw` the module is private and the facade uses only part of it.
#![cfg_attr(not(feature = "raw"), allow(dead_code, unused_imports))]

// The hand-written types the generated code names (the generator's conversions and inner type),
// so that `raw` users can name them too.
#[cfg(feature = "raw")]
pub use crate::models::timestamp::{Timestamp, TimestampError};
#[cfg(feature = "raw")]
pub use crate::transport::context::CallContext;

#[cfg(feature = "generate")]
include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
#[cfg(not(feature = "generate"))]
include!("generated/client.rs");
