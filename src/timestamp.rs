//! [`Timestamp`]: the server's timestamps, which are not RFC 3339.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A WhyLabs timestamp, always UTC.
///
/// The server renders timestamps as an ISO local date-time without offset
/// (`2024-01-02T03:04:05.678`, the fraction omitted when zero), which strict RFC 3339 parsers
/// reject. This type reads that shape with 0 to 9 fraction digits, and also tolerates a
/// trailing `Z` or an offset; it writes the server's shape. The facade's models expose plain
/// [`DateTime<Utc>`] values; this type is what the generated client decodes into.
///
/// ```
/// use whylabs_api_keys::Timestamp;
///
/// let t: Timestamp = "2024-01-02T03:04:05.678".parse()?;
/// assert_eq!(t.to_string(), "2024-01-02T03:04:05.678");
/// let with_offset: Timestamp = "2024-01-02T05:04:05.678+02:00".parse()?;
/// assert_eq!(t, with_offset);
/// # Ok::<(), whylabs_api_keys::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// The error for a string that is no timestamp of a shape the server sends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a WhyLabs timestamp (expected like 2024-01-02T03:04:05.678): {input:?}")]
pub struct TimestampError {
    input: String,
}

impl Timestamp {
    /// The instant as a chrono value.
    pub fn to_datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Local form first (what the server sends), then forms with `Z` or an offset.
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
            .map(|local| local.and_utc())
            .or_else(|_| DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)))
            .map(Self)
            .map_err(|_| TimestampError {
                input: s.chars().take(64).collect(),
            })
    }
}

/// Writes the server's shape: no offset, the fraction's trailing zeros dropped.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S"))?;
        let nanos = self.0.nanosecond() % 1_000_000_000;
        if nanos != 0 {
            let digits = format!("{nanos:09}");
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> String {
        "Timestamp".to_string()
    }

    fn json_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        string_schema("whylabs-timestamp")
    }
}

/// The JSON Schema `{type: string, format: <format>}` the spec uses for converted types.
pub(crate) fn string_schema(format: &str) -> schemars::schema::Schema {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::String.into()),
        format: Some(format.to_string()),
        ..Default::default()
    }
    .into()
}
