//! The two ways a test waits, so no test sleeps a fixed time before it asserts:
//! `eventually` polls until a condition holds (failing at a deadline), and `holds_throughout`
//! polls that a condition stays true for a window (failing the moment it breaks), for the
//! few assertions that something does *not* happen.
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

const POLL_EVERY: Duration = Duration::from_millis(25);

/// Polls `check` until it gives `Some`, and returns that; panics with `what` after `within`.
pub async fn eventually<T, F, Fut>(what: &str, within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Polls `check` for all of `window`; panics with `what` the first time it is false.
pub async fn holds_throughout<F, Fut>(what: &str, window: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let until = Instant::now() + window;
    loop {
        assert!(check().await, "{what}: broke within {window:?}");
        if Instant::now() >= until {
            return;
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}
