//! [`ApiKeySecret`]: an API key's secret, redacted everywhere but where it is asked for.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The secret of a WhyLabs API key, such as `fh4dUNV3WQ.<53 characters>:org-123`.
///
/// It is shown once: [`Debug`] and [`Display`](fmt::Display) print a redaction (the public key
/// id and `****`), and the memory is zeroed on drop. Reading the secret takes an explicit
/// [`expose_secret`](Self::expose_secret) call.
///
/// ```
/// use whylabs_api_keys::ApiKeySecret;
///
/// let secret = ApiKeySecret::from("fh4dUNV3WQ.very-secret-part:org-123");
/// assert_eq!(secret.to_string(), "fh4dUNV3WQ.****");
/// assert!(!format!("{secret:?}").contains("very-secret-part"));
/// assert_eq!(secret.expose_secret(), "fh4dUNV3WQ.very-secret-part:org-123");
/// ```
#[derive(Clone)]
pub struct ApiKeySecret(SecretString);

impl ApiKeySecret {
    /// Returns the secret itself, to hand it to its owner or to authenticate with it.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// The public key id in front of the secret (`fh4dUNV3WQ` in `fh4dUNV3WQ.<secret>`), when
    /// the secret has the WhyLabs shape. Lenient on the length (1 to 16 id characters, not
    /// exactly [`KEY_ID_LEN`](crate::rules::KEY_ID_LEN)): it names a key in logs and messages,
    /// and test or self-hosted keys may be shorter.
    pub fn key_id(&self) -> Option<&str> {
        let (id, _) = self.expose_secret().split_once('.')?;
        let plausible =
            (1..=16).contains(&id.len()) && id.bytes().all(crate::rules::is_key_id_char);
        plausible.then_some(id)
    }
}

impl From<String> for ApiKeySecret {
    fn from(secret: String) -> Self {
        Self(SecretString::from(secret))
    }
}

impl From<&str> for ApiKeySecret {
    fn from(secret: &str) -> Self {
        Self(SecretString::from(secret))
    }
}

impl fmt::Display for ApiKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key_id() {
            Some(id) => write!(f, "{id}.****"),
            None => f.write_str("****"),
        }
    }
}

impl fmt::Debug for ApiKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKeySecret({self})")
    }
}

/// Serializes the secret itself: serialization is an explicit act, as the emulator's create
/// response needs it. Debug and Display stay redacted.
impl Serialize for ApiKeySecret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for ApiKeySecret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}
