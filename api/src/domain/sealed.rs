//! Secrets sealed at rest with AES-256-GCM: a fresh 96-bit nonce per value, stored as
//! base64 of nonce ‖ ciphertext+tag.
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

pub struct SealingKey(Aes256Gcm);

impl SealingKey {
    /// `hex_key` is 64 hex characters (the settings' resolved key).
    pub fn from_hex(hex_key: &str) -> anyhow::Result<SealingKey> {
        let bytes = hex::decode(hex_key)?;
        anyhow::ensure!(bytes.len() == 32, "the encryption key must be 32 bytes");
        Ok(SealingKey(
            Aes256Gcm::new_from_slice(&bytes).map_err(|_| anyhow::anyhow!("bad key length"))?,
        ))
    }

    pub fn seal(&self, plaintext: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = self
            .0
            .encrypt(&nonce, plaintext.as_bytes())
            .expect("AES-GCM encrypts any length we store");
        let mut sealed = nonce.to_vec();
        sealed.extend(ciphertext);
        STANDARD.encode(sealed)
    }

    /// Fails for tampered data or another key.
    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let bytes = STANDARD.decode(sealed)?;
        anyhow::ensure!(bytes.len() > 12, "sealed value too short");
        let (nonce, ciphertext) = bytes.split_at(12);
        // aes-gcm 0.10 still speaks generic-array 0.14, whose slice constructor is deprecated.
        #[allow(deprecated)]
        let nonce = Nonce::from_slice(nonce);
        let plaintext = self
            .0
            .decrypt(nonce, ciphertext)
            .map_err(|_| anyhow::anyhow!("the sealed value does not open with this key"))?;
        Ok(String::from_utf8(plaintext)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    #[test]
    fn sealing_round_trips_and_never_shows_the_plaintext() {
        let key = SealingKey::from_hex(KEY).unwrap();
        let sealed = key.seal("prtapi_secret_token");
        assert!(!sealed.contains("prtapi"));
        assert_ne!(sealed, key.seal("prtapi_secret_token"), "a fresh nonce each time");
        assert_eq!(key.open(&sealed).unwrap(), "prtapi_secret_token");
    }

    #[test]
    fn tampering_or_another_key_fails() {
        let key = SealingKey::from_hex(KEY).unwrap();
        let sealed = key.seal("prtapi_x");
        let mut bytes = STANDARD.decode(&sealed).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        assert!(key.open(&STANDARD.encode(bytes)).is_err());
        let other = SealingKey::from_hex(&"ab".repeat(32)).unwrap();
        assert!(other.open(&sealed).is_err());
    }
}
