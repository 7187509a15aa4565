//! [`Timestamp`]: the server's timestamps, which are not RFC 3339.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The server's local form, which `NaiveDateTime::parse_from_str` would read.
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// [`LOCAL_FORMAT`] parsed into chrono's format items once: `parse_from_str` parses the format
/// string again for every timestamp, which was a third of the time a list took to decode
/// (BENCHMARKS.md). Same items, same parser, so the same strings are accepted.
static LOCAL_ITEMS: LazyLock<Vec<Item<'static>>> = LazyLock::new(|| {
    StrftimeItems::new(LOCAL_FORMAT)
        .parse()
        .expect("a valid format")
});

/// `NaiveDateTime::parse_from_str(s, LOCAL_FORMAT)` with the format items parsed beforehand.
fn parse_local(s: &str) -> chrono::ParseResult<NaiveDateTime> {
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, s, LOCAL_ITEMS.iter())?;
    parsed.to_naive_datetime_with_offset(0)
}

/// A WhyLabs timestamp, always UTC.
///
/// The server renders timestamps as an ISO local date-time without offset
/// (`2024-01-02T03:04:05.678`, the fraction omitted when zero), which strict RFC 3339 parsers
/// reject. This type reads that shape with 0 to 9 fraction digits, and also tolerates a
/// trailing `Z` or an offset; it writes the server's shape. The facade's models expose plain
/// [`DateTime<Utc>`] values; this type is what the generated client decodes into.
///
/// Public with the `raw` feature only, as `whylabs_api_keys::generated::Timestamp`.
///
/// ```
/// # #[cfg(feature = "raw")] {
/// use whylabs_api_keys::generated::Timestamp;
///
/// let t: Timestamp = "2024-01-02T03:04:05.678".parse().unwrap();
/// assert_eq!(t.to_string(), "2024-01-02T03:04:05.678");
/// let with_offset: Timestamp = "2024-01-02T05:04:05.678+02:00".parse().unwrap();
/// assert_eq!(t, with_offset);
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

/// The error for a string that is no timestamp of a shape the server sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    input: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        write!(
            f,
            "not a WhyLabs timestamp (expected like 2024-01-02T03:04:05.678): {input:?}"
        )
    }
}

impl std::error::Error for TimestampError {}

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
        parse_local(s)
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
        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// Parses the string where it lies instead of copying it into a `String` first; accepts what
/// `String` does, with the same "expected a string" error for anything else.
struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Timestamp, E> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(bytes), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached items must accept and reject exactly what `parse_from_str` does.
    #[test]
    fn parse_local_matches_parse_from_str() {
        let inputs = [
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05.6",
            "2024-01-02T03:04:05.678",
            "2024-01-02T03:04:05.123456789",
            "2024-01-02T03:04:05.1234567891",
            "2024-01-02T03:04:05.",
            "2024-01-02T03:04:05Z",
            "2024-01-02T03:04:05+02:00",
            "2024-01-02t03:04:05",
            "2024-01-02 03:04:05",
            " 2024-01-02T03:04:05",
            "2024-01-02T03:04:05 ",
            "2024-1-2T3:4:5",
            "+2024-01-02T03:04:05",
            "2024-02-30T03:04:05",
            "2024-01-02T23:59:60.5",
            "2024-01-02T24:00:00",
            "2024-01-02",
            "",
            "not a timestamp",
        ];
        for input in inputs {
            assert_eq!(
                parse_local(input),
                NaiveDateTime::parse_from_str(input, LOCAL_FORMAT),
                "{input:?}"
            );
        }
    }

    /// Deserializing keeps the errors of the former `String::deserialize` route.
    #[test]
    fn deserialize_errors_are_those_of_a_string() {
        let not_a_string = serde_json::from_str::<Timestamp>("5").unwrap_err();
        let string_error = serde_json::from_str::<String>("5").unwrap_err();
        assert_eq!(not_a_string.to_string(), string_error.to_string());
        let bad = serde_json::from_str::<Timestamp>(r#""2024-13-01T00:00:00""#).unwrap_err();
        assert!(bad.to_string().contains("not a WhyLabs timestamp"), "{bad}");
        let escaped: Timestamp = serde_json::from_str(r#""2024-01-02T03:04:05\u002e5""#).unwrap();
        assert_eq!(escaped.to_string(), "2024-01-02T03:04:05.5");
    }
}
