//! Percent-encoding with the SigV4 unreserved set (`A-Z a-z 0-9 - _ . ~`), on the
//! `percent-encoding` crate.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// What SigV4 encodes: every byte but `A-Z a-z 0-9 - _ . ~` (`/` too).
const SIGV4_ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes every byte outside the unreserved set, `/` too.
///
/// ```
/// use connect_phone_wasm::sigv4::percent_encode;
/// assert_eq!(percent_encode(b"arn:aws/x y~"), "arn%3Aaws%2Fx%20y~");
/// ```
pub fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    push_encoded(&mut out, bytes);
    out
}

/// Appends `bytes` percent-encoded to `out`, copying runs of unreserved bytes at once.
pub(crate) fn push_encoded(out: &mut String, bytes: &[u8]) {
    out.extend(percent_encoding::percent_encode(bytes, SIGV4_ENCODED));
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
///
/// ```
/// use connect_phone_wasm::sigv4::percent_decode;
/// assert_eq!(percent_decode("a%3Ab%zz"), b"a:b%zz");
/// ```
pub fn percent_decode(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_byte() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(percent_decode(&percent_encode(&all)), all);
    }
}
