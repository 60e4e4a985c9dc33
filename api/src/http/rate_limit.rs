//! Fixed-window request limits per (app, client IP), kept in this process.
//!
//! Each API process counts on its own, so N processes allow up to N times the limit; the
//! deployment notes in docs/ describe moving the counters to a shared store.
use crate::error::ApiError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
const PRUNE_ABOVE: usize = 50_000;

/// (app, client address): each has its own window.
type WindowKey = (i64, Option<IpAddr>);

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<WindowKey, (Instant, u32)>>,
}

impl RateLimiter {
    /// `per_minute == 0` turns limiting off.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn check(&self, app_id: i64, client: Option<IpAddr>) -> Result<(), ApiError> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, (started, _)| now.duration_since(*started) < WINDOW);
        }
        let entry = windows.entry((app_id, client)).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let retry = WINDOW
                .saturating_sub(now.duration_since(entry.0))
                .as_secs()
                .max(1);
            return Err(ApiError::rate_limited(retry));
        }
        entry.1 += 1;
        Ok(())
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
        assert!(refused.retry_after_secs.unwrap() >= 1);
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
