//! The host of a URL, written the way `fetch` sends it in the `Host` header.
//!
//! The WHATWG URL rules rewrite IP addresses before a request leaves: `2130706433`,
//! `0x7f.1` and `127.1` all become `127.0.0.1`, and `[0:0::1]` becomes `[::1]`. The signature
//! covers the `Host` header, so the signer must sign the rewritten form. Domains are
//! lower-cased; percent-escapes and non-ASCII (IDNA) domains are refused rather than guessed.

use super::RequestError;
use std::fmt::Write;

/// The serialised host for a URL's host text (without the port), or why it is not valid.
///
/// ```
/// # use connect_phone_wasm::http::canonical_host;
/// assert_eq!(canonical_host("Connect.US-West-2.amazonaws.com").unwrap(), "connect.us-west-2.amazonaws.com");
/// assert_eq!(canonical_host("0x7f.1").unwrap(), "127.0.0.1");
/// assert_eq!(canonical_host("[0:0:0:0:0:0:0:1]").unwrap(), "[::1]");
/// ```
pub fn canonical_host(text: &str) -> Result<String, RequestError> {
    if let Some(inner) = text.strip_prefix('[') {
        let address = inner
            .strip_suffix(']')
            .ok_or_else(|| invalid("an IPv6 host is missing its closing bracket"))?;
        let pieces =
            parse_ipv6(address.as_bytes()).ok_or_else(|| invalid("the IPv6 host is not valid"))?;
        return Ok(serialize_ipv6(&pieces));
    }
    if text.is_empty() {
        return Err(invalid("it has no host"));
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    if !text.chars().all(valid) {
        return Err(invalid("the host has characters that are not allowed"));
    }
    let domain = text.to_ascii_lowercase();
    if ends_in_number(&domain) {
        let address = parse_ipv4(&domain).ok_or_else(|| invalid("the IPv4 host is not valid"))?;
        let [a, b, c, d] = address.to_be_bytes();
        return Ok(format!("{a}.{b}.{c}.{d}"));
    }
    Ok(domain)
}

fn invalid(why: &str) -> RequestError {
    RequestError::InvalidUrl(why.to_owned())
}

/// The labels of a dotted host, without one trailing empty label.
fn labels(domain: &str) -> Vec<&str> {
    let mut labels: Vec<&str> = domain.split('.').collect();
    if labels.len() > 1 && labels.last() == Some(&"") {
        labels.pop();
    }
    labels
}

/// Whether the last label is a number, which makes the whole host an IPv4 address: digits,
/// or `0x` and hex digits. This is syntax only: a number too large for IPv4 still makes the
/// host an address, which the IPv4 parser then refuses (as WHATWG URL does).
fn ends_in_number(domain: &str) -> bool {
    let without_dot = domain
        .strip_suffix('.')
        .filter(|rest| !rest.is_empty())
        .unwrap_or(domain);
    let last = without_dot.rsplit('.').next().unwrap_or_default();
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.strip_prefix("0x")
        .or_else(|| last.strip_prefix("0X"))
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// One part of an IPv4 address: decimal, `0x` hexadecimal or `0` octal.
fn ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (part.get(1..).unwrap_or_default(), 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return Some(0);
    }
    digits.bytes().try_fold(0u64, |value, b| {
        let digit = char::from(b).to_digit(radix)?;
        value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))
    })
}

/// The WHATWG IPv4 parser: one to four parts, the last filling the bytes that remain.
fn parse_ipv4(domain: &str) -> Option<u32> {
    let parts = labels(domain);
    if parts.len() > 4 {
        return None;
    }
    let numbers = parts
        .iter()
        .map(|part| ipv4_number(part))
        .collect::<Option<Vec<u64>>>()?;
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|&n| n > 255) {
        return None;
    }
    let spare_bits = 8 * (5 - numbers.len() as u32);
    if *last >= 1u64 << spare_bits {
        return None;
    }
    let mut address = *last;
    for (i, n) in leading.iter().enumerate() {
        address += n << (8 * (3 - i as u32));
    }
    u32::try_from(address).ok()
}

/// The WHATWG IPv6 parser (the text between the brackets), as eight 16-bit pieces.
fn parse_ipv6(input: &[u8]) -> Option<[u16; 8]> {
    let mut pieces = [0u16; 8];
    let mut index = 0usize;
    let mut compress: Option<usize> = None;
    let mut p = 0usize;
    let at = |p: usize| input.get(p).copied();
    if at(p) == Some(b':') {
        if at(p + 1) != Some(b':') {
            return None;
        }
        p += 2;
        index += 1;
        compress = Some(index);
    }
    while at(p).is_some() {
        if index == 8 {
            return None;
        }
        if at(p) == Some(b':') {
            if compress.is_some() {
                return None;
            }
            p += 1;
            index += 1;
            compress = Some(index);
            continue;
        }
        let mut value = 0u16;
        let mut length = 0usize;
        while length < 4 {
            match at(p).and_then(|b| char::from(b).to_digit(16)) {
                Some(digit) => value = value * 16 + digit as u16,
                None => break,
            }
            p += 1;
            length += 1;
        }
        if at(p) == Some(b'.') {
            if length == 0 || index > 6 {
                return None;
            }
            p -= length;
            return parse_embedded_ipv4(input, p, pieces, index, compress);
        }
        if at(p) == Some(b':') {
            p += 1;
            at(p)?; // a trailing ':' ends nothing
        } else if at(p).is_some() {
            return None;
        }
        *pieces.get_mut(index)? = value;
        index += 1;
    }
    finish_ipv6(pieces, index, compress)
}

/// The dotted IPv4 tail of an IPv6 address (`::ffff:127.0.0.1`), from `p` to the end.
fn parse_embedded_ipv4(
    input: &[u8],
    mut p: usize,
    mut pieces: [u16; 8],
    mut index: usize,
    compress: Option<usize>,
) -> Option<[u16; 8]> {
    let at = |p: usize| input.get(p).copied();
    let mut numbers_seen = 0;
    while at(p).is_some() {
        if numbers_seen > 0 {
            if at(p) == Some(b'.') && numbers_seen < 4 {
                p += 1;
            } else {
                return None;
            }
        }
        let mut number: Option<u16> = None;
        while let Some(digit) = at(p).filter(u8::is_ascii_digit) {
            let digit = u16::from(digit - b'0');
            number = match number {
                None => Some(digit),
                Some(0) => return None,
                Some(n) => Some(n * 10 + digit),
            };
            if number > Some(255) {
                return None;
            }
            p += 1;
        }
        let piece = pieces.get_mut(index)?;
        *piece = *piece * 0x100 + number?;
        numbers_seen += 1;
        if numbers_seen == 2 || numbers_seen == 4 {
            index += 1;
        }
    }
    if numbers_seen != 4 {
        return None;
    }
    finish_ipv6(pieces, index, compress)
}

/// Moves the pieces after a `::` to the end, or checks that all eight were given.
fn finish_ipv6(mut pieces: [u16; 8], index: usize, compress: Option<usize>) -> Option<[u16; 8]> {
    match compress {
        Some(start) => {
            let moved = index.checked_sub(start)?;
            let tail: Vec<u16> = pieces.get(start..index)?.to_vec();
            for piece in pieces.get_mut(start..)? {
                *piece = 0;
            }
            pieces.get_mut(8 - moved..)?.copy_from_slice(&tail);
            Some(pieces)
        }
        None if index == 8 => Some(pieces),
        None => None,
    }
}

/// `[a:b::c]`: lower-case hex without leading zeros, the first longest run of two or more
/// zero pieces written as `::`.
fn serialize_ipv6(pieces: &[u16; 8]) -> String {
    let mut best: Option<(usize, usize)> = None;
    let mut run_start = None;
    for (i, &piece) in pieces.iter().chain(std::iter::once(&1)).enumerate() {
        match (piece, run_start) {
            (0, None) => run_start = Some(i),
            (0, Some(_)) => {}
            (_, Some(start)) => {
                let length = i - start;
                if length > 1 && best.is_none_or(|(_, longest)| length > longest) {
                    best = Some((start, length));
                }
                run_start = None;
            }
            (_, None) => {}
        }
    }
    let mut out = String::with_capacity(41);
    out.push('[');
    let mut i = 0;
    while let Some(&piece) = pieces.get(i) {
        if let Some((start, length)) = best.filter(|&(start, _)| start == i) {
            out.push_str(if start == 0 { "::" } else { ":" });
            i += length;
            continue;
        }
        let _ = write!(out, "{piece:x}");
        if i != 7 {
            out.push(':');
        }
        i += 1;
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_ip_addresses_like_fetch() {
        // Expected values are what WHATWG `new URL(...).host` gives in Node 20 and Chromium.
        let cases = [
            ("2130706433", "127.0.0.1"),
            ("0x7f.1", "127.0.0.1"),
            ("127.1", "127.0.0.1"),
            ("0177.0.0.1", "127.0.0.1"),
            ("0x7F000001", "127.0.0.1"),
            ("127.0.0.1.", "127.0.0.1"),
            ("1.2.3", "1.2.0.3"),
            ("0", "0.0.0.0"),
            ("0x", "0.0.0.0"),
            ("4294967295", "255.255.255.255"),
            ("[0:0:0:0:0:0:0:1]", "[::1]"),
            ("[::FFFF:127.0.0.1]", "[::ffff:7f00:1]"),
            ("[1:0:0:2:0:0:0:3]", "[1:0:0:2::3]"),
            ("[1:0:0:2:0:0:3:4]", "[1::2:0:0:3:4]"),
            ("[1:2:3:4:5:6:7:0]", "[1:2:3:4:5:6:7:0]"),
            ("[0:0:1::]", "[0:0:1::]"),
            ("[::]", "[::]"),
            ("[0001:00a0::]", "[1:a0::]"),
            ("Example.COM", "example.com"),
            ("a.b-c_d", "a.b-c_d"),
            ("1.2.3.x", "1.2.3.x"),
            ("0x7f.example", "0x7f.example"),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_host(input).unwrap(), want, "{input}");
        }
    }

    #[test]
    fn refuses_what_fetch_refuses() {
        for bad in [
            "4294967296",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.256.1.1",
            "0x100000000",
            "99999999999999999999999",
            "0xffffffffffffffffffff",
            "a.0xffffffffffffffffffffffff",
            "a.0x",
            "09",
            "1.2.3.09",
            "[1:2:3:4:5:6:7:8:9]",
            "[1::2::3]",
            "[:1]",
            "[1:]",
            "[::1.2.3]",
            "[::1.2.3.4.5]",
            "[::01.2.3.4]",
            "[::256.1.1.1]",
            "[1:2:3:4:5:6:7:1.2.3.4]",
            "[12345::]",
            "[::g]",
            "[]",
            "[::1",
            "",
            "a b",
            "ex%41mple.com",
            "é.com",
        ] {
            assert!(canonical_host(bad).is_err(), "{bad:?}");
        }
    }
}
