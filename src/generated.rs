//! The client progenitor generates from `openapi.yaml` at build time (see `build.rs`).
//!
//! Never edited by hand: change the spec or the generator settings in `build.rs`. It is public
//! as an escape hatch (see [`Client::generated`](crate::Client::generated)); the facade wraps
//! every operation with typed models and errors.

#![allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    unreachable_pub,
    rustdoc::all
)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));
