//! Timestamps at the precision both databases store (microseconds), so a value read back
//! serializes exactly as the one written.
use chrono::{DateTime, DurationRound, TimeDelta, Utc};

pub fn to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at)
}

pub fn now() -> DateTime<Utc> {
    to_micros(Utc::now())
}
