//! SHA-256, HMAC-SHA256 and lower-case hex.

use super::hmac_key::HmacKey;
use super::sha256::sha256;

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    HmacKey::new(key).mac(data)
}

/// Lower-case hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex_encode(&sha256(data))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(hex_byte(b >> 4));
        out.push(hex_byte(b & 15));
    }
    // Hex digits are ASCII, so this never falls back.
    String::from_utf8(out).unwrap_or_default()
}

fn hex_byte(nibble: u8) -> u8 {
    if nibble < 10 {
        b'0' + nibble
    } else {
        b'a' + (nibble & 15) - 10
    }
}

/// A lower-case hex digit for a nibble (0 to 15).
pub(crate) fn hex_digit(nibble: u8) -> char {
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
