//! A local, in-memory stand-in for the WhyLabs API-key server, for tests and demos of code
//! that uses the [`whylabs_api_keys`] client, without an account.
//!
//! [`Emulator::start`] serves the v0 and v1 API-key operations on an ephemeral `127.0.0.1`
//! port, as the real server does them. Add it where the tests are:
//!
//! ```toml
//! [dev-dependencies]
//! whylabs-api-keys-emulator = "0.2"
//! ```
//!
//! # What it takes from the client
//!
//! Only the client's public API: the API's rules ([`whylabs_api_keys::rules`]: the key shape,
//! the expiration rule, the free tier's limit), its header names
//! ([`whylabs_api_keys::headers`]), [`Operation`](whylabs_api_keys::Operation) to aim faults
//! and count requests, and [`ClientBuilder::clock`](whylabs_api_keys::ClientBuilder::clock)
//! so that its clients compute expirations against its clock. It answers with the client's
//! generated wire types (`whylabs_api_keys::generated`, the library's `raw` feature, which this
//! crate enables) rather than serde structs of its own: those types are what progenitor makes
//! of `openapi.yaml`, so the emulator's answers have the spec's shapes by construction, and a
//! change of the spec that it does not follow fails to compile instead of drifting. Since
//! `raw` is outside the library's semver, this crate depends on the exact version of the
//! library it was released with; use the two at the same version.
//!
//! # Keys and roles
//!
//! `X-API-Key` is checked on every request, with or without the `:<orgId>` suffix: a missing,
//! unknown, revoked or expired key is answered **401**, a valid key without the role an
//! operation needs **403**; both with an empty body, as the server's security filter does.
//!
//! - **The bootstrap key** ([`Emulator::admin_key`], printed by the standalone emulator) is a
//!   system key (`:whylabs_system`) that acts on every organization. It is compared whole.
//! - **v0** (`/v0/organizations/{org_id}/api-key`: create, get, list, revoke) is the back-office
//!   API: it needs a system key, the bootstrap key or an issued key with `:whylabs_system`,
//!   on any organization. Every other key gets 403, an organization's `:administrator` included.
//! - **v1** (`/v1/api-key`): validate takes any valid key; generate, delete and list take a key
//!   with `:administrator` or `:account_administrator` and act on the key's organization and
//!   user. `X-WHYLABS-ORGANIZATION` may name the key's own organization or one it manages
//!   ([`EmulatorBuilder::managed_org`], else 403); a system key must name one (else 400).
//! - A key's `lastUsedTime` is set by each call it makes that succeeds; a refused call (401,
//!   403, 400, 404) leaves it as it was.
//!
//! [`Emulator::issue_key`] puts a key with chosen scopes straight into the store, for tests of
//! v1 with an administrator's key; over HTTP, the bootstrap key can create one with v0 create
//! and `scopes=:administrator`.
//!
//! # Operations
//!
//! - **create** (v0): the secret `<10 alphanumerics>.<53 alphanumerics>:<orgId>` is in this
//!   answer only. An unknown scope is 400 `Invalid scope provided: <scope>`, an expiration not
//!   more than 60 s ahead 400 `Invalid expiration time`, a 26th non-revoked key of a free
//!   organization 400 `Key limit reached`. Scopes are a set; none given means none (the key
//!   has no `scopes` field and only the AUTHENTICATED role). A key without alias has `""`.
//! - **get** (v0): an unknown or revoked key is answered 200 `{}`.
//! - **list** (v0): without `user_id` the organization's non-revoked keys; with it all of that
//!   user's keys, revoked ones included, without `lastUsedTime`; never secrets.
//! - **revoke** (v0): an unknown key (or another user's) is 404 `Resource ApiKey with ID <id>
//!   not found.`; revoking twice answers 200 with `revoked: true` again.
//! - **validate** (v1): `{"requestId": "..."}`.
//! - **generate** (v1): a key of the caller, with the secret; only the ten external scopes (not
//!   `:whylabs_administrator` or `:whylabs_system`), the same expiration rule, no key limit;
//!   a free organization gets 400 `Cannot create API keys for this organization. Please
//!   contact us to enable this feature.`
//! - **delete** (v1): revokes one of the caller's keys; another user's key is 404.
//! - **list metadata** (v1): the organization's non-revoked keys as `keyId`, `orgId`,
//!   `expirationTime`, `scopes`, `alias`.
//! - Error bodies are `{"message", "requestId", "type"}` (`IllegalArgument`,
//!   `ResourceNotFound`, `Internal`), plus `parameter` for a missing or unreadable parameter;
//!   `requestId` repeats the request's `X-Request-Id`, or a fresh id also sent back in that
//!   header. Path segments and query values are percent-decoded strictly: bytes that are not
//!   UTF-8 are a 400 naming the parameter. Timestamps are UTC without offset, in milliseconds
//!   (`2024-01-02T03:04:05.678`); absent fields are omitted, never `null`.
//!
//! # Tiers
//!
//! Every organization is on the free tier (25 active keys on v0 create, see
//! [`EmulatorBuilder::max_active_keys`]; v1 generate refused) unless it is put on a paid tier
//! with [`EmulatorBuilder::paid_org`] (or `--paid-org`): no key limit, v1 generate allowed.
//!
//! # Faults
//!
//! [`Fault`]s make the next calls fail or slow down, to test retries and error paths, and
//! [`Emulator::advance_time`] lets keys expire without waiting. From outside Rust, the
//! standalone emulator takes the same faults:
//!
//! - on its command line, `--fault 'status=503,times=2,operation=create_api_key'` (repeatable;
//!   keys `status` or `delay_ms`, and `times`, `operation`, `retry_after`, `body`);
//! - over HTTP, with the bootstrap key in `X-API-Key`: `POST /__emulator/faults` with the same
//!   keys as JSON, one object or an array (`{"status": 503, "times": 2, "retry_after": 1}`),
//!   `GET` for `{"pending": n}`, `DELETE` to clear them; `POST /__emulator/clock` with
//!   `{"advance_ms": 60000}` moves the clock. The admin paths are not API paths and do not
//!   count in [`Emulator::requests_seen`].
//!
//! # The server
//!
//! It is a plain HTTP/1.1 server on hyper (already in the dependency tree through reqwest), on
//! a thread and runtime of its own, so it serves whatever the caller's runtime does. An
//! earlier version ran on wiremock, which keeps every request it matched (bodies and
//! `X-API-Key` values included) even with recording disabled, so memory grew with every
//! request, and which panicked on some malformed requests. Here nothing is kept per request
//! but counters, request bodies are read and dropped as they arrive (more than 1 MiB is
//! answered 413), at most 512 connections are served at once, a client has 30 s to send its
//! headers, and a malformed request or a client leaving mid-upload ends its connection only.
//! State lives in memory and ends with the [`Emulator`] value; dropping it stops the server.
//!
//! ```
//! use whylabs_api_keys_emulator::Emulator;
//! use whylabs_api_keys::Scope;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> whylabs_api_keys::Result<()> {
//! let emulator = Emulator::start().await;
//! let client = emulator.client(); // authenticated with the bootstrap (system) key
//! let created = client.create_key("org-123", "user-123").scopes([Scope::WriteData]).await?;
//! assert!(created.secret().expose_secret().ends_with(":org-123"));
//! assert_eq!(client.list_keys("org-123").await?.len(), 1);
//! # Ok(()) }
//! ```
//!
//! # The standalone emulator
//!
//! `cargo run -p whylabs-api-keys-emulator --example emulator -- [--port PORT] [--admin-key KEY] [--paid-org ORG]...
//! [--managed-org PARENT=CHILD]... [--max-active-keys N] [--fault SPEC]...` serves until
//! Ctrl-C; its first two lines on stdout are `WHYLABS_API_ENDPOINT=...` and
//! `WHYLABS_API_KEY=<bootstrap key>`, ready to export. `--port 0` picks a free port (default
//! 8080); `--help` describes every flag. The `whylabs-keys emulator` command serves the same.

#![warn(missing_docs)]

mod admin;
mod answer;
mod auth;
mod builder;
mod clock;
mod controls;
mod decode;
mod dispatch;
mod fault_spec;
mod faults;
mod fixtures;
mod handle;
mod http;
mod keys;
mod reject;
mod routes;
mod server;
mod store;
mod v0;
mod v1;

pub use builder::EmulatorBuilder;
pub use fault_spec::FaultParseError;
pub use faults::Fault;
pub use handle::Emulator;
