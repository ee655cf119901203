//! Percent-encoding with the SigV4 unreserved set (`A-Z a-z 0-9 - _ . ~`).

/// Whether SigV4 leaves this byte as it is.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Appends `%XX` (upper-case hex) for one byte.
pub(crate) fn push_percent_encoded(out: &mut String, b: u8) {
    out.push('%');
    out.push(super::hashing::hex_digit(b >> 4).to_ascii_uppercase());
    out.push(super::hashing::hex_digit(b & 15).to_ascii_uppercase());
}

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
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !is_unreserved(b) {
            push_ascii(out, bytes.get(run_start..i).unwrap_or_default());
            push_percent_encoded(out, b);
            run_start = i + 1;
        }
    }
    push_ascii(out, bytes.get(run_start..).unwrap_or_default());
}

/// Appends ASCII bytes (unreserved ones, here) as text.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
///
/// ```
/// use connect_phone_wasm::sigv4::percent_decode;
/// assert_eq!(percent_decode("a%3Ab%zz"), b"a:b%zz");
/// ```
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            if let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(hex_value),
                bytes.get(i + 2).and_then(hex_value),
            ) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

fn hex_value(b: &u8) -> Option<u8> {
    char::from(*b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
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
