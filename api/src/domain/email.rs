//! A syntactically valid, lower-cased email address.

const MAX_EMAIL_LEN: usize = 254;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Trims and lower-cases ASCII letters only; rejects anything that is not
    /// `local@domain.tld` in printable ASCII. Unicode case folding would turn distinct
    /// addresses into one (the Kelvin sign K folds to `k`), letting one person's address be
    /// written onto another's (SPEC §3).
    pub fn parse(raw: &str) -> Result<EmailAddress, &'static str> {
        let email = raw.trim();
        if email.is_empty() {
            return Err("must not be empty");
        }
        if !email.is_ascii() {
            return Err("must be an ASCII email address");
        }
        let email = email.to_ascii_lowercase();
        if email.len() > MAX_EMAIL_LEN {
            return Err("must be at most 254 characters");
        }
        let (local, domain) = email.split_once('@').ok_or("must be a valid email address")?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if local_ok && domain_ok {
            Ok(EmailAddress(email))
        } else {
            Err("must be a valid email address")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            EmailAddress::parse(" Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        assert!(EmailAddress::parse("first.last+tag@mail.example.co.uk").is_ok());
    }

    #[test]
    fn non_ascii_letters_are_never_folded_onto_ascii_ones() {
        for raw in [
            "\u{212A}elvin@x.test",
            "kelvin@x.te\u{017F}t",
            "\u{0130}stanbul@x.test",
        ] {
            assert!(
                EmailAddress::parse(raw).is_err(),
                "{raw} must not become an ASCII address"
            );
        }
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@x.io",
            "ada@x",
            "a b@x.io",
            "ada@x..io",
            ".a@x.io",
            "a@-x.io",
            "<script>@x.io",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
