//! HMAC-SHA256 under a fixed key, with the key's two pad blocks hashed once.
//!
//! Every SigV4 signature is `HMAC(signing key, string to sign)`, and the signing key is the
//! same all day. HMAC hashes `key ^ ipad` and `key ^ opad` as the first block of its inner
//! and outer hashes; keeping the SHA-256 states after those blocks saves 2 of the about 10
//! blocks a signature hashes. The states are as secret as the key, and wiped with it.

use super::secret::{wipe, wipe_words};
use super::sha256::{compress, finish, sha256, Sha256Stream, BLOCK, INITIAL_STATE};
use std::fmt;

/// An HMAC-SHA256 key, ready to authenticate: `Debug` hides it, `Drop` wipes it.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl HmacKey {
    /// Hashes the two pad blocks of `key` (a key longer than a block is hashed first, as
    /// RFC 2104 says).
    pub(crate) fn new(key: &[u8]) -> HmacKey {
        let mut hashed = [0u8; 32];
        let key = if key.len() > BLOCK {
            hashed = sha256(key);
            &hashed[..]
        } else {
            key
        };
        let state_after = |pad: u8| {
            let mut block = [pad; BLOCK];
            for (b, k) in block.iter_mut().zip(key) {
                *b ^= k;
            }
            let mut state = INITIAL_STATE;
            compress(&mut state, &block);
            wipe(&mut block);
            state
        };
        let hmac = HmacKey {
            inner: state_after(0x36),
            outer: state_after(0x5c),
        };
        wipe(&mut hashed);
        hmac
    }

    /// `HMAC-SHA256(key, data)`.
    pub(crate) fn mac(&self, data: &[u8]) -> [u8; 32] {
        let inner = finish(self.inner, 1, data);
        finish(self.outer, 1, &inner)
    }

    /// `HMAC-SHA256(key, data)` of the concatenation of `parts`, without joining them.
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut inner = Sha256Stream::resume(self.inner, 1);
        for part in parts {
            inner.update(part);
        }
        finish(self.outer, 1, &inner.finish())
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey(** redacted **)")
    }
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        wipe_words(&mut self.inner);
        wipe_words(&mut self.outer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};

    fn reference(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    #[test]
    fn equals_the_hmac_crate_for_every_length_around_the_block_edges() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 31 + i / 7) as u8).collect();
        for key_len in [0, 1, 32, 44, 63, 64, 65, 100, 200] {
            for len in (0..300).chain([511, 512, 513, 4096]) {
                let key = &bytes[1000..1000 + key_len];
                let data = &bytes[..len];
                assert_eq!(
                    HmacKey::new(key).mac(data).as_slice(),
                    reference(key, data),
                    "key {key_len} bytes, data {len} bytes"
                );
            }
        }
    }

    #[test]
    fn mac_parts_equals_mac_of_the_joined_parts() {
        let key = HmacKey::new(b"a key");
        let data: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        for cut in [0, 1, 63, 64, 65, 150, 300] {
            let (a, b) = data.split_at(cut);
            assert_eq!(key.mac_parts(&[a, b, b""]), key.mac(&data), "cut at {cut}");
        }
    }

    #[test]
    fn rfc_4231_case_2_and_redacted_debug() {
        let key = HmacKey::new(b"Jefe");
        assert_eq!(
            crate::sigv4::hex_encode(&key.mac(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(format!("{key:?}"), "HmacKey(** redacted **)");
    }
}
