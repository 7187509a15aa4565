//! A found key's fingerprint: the SHA-256 of `ID.SECRET` (the key without its `:org-id`
//! suffix), in lowercase hex. It names one key wherever and however it is written, so a
//! baseline can list accepted keys and code scanning can follow one across commits, and it
//! can be committed: the hash does not give the secret back.

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// The fingerprint of `key` (`ID.SECRET`, without `:org-id`): 64 lowercase hex digits, the
/// same as `printf %s "$KEY" | sha256sum`.
pub fn fingerprint(key: &[u8]) -> String {
    Sha256::digest(key)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_the_hex_sha256_of_the_key() {
        // `printf %s abc | sha256sum`
        assert_eq!(
            fingerprint(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
