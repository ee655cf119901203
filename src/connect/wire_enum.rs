//! Deserializing the model's enums from their wire strings, over their generated value
//! tables rather than a derived variant per value (237 country codes).

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Reads a string into an enum through its `From<&str>`, which keeps unknown values.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(WireString(PhantomData))
}

struct WireString<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for WireString<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
