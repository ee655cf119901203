//! A string that never prints and is wiped from memory when dropped.

use std::fmt;

/// A secret string (a secret access key or a session token).
///
/// `Debug` prints `** redacted **`, there is no `Display`, and the bytes are overwritten
/// with zeros when the value is dropped, so a freed WASM heap does not keep the secret.
///
/// ```
/// use connect_phone_wasm::sigv4::Secret;
/// let secret = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
/// assert_eq!(format!("{secret:?}"), "** redacted **");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // SAFETY: zero bytes are valid UTF-8, so the string stays valid while it is wiped.
        wipe(unsafe { self.0.as_bytes_mut() });
    }
}

/// Overwrites bytes with zeros in a way the optimiser may not remove.
pub(crate) fn wipe(bytes: &mut [u8]) {
    for byte in bytes.iter_mut() {
        // SAFETY: `byte` is a valid, aligned, exclusive reference.
        unsafe { std::ptr::write_volatile(byte, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

/// Overwrites words with zeros in a way the optimiser may not remove (hash states).
pub(crate) fn wipe_words(words: &mut [u32]) {
    for word in words.iter_mut() {
        // SAFETY: `word` is a valid, aligned, exclusive reference.
        unsafe { std::ptr::write_volatile(word, 0) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}
