//! Telling "not sent" from "sent as null" in JSON bodies.
use serde::{Deserialize, Deserializer};

/// With `#[serde(default, deserialize_with = "sent")]`: absent → `None`, `null` →
/// `Some(None)`, a value → `Some(Some(value))`.
pub fn sent<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
