//! SHA-256 (FIPS 180-4): a whole message, the rest of one whose first 64-byte block is
//! already in a saved state (what HMAC with a fixed key needs), or a message fed piece by
//! piece (a canonical request hashed as it is written).
//!
//! One compression function serves every hash in the crate. The `sha2` crate is the
//! reference the tests hold it to.

use super::secret::wipe;

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

/// The SHA-256 round constants (FIPS 180-4, 4.2.2).
const K: [u32; 64] = [
    0x428a_2f98,
    0x7137_4491,
    0xb5c0_fbcf,
    0xe9b5_dba5,
    0x3956_c25b,
    0x59f1_11f1,
    0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98,
    0x1283_5b01,
    0x2431_85be,
    0x550c_7dc3,
    0x72be_5d74,
    0x80de_b1fe,
    0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1,
    0xefbe_4786,
    0x0fc1_9dc6,
    0x240c_a1cc,
    0x2de9_2c6f,
    0x4a74_84aa,
    0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152,
    0xa831_c66d,
    0xb003_27c8,
    0xbf59_7fc7,
    0xc6e0_0bf3,
    0xd5a7_9147,
    0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85,
    0x2e1b_2138,
    0x4d2c_6dfc,
    0x5338_0d13,
    0x650a_7354,
    0x766a_0abb,
    0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1,
    0xa81a_664b,
    0xc24b_8b70,
    0xc76c_51a3,
    0xd192_e819,
    0xd699_0624,
    0xf40e_3585,
    0x106a_a070,
    0x19a4_c116,
    0x1e37_6c08,
    0x2748_774c,
    0x34b0_bcb5,
    0x391c_0cb3,
    0x4ed8_aa4a,
    0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee,
    0x78a5_636f,
    0x84c8_7814,
    0x8cc7_0208,
    0x90be_fffa,
    0xa450_6ceb,
    0xbef9_a3f7,
    0xc671_78f2,
];

/// Hashes one 64-byte block into `state`; other lengths are never passed.
///
/// The plain FIPS 180-4 loop: in WebAssembly it runs faster than `sha2`'s portable code,
/// which emulates the x86 SHA instructions four words at a time.
#[inline(never)]
#[allow(clippy::indexing_slicing)] // constant bounds on fixed-size arrays: checked by the compiler
pub(crate) fn compress(state: &mut [u32; 8], block: &[u8]) {
    if block.len() != BLOCK {
        return;
    }
    let mut w = [0u32; 64];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for i in 0..64 {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
    // The schedule holds the block: key material when the block is an HMAC pad.
    super::secret::wipe_words(&mut w);
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

/// SHA-256 of a message given in pieces: no buffer holds the whole message.
pub(crate) struct Sha256Stream {
    state: [u32; 8],
    /// Bytes of a block not yet compressed; the first `used` are valid.
    block: [u8; BLOCK],
    used: usize,
    /// Blocks already compressed into `state`, a saved prefix included.
    blocks: u64,
}

impl Sha256Stream {
    /// A new message.
    pub(crate) fn new() -> Sha256Stream {
        Sha256Stream::resume(INITIAL_STATE, 0)
    }

    /// The rest of a message whose first `prefix_blocks` blocks are already in `state`.
    pub(crate) fn resume(state: [u32; 8], prefix_blocks: u64) -> Sha256Stream {
        Sha256Stream {
            state,
            block: [0; BLOCK],
            used: 0,
            blocks: prefix_blocks,
        }
    }

    /// Appends `data` to the message. Not inlined: a canonical request calls it a dozen times.
    #[inline(never)]
    pub(crate) fn update(&mut self, mut data: &[u8]) {
        if self.used > 0 {
            let take = data.len().min(BLOCK - self.used);
            let (head, rest) = data.split_at(take);
            if let Some(free) = self.block.get_mut(self.used..self.used + take) {
                free.copy_from_slice(head);
            }
            self.used += take;
            data = rest;
            if self.used < BLOCK {
                return;
            }
            compress(&mut self.state, &self.block);
            self.blocks += 1;
            self.used = 0;
        }
        let mut chunks = data.chunks_exact(BLOCK);
        for chunk in &mut chunks {
            compress(&mut self.state, chunk);
            self.blocks += 1;
        }
        let rest = chunks.remainder();
        if let Some(start) = self.block.get_mut(..rest.len()) {
            start.copy_from_slice(rest);
        }
        self.used = rest.len();
    }

    /// The digest of everything appended.
    pub(crate) fn finish(self) -> [u8; 32] {
        finish(
            self.state,
            self.blocks,
            self.block.get(..self.used).unwrap_or_default(),
        )
    }
}

/// The buffered block and the state can hold secrets (a session token, an HMAC key's state).
impl Drop for Sha256Stream {
    fn drop(&mut self) {
        wipe(&mut self.block);
        super::secret::wipe_words(&mut self.state);
    }
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

    #[test]
    fn a_stream_equals_sha2_however_the_message_is_cut() {
        let data: Vec<u8> = (0..700u32).map(|i| (i * 31 + i / 7) as u8).collect();
        for len in [0, 1, 55, 56, 63, 64, 65, 127, 128, 200, 700] {
            let whole = Sha256::digest(&data[..len]);
            for step in [1, 3, 17, 63, 64, 65, 300] {
                let mut stream = Sha256Stream::new();
                for piece in data[..len].chunks(step) {
                    stream.update(piece);
                }
                stream.update(b"");
                assert_eq!(
                    stream.finish().as_slice(),
                    whole.as_slice(),
                    "{len} by {step}"
                );
            }
        }
    }
}
