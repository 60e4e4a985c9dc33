//! When a failed delivery is tried again, and when a receiver has failed long enough to be
//! given up on. Standard Webhooks senders retry for days with growing gaps; ours doubles from
//! a base (5 s in production) up to 12 h between tries, for a window of three days.
use crate::domain::backoff;
use chrono::{DateTime, Duration as Span, Utc};
use std::time::Duration;

const MAX_GAP: Duration = Duration::from_secs(12 * 3600);
/// A receiver cannot push its next try further out than this with `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// What a receiver's answer (or the lack of one) means for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// 2xx.
    Delivered,
    /// 410 Gone: the receiver asks never to be sent to again; the endpoint is disabled.
    Gone,
    /// Any other status, a timeout, a refused connection, a refused address.
    Failed,
}

pub fn verdict(status: Option<u16>) -> Verdict {
    match status {
        Some(200..=299) => Verdict::Delivered,
        Some(410) => Verdict::Gone,
        _ => Verdict::Failed,
    }
}

/// The gap before the next try after `attempts` failed ones: `base × 2^(attempts-1)`, capped,
/// with up to 20 % jitter (from `sample` in [0, 1)), and never sooner than `retry_after`.
pub fn next_gap(base: Duration, attempts: i32, retry_after: Option<Duration>, sample: f64) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0);
    let gap = backoff::with_jitter(backoff::exponential(base, exponent, MAX_GAP), 0.2, sample);
    match retry_after {
        Some(asked) => gap.max(asked.min(MAX_RETRY_AFTER)),
        None => gap,
    }
}

/// When to try next, or `None` when the next try would fall past the message's window and
/// it is given up as failed.
pub fn next_attempt(
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
    gap: Duration,
    window: Duration,
) -> Option<DateTime<Utc>> {
    let at = now + Span::from_std(gap).ok()?;
    let deadline = created_at + Span::from_std(window).ok()?;
    (at <= deadline).then_some(at)
}

/// Whether an endpoint whose failures began at `failing_since` has now failed for the whole
/// window and is to be disabled.
pub fn failed_for_whole_window(failing_since: DateTime<Utc>, now: DateTime<Utc>, window: Duration) -> bool {
    Span::from_std(window).is_ok_and(|window| now - failing_since >= window)
}

/// `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const BASE: Duration = Duration::from_secs(5);

    #[test]
    fn gaps_double_from_the_base_up_to_twelve_hours() {
        let gaps: Vec<u64> = (1..=4).map(|n| next_gap(BASE, n, None, 0.0).as_secs()).collect();
        assert_eq!(gaps, [5, 10, 20, 40]);
        assert_eq!(next_gap(BASE, 40, None, 0.0), MAX_GAP);
    }

    #[test]
    fn the_default_schedule_spans_about_three_days() {
        let window = Duration::from_secs(3 * 24 * 3600);
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let (mut now, mut attempts) = (start, 1);
        while let Some(next) = next_attempt(start, now, next_gap(BASE, attempts, None, 0.0), window) {
            now = next;
            attempts += 1;
        }
        assert!((15..=25).contains(&attempts), "{attempts} attempts");
        assert!(now - start > Span::hours(60), "last try at {}", now - start);
    }

    #[test]
    fn retry_after_is_honoured_but_bounded() {
        let asked = Some(Duration::from_secs(120));
        assert_eq!(next_gap(BASE, 1, asked, 0.0), Duration::from_secs(120));
        assert_eq!(next_gap(BASE, 1, Some(Duration::from_secs(1)), 0.0), BASE);
        assert_eq!(
            next_gap(BASE, 1, Some(Duration::from_secs(10 << 20)), 0.0),
            MAX_RETRY_AFTER
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert_eq!(parse_retry_after(" 30 ", now), Some(Duration::from_secs(30)));
        assert_eq!(
            parse_retry_after("Tue, 01 Dec 2026 00:01:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn answers_sort_into_three_verdicts() {
        assert_eq!(verdict(Some(204)), Verdict::Delivered);
        assert_eq!(verdict(Some(410)), Verdict::Gone);
        for status in [Some(301), Some(404), Some(429), Some(500), None] {
            assert_eq!(verdict(status), Verdict::Failed);
        }
    }

    #[test]
    fn an_endpoint_is_given_up_only_after_the_whole_window() {
        let since = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        let window = Duration::from_secs(3 * 24 * 3600);
        assert!(!failed_for_whole_window(since, since + Span::hours(71), window));
        assert!(failed_for_whole_window(since, since + Span::hours(72), window));
    }
}
