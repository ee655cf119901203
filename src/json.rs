//! A small, strict JSON reader and writer for response bodies.
//!
//! The model is eleven strings, a map and a two-field structure, so a general serialisation
//! framework costs far more WASM than it saves. This reader never panics and never recurses
//! deeper than [`MAX_DEPTH`], so a hostile body cannot overflow the WASM stack.

use std::fmt;

/// Nesting deeper than this is refused.
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON value. Numbers keep their text: the model has none, and none is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in order (a repeated name keeps its last value on lookup).
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A member of an object.
    pub fn get(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Why a body is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong.
    pub message: &'static str,
    /// The byte offset where it went wrong.
    pub offset: usize,
    /// Whether the input ended too early (a truncated body).
    pub eof: bool,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

/// Parses a whole document; trailing non-whitespace is an error.
///
/// ```
/// use connect_phone_wasm::json::{parse, Json};
/// let value = parse(br#"{"a": ["x\u00e9", 1.5e3, true, null]}"#)?;
/// assert_eq!(value.get("a"), Some(&Json::Array(vec![Json::String("xé".into()), Json::Number("1.5e3".into()), Json::Bool(true), Json::Null])));
/// assert!(parse(b"{\"a\": ").unwrap_err().eof);
/// # Ok::<(), connect_phone_wasm::json::JsonError>(())
/// ```
pub fn parse(bytes: &[u8]) -> Result<Json, JsonError> {
    if std::str::from_utf8(bytes).is_err() {
        return Err(JsonError {
            message: "the text is not UTF-8",
            offset: 0,
            eof: false,
        });
    }
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError {
            message,
            offset: self.pos,
            eof: self.pos >= self.bytes.len(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, JsonError> {
        let byte = self
            .peek()
            .ok_or_else(|| self.error("unexpected end of input"))?;
        self.pos += 1;
        Ok(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &'static [u8], value: Json) -> Result<Json, JsonError> {
        for &expected in word {
            if self.next()? != expected {
                return Err(self.error("invalid literal"));
            }
        }
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting is too deep"));
        }
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.expect_word(b"true", Json::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Json::Bool(false)),
            Some(b'n') => self.expect_word(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a member name"));
            }
            let name = self.string()?;
            self.skip_whitespace();
            if self.next()? != b':' {
                return Err(self.error("expected ':'"));
            }
            let value = self.value(depth + 1)?;
            members.push((name, value));
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b'}' => return Ok(Json::Object(members)),
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b']' => return Ok(Json::Array(items)),
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        let text = self.bytes.get(start..self.pos).unwrap_or_default();
        Ok(Json::Number(String::from_utf8_lossy(text).into_owned()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = char::from(self.next()?)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' => match self.next()? {
                    b'"' => out.push(b'"'),
                    b'\\' => out.push(b'\\'),
                    b'/' => out.push(b'/'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'u' => {
                        let mut code = self.hex4()?;
                        if (0xD800..0xDC00).contains(&code) {
                            if self.next()? != b'\\' || self.next()? != b'u' {
                                return Err(self.error("unpaired surrogate"));
                            }
                            let low = self.hex4()?;
                            if !(0xDC00..0xE000).contains(&low) {
                                return Err(self.error("unpaired surrogate"));
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        }
                        let c =
                            char::from_u32(code).ok_or_else(|| self.error("unpaired surrogate"))?;
                        let mut buffer = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                    }
                    _ => return Err(self.error("invalid escape")),
                },
                byte if byte < 0x20 => return Err(self.error("control character in a string")),
                byte => out.push(byte),
            }
        }
        // The input is UTF-8 and escapes add only whole characters, so this cannot fail.
        String::from_utf8(out).map_err(|_| self.error("the text is not UTF-8"))
    }
}

/// Appends `text` as a JSON string literal.
///
/// ```
/// let mut out = String::new();
/// connect_phone_wasm::json::write_string(&mut out, "a\"b\n\u{1}");
/// assert_eq!(out, r#""a\"b\n\u0001""#);
/// ```
pub fn write_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    // Runs that need no escape are copied whole; escapes are ASCII, so every cut is on a
    // character boundary.
    let mut run_start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(run_start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(crate::sigv4::hex_digit(b >> 4));
            out.push(crate::sigv4::hex_digit(b & 15));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// An optional string member: absent or `null` is `None`; any other non-string is an error.
pub fn string_member(object: &Json, name: &str, path: &str) -> Result<Option<String>, String> {
    match object.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!(
            "{path}.{name} must be a string, got {}",
            other.kind()
        )),
    }
}

/// An optional map of strings to strings.
pub fn string_map_member(
    object: &Json,
    name: &str,
    path: &str,
) -> Result<Option<std::collections::BTreeMap<String, String>>, String> {
    match object.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Object(members)) => {
            // Inserted one by one: collecting into a BTreeMap sorts first, which costs
            // kilobytes of WASM for nothing.
            let mut map = std::collections::BTreeMap::new();
            for (key, value) in members {
                match value {
                    Json::String(text) => map.insert(key.clone(), text.clone()),
                    other => {
                        return Err(format!(
                            "{path}.{name}[{key}] must be a string, got {}",
                            other.kind()
                        ))
                    }
                };
            }
            Ok(Some(map))
        }
        Some(other) => Err(format!(
            "{path}.{name} must be an object, got {}",
            other.kind()
        )),
    }
}

/// Checks that a value is an object, for a structure at `path`.
pub fn expect_object(value: &Json, path: &str) -> Result<(), String> {
    match value {
        Json::Object(_) => Ok(()),
        other => Err(format!("{path} must be an object, got {}", other.kind())),
    }
}

/// Writes `{"name":value,...}` one member at a time, skipping absent ones.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    fn name(&mut self, name: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(self.out, name);
        self.out.push(':');
        self.out
    }

    /// A string member, when present.
    pub fn string(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            let out = self.name(name);
            write_string(out, value);
        }
    }

    /// A whole-number member, or `null` when absent. (No `f64` writer: float formatting
    /// would add about 20 KB to the .wasm.)
    pub fn integer_or_null(&mut self, name: &str, value: Option<i64>) {
        let out = self.name(name);
        match value {
            Some(value) => out.push_str(&value.to_string()),
            None => out.push_str("null"),
        }
    }

    /// A string map member, when present.
    pub fn string_map(
        &mut self,
        name: &str,
        value: Option<&std::collections::BTreeMap<String, String>>,
    ) {
        if let Some(map) = value {
            let mut inner = ObjectWriter::new(self.name(name));
            for (key, text) in map {
                inner.string(key, Some(text));
            }
            inner.close();
        }
    }

    /// A nested member written by `write`, when present.
    pub fn nested(&mut self, name: &str, present: bool, write: impl FnOnce(&mut String)) {
        if present {
            write(self.name(name));
        }
    }

    /// Closes the object.
    pub fn close(self) {
        self.out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_strings_read_back_unchanged() {
        let pieces = [
            "a", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "電", "😀",
            "\u{2028}", "/", " ",
        ];
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..next() % 12 {
                text.push_str(pieces[next() % pieces.len()]);
            }
            let mut out = String::new();
            write_string(&mut out, &text);
            assert_eq!(
                parse(out.as_bytes()).unwrap(),
                Json::String(text.clone()),
                "{out}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_json() {
        for bad in [
            "",
            "{",
            "{\"a\"",
            "{\"a\":}",
            "[1,]",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\\ud800\"",
            "nul",
            "{} x",
            "\"a\u{1}\"",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(parse(&[b'"', 0xff, b'"']).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().message,
            "nesting is too deep"
        );
    }

    #[test]
    fn strings_round_trip() {
        for text in [
            "",
            "plain",
            "quote\" backslash\\ slash/",
            "\u{0}\u{1f}\u{7f}",
            "ü 電話 😀",
        ] {
            let mut out = String::new();
            write_string(&mut out, text);
            assert_eq!(
                parse(out.as_bytes()).unwrap(),
                Json::String(text.to_owned())
            );
        }
        assert_eq!(
            parse(br#""\ud83d\ude00""#).unwrap(),
            Json::String("😀".into())
        );
    }
}
