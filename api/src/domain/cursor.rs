//! Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON.
use crate::domain::error::InvalidInput;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;

// Room for a name-order cursor: a 200-character name of 4-byte characters, base64-encoded.
const MAX_CURSOR_LEN: usize = 2048;

pub fn encode<T: Serialize>(key: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).expect("cursor keys serialize"))
}

/// A cursor that was not made by `encode` for this kind of list is a 422 on `cursor`.
pub fn decode<T: DeserializeOwned>(cursor: &str) -> Result<T, InvalidInput> {
    let invalid = || InvalidInput::new("cursor", "is not a cursor this list returned");
    if cursor.len() > MAX_CURSOR_LEN {
        return Err(invalid());
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_its_key() {
        let cursor = encode(&("2026-11-24T10:00:00Z", 42i64));
        assert_eq!(
            decode::<(String, i64)>(&cursor).unwrap(),
            ("2026-11-24T10:00:00Z".into(), 42)
        );
    }

    #[test]
    fn garbage_is_a_validation_error() {
        assert_eq!(decode::<i64>("%%%").unwrap_err().field, "cursor");
        assert_eq!(decode::<i64>(&encode(&"text")).unwrap_err().field, "cursor");
    }
}
