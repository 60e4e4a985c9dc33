//! Presence derived at read time from stored timestamps (SPEC §3).
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Online,
    Idle,
    Offline,
}

const HEARTBEAT_WINDOW: Duration = Duration::seconds(60);
const ACTIVITY_WINDOW: Duration = Duration::minutes(2);

/// `online`: a heartbeat in the last 60 s with the page visible and activity in the last
/// 2 min; `idle`: a heartbeat in the last 60 s otherwise; `offline`: none.
pub fn presence_at(
    now: DateTime<Utc>,
    last_heartbeat_at: Option<DateTime<Utc>>,
    heartbeat_visible: bool,
    last_activity_at: Option<DateTime<Utc>>,
) -> Presence {
    if last_heartbeat_at.is_none_or(|at| now - at > HEARTBEAT_WINDOW) {
        return Presence::Offline;
    }
    let recently_active = last_activity_at.is_some_and(|at| now - at <= ACTIVITY_WINDOW);
    if heartbeat_visible && recently_active {
        Presence::Online
    } else {
        Presence::Idle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs_ago: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        Some(now - Duration::seconds(secs_ago))
    }

    #[test]
    fn never_seen_is_offline() {
        assert_eq!(presence_at(Utc::now(), None, true, None), Presence::Offline);
    }

    #[test]
    fn visible_and_recently_active_with_a_fresh_heartbeat_is_online() {
        let now = Utc::now();
        assert_eq!(
            presence_at(now, at(10, now), true, at(100, now)),
            Presence::Online
        );
    }

    #[test]
    fn hidden_page_or_stale_activity_is_idle() {
        let now = Utc::now();
        assert_eq!(presence_at(now, at(10, now), false, at(5, now)), Presence::Idle);
        assert_eq!(presence_at(now, at(10, now), true, at(121, now)), Presence::Idle);
        assert_eq!(presence_at(now, at(10, now), true, None), Presence::Idle);
    }

    #[test]
    fn a_heartbeat_older_than_a_minute_is_offline() {
        let now = Utc::now();
        assert_eq!(presence_at(now, at(61, now), true, at(1, now)), Presence::Offline);
        assert_eq!(presence_at(now, at(60, now), true, at(1, now)), Presence::Online);
    }
}
