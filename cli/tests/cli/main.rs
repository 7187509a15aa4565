//! Drives the `whylabs-keys` binary as a user would, against the library's emulator started
//! in-process (its server runs on a thread of its own) and, for bare 404s, a tiny local
//! server. Network: 127.0.0.1 only.
//!
//! Unix only: the suite drives the binary through `sh`, FIFOs, `/dev/full`, `script(1)` and
//! file modes, none of which Windows has.
#![cfg(unix)]

mod common;
mod git_repo;

mod audit;
mod audit_junit;
mod audit_rotation;
#[cfg(feature = "aws")]
mod aws_sm;
mod expiry;
mod injection;
mod key_file;
mod keys;
mod list;
mod misc;
mod offboard;
mod orgs;
mod profiles;
mod revoke;
mod revoke_truth;
mod rotate;
mod rotate_deliver;
mod rotate_plan;
mod rotate_resume;
mod rotation_setup;
mod scan;
mod scan_baseline;
mod scan_git;
mod scan_inputs;
mod scan_sarif;
mod scan_verdicts;
mod scan_verify;
mod secret_files;
mod terminal;
mod usage;
mod v1;
mod whoami;
