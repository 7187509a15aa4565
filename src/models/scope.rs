//! [`Scope`]: the scopes a key can carry.

use std::fmt;
use std::str::FromStr;

/// A scope of an API key.
///
/// The known scopes are variants; any other string is kept as [`Scope::Other`] and sent as-is
/// (the server answers 400 `Invalid scope provided: <scope>` for a scope it does not know).
/// Conversions from strings always pick the known variant when there is one.
///
/// ```
/// use whylabs_api_keys::Scope;
///
/// assert_eq!(Scope::from(":user"), Scope::User);
/// assert_eq!(Scope::User.as_str(), ":user");
/// assert_eq!(Scope::from(":custom").as_str(), ":custom");
/// assert_eq!(serde_json::to_string(&Scope::WriteData).unwrap(), r#"":write_data""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scope {
    /// `:user`, a regular user's key.
    User,
    /// `:administrator`, an organization administrator's key.
    Administrator,
    /// `:account_administrator`.
    AccountAdministrator,
    /// `:authenticated`.
    Authenticated,
    /// `:secure_container`.
    SecureContainer,
    /// `:write_data`, upload profiles.
    WriteData,
    /// `:write_notification`.
    WriteNotification,
    /// `:read_notification`.
    ReadNotification,
    /// `:write_resource`.
    WriteResource,
    /// `:read_resource`.
    ReadResource,
    /// `:whylabs_administrator`.
    WhylabsAdministrator,
    /// `:whylabs_system`.
    WhylabsSystem,
    /// Any scope this crate does not know, sent as-is.
    Other(String),
}

impl Scope {
    /// Every scope the server knows, in the order of its documentation. A slice, so that a
    /// scope the server adds is not a breaking change.
    pub const KNOWN: &'static [Scope] = &[
        Scope::User,
        Scope::Administrator,
        Scope::AccountAdministrator,
        Scope::Authenticated,
        Scope::SecureContainer,
        Scope::WriteData,
        Scope::WriteNotification,
        Scope::ReadNotification,
        Scope::WriteResource,
        Scope::ReadResource,
        Scope::WhylabsAdministrator,
        Scope::WhylabsSystem,
    ];

    /// The scope as it is sent on the wire, such as `:user`.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::User => ":user",
            Scope::Administrator => ":administrator",
            Scope::AccountAdministrator => ":account_administrator",
            Scope::Authenticated => ":authenticated",
            Scope::SecureContainer => ":secure_container",
            Scope::WriteData => ":write_data",
            Scope::WriteNotification => ":write_notification",
            Scope::ReadNotification => ":read_notification",
            Scope::WriteResource => ":write_resource",
            Scope::ReadResource => ":read_resource",
            Scope::WhylabsAdministrator => ":whylabs_administrator",
            Scope::WhylabsSystem => ":whylabs_system",
            Scope::Other(other) => other,
        }
    }

    /// Whether this scope is internal to WhyLabs (`:whylabs_administrator`, `:whylabs_system`):
    /// the v1 API refuses to generate keys with it.
    ///
    /// ```
    /// use whylabs_api_keys::Scope;
    ///
    /// assert!(Scope::WhylabsSystem.is_internal());
    /// assert!(!Scope::Administrator.is_internal());
    /// ```
    pub fn is_internal(&self) -> bool {
        matches!(self, Scope::WhylabsAdministrator | Scope::WhylabsSystem)
    }

    /// Whether this is one of the scopes the server knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, Scope::Other(_))
    }
}

/// The known scope spelled `value`, if any. (`KNOWN` is a constant slice, so no array is
/// built per lookup, which showed in the cost of decoding a list: BENCHMARKS.md.)
fn known(value: &str) -> Option<Scope> {
    Scope::KNOWN
        .iter()
        .find(|known| known.as_str() == value)
        .cloned()
}

impl From<&str> for Scope {
    fn from(value: &str) -> Self {
        known(value).unwrap_or_else(|| Scope::Other(value.to_string()))
    }
}

impl From<String> for Scope {
    fn from(value: String) -> Self {
        known(&value).unwrap_or(Scope::Other(value))
    }
}

impl FromStr for Scope {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Scope::from(s))
    }
}

/// Serializes as the wire string, such as `":user"`.
impl serde::Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserializes any string, picking the known variant when there is one.
impl<'de> serde::Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(deserializer).map(Scope::from)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
