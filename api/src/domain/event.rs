//! A contact event as reported by an app (SPEC §2): name, time and properties, with limits.
use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub const MAX_NAME_LEN: usize = 100;
pub const MAX_PROPERTIES: usize = 50;
pub const MAX_PROPERTIES_BYTES: usize = 16 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub name: String,
    pub occurred_at: DateTime<Utc>,
    pub properties: Map<String, Value>,
}

pub fn parse(
    name: &str,
    occurred_at: Option<DateTime<Utc>>,
    properties: Option<Map<String, Value>>,
    now: DateTime<Utc>,
) -> Result<NewEvent, BTreeMap<String, String>> {
    let mut problems = BTreeMap::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_LEN {
        problems.insert("name".into(), format!("must be 1 to {MAX_NAME_LEN} characters"));
    } else if name.chars().any(char::is_control) {
        problems.insert("name".into(), "must be printable".into());
    }
    let occurred_at = occurred_at.unwrap_or(now);
    if occurred_at > now + Duration::hours(24) {
        problems.insert(
            "occurred_at".into(),
            "must be at most 24 hours in the future".into(),
        );
    } else if occurred_at < earliest() {
        // RFC 3339 allows year 0000; PostgreSQL would store it as 1 BC and print it so.
        problems.insert("occurred_at".into(), "must be in year 1 or later (UTC)".into());
    }
    let properties = properties.unwrap_or_default();
    if properties.len() > MAX_PROPERTIES {
        problems.insert(
            "properties".into(),
            format!("must have at most {MAX_PROPERTIES} keys"),
        );
    } else if serde_json::to_vec(&properties).map_or(0, |v| v.len()) > MAX_PROPERTIES_BYTES {
        problems.insert("properties".into(), "must be at most 16 KiB serialized".into());
    }
    if problems.is_empty() {
        Ok(NewEvent {
            name: name.to_owned(),
            occurred_at: crate::domain::time::to_micros(occurred_at),
            properties,
        })
    } else {
        Err(problems)
    }
}

/// 0001-01-01T00:00:00Z, the earliest time both databases store and print as RFC 3339.
fn earliest() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).expect("in range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_defaults_to_now_and_may_not_be_far_in_the_future() {
        let now = Utc::now();
        let event = parse("plan_upgraded", None, None, now).unwrap();
        assert_eq!(event.occurred_at, crate::domain::time::to_micros(now));
        assert!(parse("x", Some(now + Duration::hours(23)), None, now).is_ok());
        assert!(parse("x", Some(now + Duration::hours(25)), None, now)
            .unwrap_err()
            .contains_key("occurred_at"));
    }

    #[test]
    fn time_may_not_be_before_year_one() {
        let now = Utc::now();
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(earliest(), at("0001-01-01T00:00:00Z"));
        assert!(parse("x", Some(at("0001-01-01T00:00:00Z")), None, now).is_ok());
        assert!(parse("x", Some(at("0001-01-01T00:30:00+01:00")), None, now)
            .unwrap_err()
            .contains_key("occurred_at"));
        assert!(parse("x", Some(at("0000-06-01T00:00:00Z")), None, now).is_err());
    }

    #[test]
    fn names_and_properties_have_limits() {
        let now = Utc::now();
        assert!(parse("", None, None, now).is_err());
        assert!(parse(&"n".repeat(101), None, None, now).is_err());
        assert!(parse("bad\nname", None, None, now).is_err());
        let many: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(parse("x", None, Some(many), now)
            .unwrap_err()
            .contains_key("properties"));
        let big: Map<String, Value> = [("blob".to_owned(), json!("x".repeat(17 * 1024)))]
            .into_iter()
            .collect();
        assert!(parse("x", None, Some(big), now)
            .unwrap_err()
            .contains_key("properties"));
    }
}

/// A stored event of a contact.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactEvent {
    pub id: i64,
    pub contact_id: i64,
    /// The app that sent it.
    pub app_id: Option<i64>,
    pub name: String,
    pub occurred_at: DateTime<Utc>,
    pub properties: serde_json::Value,
    pub idempotency_key: Option<String>,
    /// A hash of the request that stored it, so a retry with another body is told apart.
    pub request_hash: Option<String>,
    pub created_at: DateTime<Utc>,
}
