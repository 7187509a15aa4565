//! Drives the `whylabs-keys` binary as a user would, against the library's emulator started
//! in-process (its server runs on a thread of its own) and, for bare 404s, a tiny local
//! server. Network: 127.0.0.1 only.

mod common;

mod audit;
mod key_file;
mod keys;
mod misc;
mod offboard;
mod orgs;
mod profiles;
mod revoke;
mod rotate;
mod scan;
mod terminal;
mod usage;
mod v1;
mod whoami;
