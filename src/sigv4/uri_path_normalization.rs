//! Path normalisation for the canonical URI: no `.` or `..` segments and no empty segments.

/// Normalises a path as SigV4 does for every service but S3.
///
/// Empty segments are dropped (`//a//` → `/a/`), `.` is dropped and `..` removes the segment
/// before it; a trailing slash is kept, and the result always starts with `/`.
pub(crate) fn normalize_path_segments(path: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &kept {
        out.push('/');
        out.push_str(segment);
    }
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if out.is_empty() || (trailing && !kept.is_empty()) {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize_path_segments as n;

    #[test]
    fn normalises() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("//example//", "/example/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/b/../c/", "/a/c/"),
            ("/../a", "/a"),
        ];
        for (input, expected) in cases {
            assert_eq!(n(input), expected, "{input}");
        }
    }

    #[test]
    fn is_idempotent() {
        for input in ["/a//b/./c/../d/", "//x/../../y", "/%2e/a"] {
            assert_eq!(n(&n(input)), n(input));
        }
    }
}
