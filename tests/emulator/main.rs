//! The emulator (`whylabs_api_keys::emulator`): each behaviour of the real server it mirrors,
//! through the public client (raw HTTP only where the client refuses to send a request),
//! fault injection, schema conformance of every response kind, and the standalone example.

mod support;

mod auth;
mod create;
mod faults;
mod read;
mod revoke;
mod schema;
mod standalone;
mod wire;

/// The standalone example, included so its argument parsing and output are tested.
#[allow(dead_code)] // its `main` is not called here
#[path = "../../examples/emulator.rs"]
mod standalone_example;
