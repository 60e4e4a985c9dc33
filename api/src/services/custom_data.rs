//! Merging custom data into one app's view of a contact, key by key, with provenance.
use crate::domain::custom_data::{CustomDataChanges, CustomDataSource, MAX_KEYS, MAX_UNVERIFIED_KEYS};
use crate::domain::ids::{AppId, ContactId};
use crate::repo;
use crate::repo::custom_data::KeyWrite;
use crate::services::contact_profile::WriteMode;
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

pub struct Target {
    pub organization_id: i64,
    pub contact_id: i64,
    pub app_id: i64,
}

/// Keys not sent are untouched; `null` deletes only for trusted writers. Fails (and the
/// caller's transaction rolls back) when the result would exceed the writer's room: 100 keys
/// for trusted writers, 20 for unverified ones, counted apart so that a visitor's keys never
/// leave the app without room for its own.
pub async fn merge(
    db: &impl ConnectionTrait,
    target: &Target,
    changes: &CustomDataChanges,
    mode: WriteMode,
    source: CustomDataSource,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if changes.is_empty() {
        return Ok(());
    }
    repo::app_contacts::touch(
        db,
        target.organization_id,
        ContactId(target.contact_id),
        AppId(target.app_id),
        now,
    )
    .await?;
    for (key, value) in changes {
        match value {
            Some(value) => {
                let write = KeyWrite {
                    organization_id: target.organization_id,
                    contact_id: target.contact_id,
                    app_id: target.app_id,
                    key,
                    value,
                    source,
                    at: now,
                };
                repo::custom_data::write_key(db, &write, mode == WriteMode::Overwrite).await?;
            }
            None if mode == WriteMode::Overwrite => {
                repo::custom_data::delete_key(
                    db,
                    target.organization_id,
                    ContactId(target.contact_id),
                    AppId(target.app_id),
                    key,
                )
                .await?;
            }
            None => {}
        }
    }
    let trusted = mode == WriteMode::Overwrite;
    let stored = repo::custom_data::count_for_app(
        db,
        target.organization_id,
        ContactId(target.contact_id),
        AppId(target.app_id),
        trusted,
    )
    .await?;
    let room = if trusted { MAX_KEYS } else { MAX_UNVERIFIED_KEYS };
    if stored > room as u64 {
        let who = if trusted {
            "an app"
        } else {
            "an unverified identify"
        };
        return Err(ServiceError::invalid_field(
            "custom_data",
            format!("{who} may store at most {room} keys per contact ({stored} after this change)"),
        ));
    }
    Ok(())
}

/// The changes a trusted write would really make: setting a key to the value a trusted
/// writer already stored, or deleting a missing key, is dropped, so repeating a write (an
/// import of the same file) leaves the value's provenance as it was. `stored` gives a key's
/// value and whether a trusted writer set it.
pub fn without_no_ops<'a>(
    changes: &CustomDataChanges,
    stored: impl Fn(&str) -> Option<(&'a serde_json::Value, bool)>,
) -> CustomDataChanges {
    changes
        .iter()
        .filter(|(key, value)| match (value, stored(key)) {
            (Some(value), Some((current, true))) => !same_value(value, current),
            (None, None) => false,
            _ => true,
        })
        .cloned()
        .collect()
}

/// Equal values; numbers compare by value when either is a float (PostgreSQL's jsonb and
/// SQLite's JSON text may spell `3.0` differently from how it was sent).
fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::Number;
    match (a, b) {
        (Number(x), Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
