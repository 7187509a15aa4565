//! The audit: [`Policy`] (defaults, a TOML file, flags) and the [`rules`] that turn an
//! organization's keys into [`Finding`]s, one per key and rule.

mod finding;
pub mod junit;
mod policy;
pub mod rotation_rules;
pub mod rules;

pub use finding::{Finding, Severity};
pub use policy::{Overrides, Policy};
