//! Random secrets and their stored hashes. Secrets are 256-bit random, so a single SHA-256 is
//! a sufficient at-rest hash and keeps per-request verification cheap.
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// Compares a presented secret with a stored hash without leaking timing.
pub fn matches_hash(secret: &str, stored_hash: &str) -> bool {
    sha256_hex(secret).as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_only_its_own_hash() {
        let secret = random_hex(32);
        assert_eq!(secret.len(), 64);
        let hash = sha256_hex(&secret);
        assert!(matches_hash(&secret, &hash));
        assert!(!matches_hash(&random_hex(32), &hash));
    }
}
