//! Masks what may be a secret in text that came from outside, before it goes into an error.
//!
//! A credential provider's exception can quote what it was reading: V8's `JSON.parse` error,
//! for one, repeats the start of the text it failed on, which may be a credentials document.
//! Its message becomes part of a `CredentialsError`, so it is masked first.
// Only the JS layer (wasm32) quotes provider messages today.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// Replaces each `known` secret and every run of 40 or more of `A-Za-z0-9+/` (the alphabet
/// and length of AWS secret keys and session tokens, counting `\` and `%` too, so a key
/// escaped as JSON (`\/`) or in a URL (`%2F`) is still one run) with `[redacted]`, and caps
/// the length.
pub(crate) fn redact(text: &str, known: &[&str]) -> String {
    let mut masked = text.to_owned();
    for secret in known.iter().filter(|s| !s.is_empty()) {
        masked = masked.replace(secret, MASK);
    }
    let mut out = String::with_capacity(masked.len().min(MAX_CHARS));
    let mut run = String::new();
    for c in masked.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '\\' | '%') {
            run.push(c);
            continue;
        }
        flush(&mut out, &mut run);
        out.push(c);
    }
    flush(&mut out, &mut run);
    if out.chars().count() > MAX_CHARS {
        out = out.chars().take(MAX_CHARS).collect();
        out.push('…');
    }
    out
}

const MASK: &str = "[redacted]";
/// Shortest run of base64 characters that is masked: an AWS secret access key is 40.
const MIN_SECRET_LEN: usize = 40;
/// Longest text kept, in characters.
const MAX_CHARS: usize = 500;

fn flush(out: &mut String, run: &mut String) {
    out.push_str(if run.len() >= MIN_SECRET_LEN {
        MASK
    } else {
        run
    });
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_tokens_and_known_secrets_only() {
        let token = format!("IQoJb3JpZ2luX2VjEXAMPLE{}==", "A1b2C3d4/+".repeat(30));
        let text = format!(
            "bad {token}, key AKIDEXAMPLE, secret=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY;"
        );
        assert_eq!(
            redact(&text, &[]),
            "bad [redacted]==, key AKIDEXAMPLE, secret=[redacted];"
        );
        assert_eq!(redact("short s3cr3t!", &["s3cr3t"]), "short [redacted]!");
        let quoted = r#"Unexpected token, "{"SecretAccessKey":"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}" is not valid JSON"#;
        assert_eq!(
            redact(quoted, &[]),
            r#"Unexpected token, "{"SecretAccessKey":"[redacted]"}" is not valid JSON"#
        );
        // Escaped as JSON and as a URL component: still one run each.
        assert_eq!(
            redact(
                r#"{"SecretAccessKey":"wJalrXUtnFEMI\/K7MDENG+bPxRfiCYEXAMPLEKEY"}"#,
                &[]
            ),
            r#"{"SecretAccessKey":"[redacted]"}"#
        );
        assert_eq!(
            redact(
                "GET /?secret=wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY&x=1",
                &[]
            ),
            "GET /?secret=[redacted]&x=1"
        );
        assert_eq!(
            redact("no secret here: é 電", &[""]),
            "no secret here: é 電"
        );
        let long = "word ".repeat(200);
        let capped = redact(&long, &[]);
        assert_eq!(capped.chars().count(), MAX_CHARS + 1);
        assert!(capped.ends_with('…'));
    }
}
