//! Which apps have seen a contact, and when.
use crate::domain::ids::{AppId, ContactId};
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// Records that `app_id` saw the contact now (creating the row the first time); a row
/// refreshed in the last 15 s is left alone, so bursts of calls do not rewrite it.
pub async fn touch(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    db.execute_raw(Dialect::of(db).statement(
        "INSERT INTO app_contacts (organization_id, contact_id, app_id, first_seen_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (organization_id, contact_id, app_id) DO UPDATE SET last_seen_at = excluded.last_seen_at \
         WHERE app_contacts.last_seen_at < $5",
        vec![organization_id.into(), contact_id.into(), app_id.into(), at.into(), (at - chrono::Duration::seconds(15)).into()],
    ))
    .await?;
    Ok(())
}
