//! Retry delays: one exponential formula for the outbox, the Shopify sync and the Partner
//! API client, and jitter from a sample the caller draws (so this stays pure and testable).
use std::time::Duration;

/// `base × 2^attempt`, never more than `cap` (and never overflowing).
pub fn exponential(base: Duration, attempt: u32, cap: Duration) -> Duration {
    base.saturating_mul(2u32.saturating_pow(attempt.min(31))).min(cap)
}

/// `delay` plus up to `fraction` of it, scaled by `sample` in `[0, 1)`, so many retries that
/// failed together do not come back together.
pub fn with_jitter(delay: Duration, fraction: f64, sample: f64) -> Duration {
    delay + delay.mul_f64(fraction * sample.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn each_attempt_doubles_the_delay_up_to_the_cap() {
        let cap = Duration::from_secs(60);
        let delays: Vec<u64> = (0..8).map(|a| exponential(SECOND, a, cap).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(
            exponential(SECOND, u32::MAX, Duration::MAX),
            SECOND * 2u32.pow(31)
        );
    }

    #[test]
    fn jitter_adds_at_most_its_fraction() {
        assert_eq!(with_jitter(SECOND, 0.25, 0.0), SECOND);
        assert_eq!(with_jitter(SECOND, 0.25, 0.5), Duration::from_millis(1125));
        assert!(with_jitter(SECOND, 0.25, 0.999_999) < Duration::from_millis(1250));
    }
}
