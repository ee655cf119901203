//! Signing-key derivation, and a small cache so a key is derived once a day per scope.

use super::hashing::{hmac_key, hmac_sha256, HmacSha256};
use super::Secret;
use hmac::Mac;
use std::fmt;
use zeroize::Zeroizing;

/// A derived signing key. `Debug` never shows it, and it is zeroized when dropped.
///
/// Only the keyed HMAC state is kept, not the key bytes.
#[derive(Clone)]
pub struct SigningKey {
    /// HMAC keyed with the key once: each signature clones it, so the key's pad blocks are
    /// hashed once per key, not per signature. `hmac` wipes it on drop.
    hmac: HmacSha256,
}

impl SigningKey {
    fn new(bytes: Zeroizing<[u8; 32]>) -> SigningKey {
        SigningKey {
            hmac: hmac_key(bytes.as_slice()),
        }
    }

    /// `HMAC-SHA256(key, data)`: the signature of a string to sign.
    pub(crate) fn mac(&self, data: &[u8]) -> [u8; 32] {
        self.mac_parts(&[data])
    }

    /// The signature of a string to sign given in pieces.
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.hmac.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(** redacted **)")
    }
}

/// Derives the key: HMAC chain over date, region, service and `aws4_request`.
pub fn derive_signing_key(
    secret: &Secret,
    date_stamp: &str,
    region: &str,
    service: &str,
) -> SigningKey {
    let mut seed = Zeroizing::new(Vec::with_capacity(4 + secret.expose().len()));
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.expose().as_bytes());
    let k_date = Zeroizing::new(hmac_sha256(&seed, date_stamp.as_bytes()));
    let k_region = Zeroizing::new(hmac_sha256(k_date.as_slice(), region.as_bytes()));
    let k_service = Zeroizing::new(hmac_sha256(k_region.as_slice(), service.as_bytes()));
    SigningKey::new(Zeroizing::new(hmac_sha256(
        k_service.as_slice(),
        b"aws4_request",
    )))
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
        let expected = [
            0xf4, 0x78, 0x0e, 0x2d, 0x9f, 0x65, 0xfa, 0x89, 0x5f, 0x9c, 0x67, 0xb3, 0x2c, 0xe1,
            0xba, 0xf0, 0xb0, 0xd8, 0xa4, 0x35, 0x05, 0xa0, 0x00, 0xa1, 0xa9, 0xe0, 0x90, 0xd4,
            0x14, 0xdb, 0x40, 0x4d,
        ];
        // The key is kept only as a keyed HMAC: it must MAC as that key does.
        let data = b"a string to sign";
        assert_eq!(key.mac(data), hmac_sha256(&expected, data));
        assert_eq!(key.mac_parts(&[b"a string", b" to sign"]), key.mac(data));
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
        assert_ne!(ka.mac(b"x"), kb.mac(b"x"));
        for day in 10..30 {
            let date = format!("202001{day}");
            cache.key_for(&a, &date, "r", "s", &format!("{date}/r/s/aws4_request"));
        }
        assert_eq!(cache.len(), CACHE_CAPACITY);
    }
}
