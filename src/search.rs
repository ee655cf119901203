//! Substring search as plain loops over bytes.
//!
//! `str::contains`, `find`, `replace` and `split_once` with a pattern of more than one
//! character use core's two-way searcher, which brings several KB of WebAssembly with it
//! (its panic paths format characters with `Debug`). These loops take time in proportion to
//! the text times the needle; the texts searched are at most a few KB (messages, hosts, ids).

/// The byte offset of the first `needle` in `haystack`; always a character boundary.
///
/// ```
/// use connect_phone_wasm::search::find;
/// assert_eq!(find("a.xn--b", ".xn--"), Some(1));
/// assert_eq!(find("é電x", "x"), Some(5));
/// assert_eq!(find("abc", "abd"), None);
/// assert_eq!(find("abc", ""), Some(0));
/// ```
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    // A whole UTF-8 sequence cannot match from inside another character: its first byte is
    // never a continuation byte.
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `text` with each `needle`, from left to right and not overlapping, replaced by `with`.
///
/// ```
/// use connect_phone_wasm::search::replace_all;
/// assert_eq!(replace_all("a-b--c", "--", "+"), "a-b+c");
/// assert_eq!(replace_all("aaa", "aa", "b"), "ba");
/// assert_eq!(replace_all("abc", "", "x"), "abc");
/// ```
pub fn replace_all(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, needle) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `text` split around the first `needle`.
///
/// ```
/// use connect_phone_wasm::search::split_once;
/// assert_eq!(split_once("https://h/p", "://"), Some(("https", "h/p")));
/// assert_eq!(split_once("h/p", "://"), None);
/// ```
pub fn split_once<'a>(text: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(text, needle)?;
    Some((text.get(..at)?, text.get(at + needle.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_core_on_every_split_of_mixed_text() {
        let text = "a-é--電😀--x-é";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let Some(needle) = text.get(start..end) else {
                    continue;
                };
                for hay in [text, "", "--", "é", "x😀y"] {
                    assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
                    assert_eq!(split_once(hay, needle), hay.split_once(needle));
                    if !needle.is_empty() {
                        assert_eq!(replace_all(hay, needle, "#"), hay.replace(needle, "#"));
                    }
                }
            }
        }
    }
}
