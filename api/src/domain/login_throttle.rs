//! The login throttle's rule (SPEC §2 "Login"): which counters an attempt is charged to, their
//! limits, and when a counted window refuses.
//!
//! Two fixed 15-minute windows: one per (email, client address) pair, so one address guessing
//! never locks the account out for the owner elsewhere, and one per client address across
//! emails, so spreading guesses over many accounts does not multiply the budget.
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

pub const WINDOW: Duration = Duration::minutes(15);
/// Failures of one email from one address per window.
pub const PAIR_LIMIT: i32 = 5;
/// Failures from one address per window, across every email.
pub const ADDRESS_LIMIT: i32 = 50;

/// The two counter keys one attempt is charged to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptKeys {
    pub pair: String,
    pub address: String,
}

impl AttemptKeys {
    /// `email` as typed: the key does not depend on whether the email parses or has a user,
    /// so unknown and known emails are counted (and answered) alike.
    pub fn new(email: &str, client: Option<IpAddr>) -> AttemptKeys {
        let address = address_text(client);
        // Hashed so the table holds no plaintext email; the address is kept readable for
        // whoever looks into a refusal.
        let digest = Sha256::digest(format!("{}\n{address}", email_text(email)).as_bytes());
        AttemptKeys {
            pair: format!("pair:{}", hex::encode(digest)),
            address: format!("address:{address}"),
        }
    }
}

/// The email the way sign-in reads it (`EmailAddress::parse` trims and lower-cases, and a
/// valid address is ASCII), also for text that is not an address at all.
fn email_text(raw: &str) -> String {
    raw.trim().to_ascii_lowercase()
}

/// IPv4 (also IPv4-mapped IPv6) as is; IPv6 by its /64, which one subscriber usually holds
/// whole, so rotating through it does not buy fresh budgets.
fn address_text(client: Option<IpAddr>) -> String {
    match client.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "unknown".into(),
    }
}

/// A counter as it stood right after this attempt was added to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub failures: i32,
    pub window_started_at: DateTime<Utc>,
}

impl Count {
    /// `Err(retry_after_secs)` when this attempt is over `limit`: the count includes attempts
    /// still being checked, so parallel guesses cannot all see room.
    pub fn check(&self, limit: i32, now: DateTime<Utc>) -> Result<(), u64> {
        if self.failures <= limit {
            return Ok(());
        }
        let left = (self.window_started_at + WINDOW - now).num_milliseconds();
        let secs = (left + 999).div_euclid(1000);
        Err(secs.clamp(1, WINDOW.num_seconds()) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_key_hashes_the_email_and_ignores_case_and_spaces() {
        let ip = Some("203.0.113.7".parse().unwrap());
        let keys = AttemptKeys::new(" Ada@Example.COM ", ip);
        assert_eq!(keys, AttemptKeys::new("ada@example.com", ip));
        assert!(!keys.pair.contains("ada"), "{}", keys.pair);
        assert_eq!(keys.address, "address:203.0.113.7");
        let elsewhere = AttemptKeys::new("ada@example.com", Some("203.0.113.8".parse().unwrap()));
        assert_ne!(keys.pair, elsewhere.pair);
    }

    #[test]
    fn text_that_is_not_an_email_still_has_a_key() {
        let keys = AttemptKeys::new("  Not An Email ", None);
        assert_eq!(keys, AttemptKeys::new("not an email", None));
        assert_eq!(keys.address, "address:unknown");
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4() {
        let a = AttemptKeys::new("a@b.co", Some("2001:db8:1:2::1".parse().unwrap()));
        let b = AttemptKeys::new("a@b.co", Some("2001:db8:1:2:ffff::9".parse().unwrap()));
        assert_eq!(a, b);
        assert_eq!(a.address, "address:2001:db8:1:2::/64");
        let mapped = AttemptKeys::new("a@b.co", Some("::ffff:192.0.2.1".parse().unwrap()));
        assert_eq!(mapped.address, "address:192.0.2.1");
    }

    #[test]
    fn a_count_over_the_limit_refuses_until_its_window_ends() {
        let now = Utc::now();
        let started = now - Duration::minutes(10);
        let at_limit = Count {
            failures: PAIR_LIMIT,
            window_started_at: started,
        };
        assert_eq!(at_limit.check(PAIR_LIMIT, now), Ok(()));
        let over = Count {
            failures: PAIR_LIMIT + 1,
            ..at_limit
        };
        assert_eq!(over.check(PAIR_LIMIT, now), Err(300));
        let fresh = Count {
            failures: PAIR_LIMIT + 1,
            window_started_at: now,
        };
        assert_eq!(fresh.check(PAIR_LIMIT, now), Err(900));
        let ending = Count {
            failures: PAIR_LIMIT + 1,
            window_started_at: now - WINDOW,
        };
        assert_eq!(ending.check(PAIR_LIMIT, now), Err(1), "never 0");
    }
}
