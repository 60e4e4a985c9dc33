//! The inbox's note when a merchant uninstalls (SPEC §7): "Uninstalled {app} — {reason} — N
//! days after your last reply", and whether it reopens the conversation.
use chrono::{DateTime, Duration, Utc};

/// An uninstall older than this is history: it is shown in the Shopify section, but no note
/// is added to a conversation (a first sync must not write into every old thread).
pub const NOTE_WITHIN: Duration = Duration::days(30);
/// Reopen only for a fresh uninstall of a conversation that was recently active.
pub const REOPEN_IF_UNINSTALLED_WITHIN: Duration = Duration::hours(48);
pub const REOPEN_IF_ACTIVE_WITHIN: Duration = Duration::days(7);

pub fn text(
    app_name: &str,
    reason: Option<&str>,
    uninstalled_at: DateTime<Utc>,
    last_reply_at: Option<DateTime<Utc>>,
) -> String {
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("no reason given");
    let timing = match last_reply_at {
        None => "before any reply from you".to_owned(),
        Some(reply) => match (uninstalled_at - reply).num_days() {
            days if days <= 0 => "the same day as your last reply".to_owned(),
            1 => "1 day after your last reply".to_owned(),
            days => format!("{days} days after your last reply"),
        },
    };
    format!("Uninstalled {app_name} — {reason} — {timing}")
}

pub fn reopens(uninstalled_at: DateTime<Utc>, last_activity_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - uninstalled_at < REOPEN_IF_UNINSTALLED_WITHIN && now - last_activity_at < REOPEN_IF_ACTIVE_WITHIN
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_note_names_the_app_the_reason_and_the_days_since_the_reply() {
        let uninstalled = at("2026-11-20T12:00:00Z");
        assert_eq!(
            text(
                "Product Reviews",
                Some("Too expensive"),
                uninstalled,
                Some(at("2026-11-16T09:00:00Z"))
            ),
            "Uninstalled Product Reviews — Too expensive — 4 days after your last reply"
        );
        assert_eq!(
            text("Upsell Pro", None, uninstalled, Some(at("2026-11-19T09:00:00Z"))),
            "Uninstalled Upsell Pro — no reason given — 1 day after your last reply"
        );
        assert_eq!(
            text("Upsell Pro", Some(" "), uninstalled, None),
            "Uninstalled Upsell Pro — no reason given — before any reply from you"
        );
    }

    #[test]
    fn only_a_fresh_uninstall_of_a_recently_active_conversation_reopens_it() {
        let now = at("2026-11-20T12:00:00Z");
        assert!(reopens(
            at("2026-11-19T13:00:00Z"),
            at("2026-11-15T12:00:00Z"),
            now
        ));
        assert!(!reopens(
            at("2026-11-18T11:00:00Z"),
            at("2026-11-15T12:00:00Z"),
            now
        ));
        assert!(!reopens(
            at("2026-11-19T13:00:00Z"),
            at("2026-11-12T12:00:00Z"),
            now
        ));
    }
}
