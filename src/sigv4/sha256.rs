//! SHA-256 on `sha2`'s compression function: a whole message, or the rest of one whose first
//! 64-byte block is already in a saved state (what HMAC with a fixed key needs).
//!
//! One compression function serves every hash in the crate, so the unrolled code is linked
//! once.

use super::secret::wipe;
use sha2::digest::generic_array::GenericArray;

/// The SHA-256 initial state (FIPS 180-4, 5.3.3).
pub(crate) const INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];
/// The SHA-256 block size in bytes.
pub(crate) const BLOCK: usize = 64;

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    finish(INITIAL_STATE, 0, data)
}

/// Hashes one 64-byte block into `state`; other lengths are never passed.
#[inline(never)]
pub(crate) fn compress(state: &mut [u32; 8], block: &[u8]) {
    if block.len() == BLOCK {
        sha2::compress256(state, &[*GenericArray::from_slice(block)]);
    }
}

/// The digest of a message whose first `prefix_blocks` blocks are already in `state`,
/// followed by `data`.
pub(crate) fn finish(mut state: [u32; 8], prefix_blocks: u64, data: &[u8]) -> [u8; 32] {
    let mut chunks = data.chunks_exact(BLOCK);
    for chunk in &mut chunks {
        compress(&mut state, chunk);
    }
    let rest = chunks.remainder();
    // Padding: 0x80, zeros, then the message length in bits, big-endian.
    let bits = prefix_blocks
        .wrapping_mul(BLOCK as u64)
        .wrapping_add(data.len() as u64)
        .wrapping_mul(8);
    let mut tail = [0u8; 2 * BLOCK];
    let used = if rest.len() < BLOCK - 8 {
        BLOCK
    } else {
        2 * BLOCK
    };
    if let Some(start) = tail.get_mut(..rest.len()) {
        start.copy_from_slice(rest);
    }
    if let Some(marker) = tail.get_mut(rest.len()) {
        *marker = 0x80;
    }
    if let Some(length) = tail.get_mut(used - 8..used) {
        length.copy_from_slice(&bits.to_be_bytes());
    }
    for block in tail.get(..used).unwrap_or_default().chunks_exact(BLOCK) {
        compress(&mut state, block);
    }
    wipe(&mut tail);
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn equals_sha2_for_every_length_around_the_block_edges() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for len in (0..300).chain([511, 512, 513, 4096, 5000]) {
            let slice = &data[..len];
            assert_eq!(
                sha256(slice).as_slice(),
                Sha256::digest(slice).as_slice(),
                "{len} bytes"
            );
        }
        assert_eq!(
            crate::sigv4::hex_encode(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
