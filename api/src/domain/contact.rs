//! A contact as the layers above the repo see it: one person, organization-wide.
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub organization_id: i64,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub avatar_url: Option<String>,
    /// False when an unverified identify set the avatar: agents' browsers must not load it.
    pub avatar_trusted: bool,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub time_zone: Option<String>,
    pub shopify_domain: Option<String>,
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    pub heartbeat_visible: bool,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a profile write sets; `None` leaves a column as it is (`Some(None)` clears it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContactChanges {
    pub email: Option<Option<String>>,
    pub external_id: Option<Option<String>>,
    pub name: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub avatar_url: Option<Option<String>>,
    /// Whoever set the avatar URL decides whether agents' browsers may load it (SPEC §3).
    pub avatar_trusted: Option<bool>,
    pub time_zone: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub region: Option<Option<String>>,
    pub country: Option<Option<String>>,
    pub shopify_domain: Option<Option<String>>,
    pub last_seen_at: Option<DateTime<Utc>>,
}

impl ContactChanges {
    pub fn is_empty(&self) -> bool {
        self == &ContactChanges::default()
    }
}

#[cfg(test)]
impl Contact {
    /// A contact of organization 1 with nothing but its id and times, for unit tests to fill in.
    pub fn blank(id: i64, at: chrono::DateTime<chrono::Utc>) -> Contact {
        Contact {
            id,
            organization_id: 1,
            email: None,
            external_id: None,
            name: None,
            phone: None,
            company: None,
            avatar_url: None,
            avatar_trusted: true,
            city: None,
            region: None,
            country: None,
            time_zone: None,
            shopify_domain: None,
            last_heartbeat_at: None,
            heartbeat_visible: false,
            last_activity_at: None,
            last_seen_at: None,
            created_at: at,
            updated_at: at,
        }
    }
}
