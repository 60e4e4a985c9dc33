//! How the contacts list may be sorted, and the keyset position a cursor holds for each order.
//!
//! A cursor names its order, so a cursor of one order handed to another is refused instead of
//! silently skipping or repeating rows.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `last_seen` (default): most recently seen first, contacts never seen by when they were
/// created. `name`: by name (else email) A to Z, contacts with neither last. `created`:
/// newest contact first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    #[default]
    LastSeen,
    Name,
    Created,
}

impl ContactSort {
    /// The query-string value, or `None` for anything outside the documented enum.
    pub fn parse(value: &str) -> Option<ContactSort> {
        match value {
            "last_seen" => Some(ContactSort::LastSeen),
            "name" => Some(ContactSort::Name),
            "created" => Some(ContactSort::Created),
            _ => None,
        }
    }
}

/// The last row of a page, in the terms of its order: rows strictly after it come next.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum ContactPosition {
    LastSeen {
        seen: DateTime<Utc>,
        id: i64,
    },
    /// `key` is the sort key exactly as the database computed it (its own case folding), so
    /// the next page's comparison matches the order it was read in.
    Name {
        key: Option<String>,
        id: i64,
    },
    Created {
        id: i64,
    },
}

impl ContactPosition {
    pub fn sort(&self) -> ContactSort {
        match self {
            ContactPosition::LastSeen { .. } => ContactSort::LastSeen,
            ContactPosition::Name { .. } => ContactSort::Name,
            ContactPosition::Created { .. } => ContactSort::Created,
        }
    }
}

/// When a contact counts as last seen for the order: never-seen contacts by their creation.
pub fn seen_key(last_seen_at: Option<DateTime<Utc>>, created_at: DateTime<Utc>) -> DateTime<Utc> {
    last_seen_at.unwrap_or(created_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cursor;

    #[test]
    fn the_default_is_last_seen_and_unknown_values_are_refused() {
        assert_eq!(ContactSort::default(), ContactSort::LastSeen);
        assert_eq!(ContactSort::parse("name"), Some(ContactSort::Name));
        assert_eq!(ContactSort::parse("id"), None);
        assert_eq!(ContactSort::parse("Name"), None);
    }

    #[test]
    fn a_cursor_of_one_order_does_not_decode_as_another() {
        let by_name = cursor::encode(&ContactPosition::Name {
            key: Some("ada".into()),
            id: 7,
        });
        let position: ContactPosition = cursor::decode(&by_name).unwrap();
        assert_eq!(position.sort(), ContactSort::Name);
        assert_eq!(
            position,
            ContactPosition::Name {
                key: Some("ada".into()),
                id: 7
            }
        );
        // The cursors of the list before sorting existed were bare ids: they are refused.
        assert!(cursor::decode::<ContactPosition>(&cursor::encode(&42i64)).is_err());
    }

    #[test]
    fn never_seen_contacts_sort_by_creation() {
        let created = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let seen = DateTime::parse_from_rfc3339("2026-02-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(seen_key(None, created), created);
        assert_eq!(seen_key(Some(seen), created), seen);
    }
}
