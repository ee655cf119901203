//! The credential scope and the string to sign.

use super::ALGORITHM;

/// `date/region/service/aws4_request`.
///
/// ```
/// assert_eq!(connect_phone_wasm::sigv4::credential_scope("20150830", "us-east-1", "iam"), "20150830/us-east-1/iam/aws4_request");
/// ```
pub fn credential_scope(date_stamp: &str, region: &str, service: &str) -> String {
    let mut out = String::with_capacity(date_stamp.len() + region.len() + service.len() + 16);
    for part in [date_stamp, "/", region, "/", service, "/aws4_request"] {
        out.push_str(part);
    }
    out
}

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request_hash: &str) -> String {
    let mut out = String::with_capacity(
        ALGORITHM.len() + amz_date.len() + scope.len() + canonical_request_hash.len() + 3,
    );
    for part in [
        ALGORITHM,
        "\n",
        amz_date,
        "\n",
        scope,
        "\n",
        canonical_request_hash,
    ] {
        out.push_str(part);
    }
    out
}
