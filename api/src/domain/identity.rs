//! Identity verification (SPEC §3): `user_hash` is the lower-case hex HMAC-SHA256 of
//! `external_id` (else `email`) keyed with the app's identity secret; `shop_hash` signs `shop`.
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub fn sign(secret: &str, value: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Constant-time check of a presented hash; anything that is not hex simply fails.
pub fn verify(secret: &str, value: &str, presented_hash: &str) -> bool {
    let Ok(presented) = hex::decode(presented_hash.trim()) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(value.as_bytes());
    mac.verify_slice(&presented).is_ok()
}

/// `shop-name.myshopify.com`, lower-cased; anything else is not a Shopify shop domain.
pub fn myshopify_domain(value: &str) -> Option<String> {
    let domain = value.trim().to_lowercase();
    let shop = domain.strip_suffix(".myshopify.com")?;
    let valid = !shop.is_empty()
        && shop.len() <= 63
        && shop.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !shop.starts_with('-');
    valid.then_some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    #[test]
    fn hmac_matches_the_published_rfc_4231_vector() {
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(sign("Jefe", "what do ya want for nothing?"), expected);
        assert!(verify("Jefe", "what do ya want for nothing?", expected));
        assert!(verify(
            "Jefe",
            "what do ya want for nothing?",
            &expected.to_uppercase()
        ));
    }

    #[test]
    fn a_hash_for_another_value_or_key_or_not_hex_fails() {
        let hash = sign("secret", "user-1");
        assert!(!verify("secret", "user-2", &hash));
        assert!(!verify("other", "user-1", &hash));
        assert!(!verify("secret", "user-1", "zz"));
        assert!(!verify("secret", "user-1", ""));
    }

    #[test]
    fn only_myshopify_domains_are_shop_domains() {
        assert_eq!(
            myshopify_domain("Acme-Store.myshopify.com").as_deref(),
            Some("acme-store.myshopify.com")
        );
        assert_eq!(myshopify_domain("acme.com"), None);
        assert_eq!(myshopify_domain(".myshopify.com"), None);
        assert_eq!(myshopify_domain("a b.myshopify.com"), None);
    }
}
