//! Widget request limits per (app, client IP), kept in this process by governor (GCRA):
//! a client may send `per_minute` requests at once, then one more each `60 s / per_minute`.
//! Unlike the fixed window it replaces, there is no window edge at which twice the limit
//! fits into a few seconds, and no global lock: the keyed state is a sharded map.
//!
//! Each API process counts on its own, so N processes allow up to N times the limit; the
//! deployment notes in docs/ describe moving the counters to a shared store.
use crate::error::ApiError;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Above this many tracked clients, those whose budget is full again are forgotten.
const PRUNE_ABOVE: usize = 50_000;

/// (app, client address): each has its own budget.
type ClientKey = (i64, Option<IpAddr>);

pub struct RateLimiter {
    /// `None` when limiting is off.
    limiter: Option<DefaultKeyedRateLimiter<ClientKey>>,
}

impl RateLimiter {
    /// `per_minute == 0` turns limiting off.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            limiter: NonZeroU32::new(per_minute)
                .map(|per_minute| governor::RateLimiter::keyed(Quota::per_minute(per_minute))),
        }
    }

    pub fn check(&self, app_id: i64, client: Option<IpAddr>) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if limiter.len() > PRUNE_ABOVE {
            limiter.retain_recent();
        }
        limiter.check_key(&(app_id, client)).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            // Retry-After is whole seconds; rounding up never invites a request too early.
            ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_applies_per_app_and_client() {
        let limiter = RateLimiter::new(2);
        let ip = Some("10.0.0.1".parse().unwrap());
        assert!(limiter.check(1, ip).is_ok());
        assert!(limiter.check(1, ip).is_ok());
        let refused = limiter.check(1, ip).unwrap_err();
        assert_eq!(refused.code, "rate_limited");
        // Two a minute: the next one is due in up to 30 s.
        let retry = refused.retry_after_secs.unwrap();
        assert!((1..=30).contains(&retry), "{retry}");
        assert!(limiter.check(2, ip).is_ok(), "another app has its own budget");
        assert!(
            limiter.check(1, Some("10.0.0.2".parse().unwrap())).is_ok(),
            "another client too"
        );
    }

    #[test]
    fn zero_turns_limiting_off() {
        let limiter = RateLimiter::new(0);
        for _ in 0..1000 {
            assert!(limiter.check(1, None).is_ok());
        }
    }
}
