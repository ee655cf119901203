//! SHA-256, HMAC-SHA256 (the `sha2` and `hmac` crates) and lower-case hex.

use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 keyed once: cloning it reuses the key's hashed pad blocks, so each MAC under
/// a signing key hashes two blocks fewer. Its state is wiped on drop (`hmac`'s `zeroize`).
pub(crate) type HmacSha256 = hmac::Hmac<Sha256>;

/// A SHA-256 hash fed piece by piece (a canonical request hashed as it is written).
pub(crate) type Sha256Stream = Sha256;

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// HMAC-SHA256 under `key` (any length: the `hmac` crate hashes long keys first).
pub(crate) fn hmac_key(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this never fails; the fallback keeps it total.
    HmacSha256::new_from_slice(key).unwrap_or_else(|_| HmacSha256::new(&Default::default()))
}

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = hmac_key(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex_encode(&sha256(data))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b & 15));
    }
    out
}

fn hex_byte(nibble: u8) -> u8 {
    if nibble < 10 {
        b'0' + nibble
    } else {
        b'a' + (nibble & 15) - 10
    }
}

/// A lower-case hex digit for a nibble (0 to 15).
fn hex_digit(nibble: u8) -> char {
    char::from(hex_byte(nibble))
}

/// Lower-case hex of a digest, on the stack.
#[inline(never)]
pub(crate) fn hex_digest(digest: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&[hex_byte(b >> 4), hex_byte(b & 15)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4231_case_2() {
        assert_eq!(
            hex_encode(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_cloned_keyed_mac_equals_a_fresh_one() {
        let keyed = hmac_key(b"a key");
        for data in [&b""[..], b"x", &[7u8; 200]] {
            let mut mac = keyed.clone();
            mac.update(data);
            let cloned: [u8; 32] = mac.finalize().into_bytes().into();
            assert_eq!(cloned, hmac_sha256(b"a key", data));
        }
    }
}
