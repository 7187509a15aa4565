//! Checks of `openapi.yaml` and of what the generator makes of it, one module per job:
//!
//! - `lint`: the documentation rules. The document is OpenAPI 3.0.x; every operation has an
//!   operationId, summary, description, tags and security; every parameter and schema property
//!   has a description.
//! - `examples`: every `example` in the spec (schema, property, parameter, media type,
//!   `components.examples`) deserializes into the generated Rust type and serializes back to the
//!   same JSON.
//! - `snapshot`: the build's own generator (`build/generator.rs`, so the project's settings)
//!   produces exactly the client the crate was compiled with, and that client matches the
//!   committed `src/generated/client.rs`, which builds without the `generate` feature include. To
//!   accept a change of the generated client after reviewing the printed diff:
//!   `EXPECTORATE=overwrite cargo test --test spec`.
//! - `pins`: the lock file resolves progenitor and progenitor-client to the same version, so the
//!   code is generated for the runtime the tests run it on.
//! - `operations`: every spec operation is an `Operation` of the crate, under its generated id.
//! - `broken`: the broken specs in `tests/fixtures/broken/` fail generation with a message naming
//!   the file and the problem.
//!
//! Each check is a function returning the problems it found, so that the tests can show that it
//! reports a deliberately broken copy of the spec, not only that the real spec passes.

#[path = "../../build/generator.rs"]
mod generator;

mod support;

mod broken;
mod examples;
mod lint;
mod operations;
mod pins;
mod snapshot;
