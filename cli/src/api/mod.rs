//! The one interface commands call for the server: [`Session`]'s operations (list the keys of
//! organizations, get, create for a user or oneself, rotate, revoke, look an owner or a key
//! up, validate, probe the key) decide here which API serves them. A system key
//! (`:whylabs_system`) uses v0, the back-office API that acts on any user of any
//! organization (`v0`); an organization administrator's key uses v1, the self-service API,
//! where it has the operation (validate, generate a key for oneself, delete one's own key,
//! list the organization's key metadata: `v1`).
//!
//! The server's validate says only "valid", not which kind of key it is, so `--api auto`
//! (the default) tries v0 and, when the server refuses it with 403, uses v1 for the rest of
//! the run (`route`). A 403 changes nothing on the server, so trying v0 first is safe even for
//! revoke. `--api v0` / `--api v1` skip the probe.
//!
//! Commands hand plain values in (a [`CreateRequest`], ids, organizations) and get records,
//! keys or messages back; this module imports no command, argument or setting.

mod choice;
mod client;
mod keys;
mod listing;
mod lookup;
mod org_check;
mod owner;
mod probe;
mod request;
mod route;
mod session;
mod v0;
mod v1;
mod verify;

pub use choice::{Api, ApiChoice};
pub use client::build;
pub use lookup::Seen;
pub use owner::Owner;
pub use probe::Validity;
pub use request::{CreateRequest, KeyExpiry};
pub use session::Session;
pub use verify::Verifier;
