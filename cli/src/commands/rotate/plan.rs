//! What `rotate --dry-run` says it would do: the replacement it would create, where its
//! secret would go, and the key it would revoke. Nothing is sent but the lookup.

use chrono::SecondsFormat;
use whylabs_api_keys::{ApiKey, escape_controls};

use crate::args::RotateArgs;
use crate::human;

/// The plan, in one paragraph.
pub fn describe(old: &ApiKey, args: &RotateArgs) -> String {
    let alias = old.alias.as_deref().map_or_else(
        || "no alias".to_string(),
        |a| format!("alias {}", escape_controls(a)),
    );
    let scopes: Vec<&str> = old.scopes.iter().map(|s| s.as_str()).collect();
    let secret = match args.sink.given() {
        Some(sink) => sink
            .file()
            .map_or_else(|| "stdout".to_string(), |path| path.display().to_string()),
        None => deliveries(args),
    };
    let revoke = match args.overlap {
        Some(overlap) => format!(
            "revoke key {} with `rotate --finish` after an overlap of {}",
            old.key_id,
            human::span(overlap)
        ),
        None => format!("revoke key {}", old.key_id),
    };
    format!(
        "Dry run, nothing was changed. Would create a key for {} in {} ({alias}, scopes {}, {}), \
         write its secret to {secret}, then {revoke}.",
        escape_controls(&old.user_id),
        old.org_id,
        scopes.join(" "),
        expiry(old, args),
    )
}

/// The sinks, verification and check of a `--deliver` rotation.
fn deliveries(args: &RotateArgs) -> String {
    let sinks: Vec<String> = args.deliver.iter().map(ToString::to_string).collect();
    let check = args.check.as_deref().map_or_else(String::new, |check| {
        format!(", run the check `{}`", escape_controls(check))
    });
    format!(
        "{} (after the server validates it){check}, commit the sinks",
        escape_controls(&sinks.join(", "))
    )
}

/// The replacement's expiry: the one asked for, else the old key's lifetime from now.
fn expiry(old: &ApiKey, args: &RotateArgs) -> String {
    if let Some(lifetime) = args.expiry.expires_in {
        return format!("expiring in {}", human::span(lifetime));
    }
    if let Some(at) = args.expiry.expires_at {
        return format!(
            "expiring at {}",
            at.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
    }
    let Some(expires) = old.expiration_time else {
        return "never expiring, like the old key".to_string();
    };
    match (expires - old.creation_time).to_std() {
        Ok(lifetime) if !lifetime.is_zero() => {
            format!(
                "expiring in {}, the old key's lifetime",
                human::span(lifetime)
            )
        }
        _ => "but the old key's lifetime cannot be carried over: the rotation would be refused \
              without --expires-in or --expires-at"
            .to_string(),
    }
}
