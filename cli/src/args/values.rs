//! Value parsers for global options: an empty organization or profile name, or a zero
//! timeout, is a usage error (exit 2) caught by clap, not a failed call.

use std::time::Duration;

/// Any text but the empty string (an `--org ""` would otherwise reach the server).
pub fn non_empty(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("must not be empty".to_string());
    }
    Ok(text.to_string())
}

/// A duration above zero, such as `30s` or `2m`: a zero timeout could never succeed.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text).map_err(|e| e.to_string())?;
    if duration.is_zero() {
        return Err("must be longer than zero, e.g. 30s".to_string());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_names_and_zero_durations_are_refused() {
        assert!(non_empty("").is_err());
        assert!(non_empty(" ").is_err());
        assert_eq!(non_empty("org-1").unwrap(), "org-1");
        assert!(positive_duration("0s").is_err());
        assert!(positive_duration("soon").is_err());
        assert_eq!(positive_duration("2m").unwrap(), Duration::from_secs(120));
    }
}
