//! Signing-key derivation, and a small cache so a key is derived once a day per scope.

use super::hashing::hmac_sha256;
use super::hmac_key::HmacKey;
use super::secret::wipe;
use super::Secret;
use std::fmt;

/// A derived signing key. `Debug` never shows it, and it is wiped when dropped.
#[derive(Clone)]
pub struct SigningKey {
    bytes: [u8; 32],
    /// The key's HMAC pad blocks, hashed once (see `hmac_key`).
    hmac: HmacKey,
}

impl SigningKey {
    fn new(bytes: [u8; 32]) -> SigningKey {
        SigningKey {
            hmac: HmacKey::new(&bytes),
            bytes,
        }
    }

    /// The key bytes.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// `HMAC-SHA256(key, data)`: the signature of a string to sign.
    pub(crate) fn mac(&self, data: &[u8]) -> [u8; 32] {
        self.hmac.mac(data)
    }

    /// The signature of a string to sign given in pieces.
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.hmac.mac_parts(parts)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

impl Drop for SigningKey {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

/// Derives the key: HMAC chain over date, region, service and `aws4_request`.
pub fn derive_signing_key(
    secret: &Secret,
    date_stamp: &str,
    region: &str,
    service: &str,
) -> SigningKey {
    let mut seed = Vec::with_capacity(4 + secret.expose().len());
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.expose().as_bytes());
    let mut k_date = hmac_sha256(&seed, date_stamp.as_bytes());
    wipe(&mut seed);
    let mut k_region = hmac_sha256(&k_date, region.as_bytes());
    let mut k_service = hmac_sha256(&k_region, service.as_bytes());
    let key = SigningKey::new(hmac_sha256(&k_service, b"aws4_request"));
    for intermediate in [&mut k_date, &mut k_region, &mut k_service] {
        wipe(intermediate);
    }
    key
}

/// How many derived keys the cache keeps; a client uses one scope a day, a signer a few.
const CACHE_CAPACITY: usize = 8;

#[derive(Clone)]
struct Entry {
    /// The secret the key was derived from (wiped with the entry). Comparing it costs far
    /// less than hashing it on every signature.
    secret: Secret,
    scope: String,
    key: SigningKey,
}

/// A bounded cache of signing keys per (secret, date, region, service), most recent first.
///
/// Evicted and dropped keys are wiped.
#[derive(Default, Clone)]
pub struct SigningKeyCache {
    entries: Vec<Entry>,
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("len", &self.entries.len())
            .finish()
    }
}

impl SigningKeyCache {
    /// The cached key for this secret and scope, derived and cached on a miss; borrowed, so
    /// no copy of it is made. Always `Some`: the key is first in the cache by then.
    pub fn key_for(
        &mut self,
        secret: &Secret,
        date_stamp: &str,
        region: &str,
        service: &str,
        scope: &str,
    ) -> Option<&SigningKey> {
        let found = self
            .entries
            .iter()
            .position(|e| e.scope == scope && e.secret.expose() == secret.expose());
        match found {
            Some(0) => {}
            Some(position) => {
                let entry = self.entries.remove(position);
                self.entries.insert(0, entry);
            }
            None => {
                if self.entries.capacity() == 0 {
                    // Never grown again, so no freed buffer keeps an old key.
                    self.entries.reserve_exact(CACHE_CAPACITY + 1);
                }
                let key = derive_signing_key(secret, date_stamp, region, service);
                self.entries.insert(
                    0,
                    Entry {
                        secret: secret.clone(),
                        scope: scope.to_owned(),
                        key,
                    },
                );
                self.entries.truncate(CACHE_CAPACITY);
            }
        }
        self.entries.first().map(|entry| &entry.key)
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops (and wipes) every cached key.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_documented_example_key() {
        // The key from the AWS "deriving a signing key" example for IAM on 20120215.
        let key = derive_signing_key(
            &Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "20120215",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            super::super::hex_encode(key.bytes()),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
        assert_eq!(format!("{key:?}"), "SigningKey(** redacted **)");
    }

    #[test]
    fn is_bounded_and_keyed_by_secret() {
        let mut cache = SigningKeyCache::default();
        let a = Secret::new("a");
        let b = Secret::new("b");
        let ka = cache
            .key_for(&a, "20200101", "r", "s", "20200101/r/s/aws4_request")
            .cloned()
            .unwrap();
        let kb = cache
            .key_for(&b, "20200101", "r", "s", "20200101/r/s/aws4_request")
            .cloned()
            .unwrap();
        assert_ne!(ka.bytes(), kb.bytes());
        for day in 10..30 {
            let date = format!("202001{day}");
            cache.key_for(&a, &date, "r", "s", &format!("{date}/r/s/aws4_request"));
        }
        assert_eq!(cache.len(), CACHE_CAPACITY);
    }
}
