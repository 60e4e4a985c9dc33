//! Event ids of the live stream, opaque per organization. The change feed's ids are one
//! sequence for every tenant, so sending them as they are would let one organization count
//! another's writes in the gaps (SPEC §2: nothing ever crosses). Each id is the AES-256
//! encryption of (organization, change id): a keyed permutation, so ids stay unique and
//! resumable with `Last-Event-ID`, but say nothing of the sequence behind them.
use aes_gcm::aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use aes_gcm::aes::Aes256;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub struct StreamIds(Aes256);

impl StreamIds {
    /// The key is derived from a server secret every API process shares (the JWT secret), so
    /// a browser may resume on any process.
    pub fn from_secret(secret: &str) -> StreamIds {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        mac.update(b"convot live stream event ids");
        let key = mac.finalize().into_bytes();
        StreamIds(Aes256::new(&key))
    }

    pub fn encode(&self, organization_id: i64, change_id: i64) -> String {
        let mut block = [0u8; 16];
        block[..8].copy_from_slice(&organization_id.to_be_bytes());
        block[8..].copy_from_slice(&change_id.to_be_bytes());
        let mut block = block.into();
        self.0.encrypt_block(&mut block);
        URL_SAFE_NO_PAD.encode(block)
    }

    /// The change id behind an id this organization was sent; `None` for anything else
    /// (another organization's id, a forged or mangled one).
    pub fn decode(&self, organization_id: i64, id: &str) -> Option<i64> {
        let bytes: [u8; 16] = URL_SAFE_NO_PAD.decode(id.trim()).ok()?.try_into().ok()?;
        let mut block = bytes.into();
        self.0.decrypt_block(&mut block);
        let (organization, change) = block.split_at(8);
        (i64::from_be_bytes(organization.try_into().ok()?) == organization_id)
            .then(|| i64::from_be_bytes(change.try_into().expect("8 bytes")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_resumes_only_in_its_own_organization() {
        let ids = StreamIds::from_secret("secret");
        let id = ids.encode(7, 1234);
        assert_eq!(ids.decode(7, &id), Some(1234));
        assert_eq!(ids.decode(8, &id), None);
        assert_eq!(StreamIds::from_secret("other").decode(7, &id), None);
        assert_eq!(ids.decode(7, "1234"), None);
        assert_eq!(ids.decode(7, ""), None);
    }

    #[test]
    fn consecutive_changes_do_not_look_consecutive() {
        let ids = StreamIds::from_secret("secret");
        let (a, b) = (ids.encode(1, 100), ids.encode(1, 101));
        assert_ne!(a, b);
        let differing = a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count();
        assert!(differing > 10, "{a} and {b} share too much");
    }
}
