//! Folding an anonymous session contact into the identified contact it turned out to be.
//! Runs inside the caller's transaction: conversations, events, notes, sessions, app data and
//! tags all move, then the anonymous row goes.
use crate::repo::dialect::Dialect;
use sea_orm::{ConnectionTrait, DbErr};

pub async fn merge_into(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: i64,
    into: i64,
) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    let run =
        |sql: &'static str| dialect.statement(sql, vec![organization_id.into(), from.into(), into.into()]);
    for sql in [
        "UPDATE conversations SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
        "UPDATE widget_sessions SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
        // An idempotency key the target already used in the same app would collide; the moved
        // event keeps its data.
        "UPDATE contact_events SET idempotency_key = NULL WHERE organization_id = $1 AND contact_id = $2 \
         AND EXISTS (SELECT 1 FROM contact_events t WHERE t.organization_id = $1 AND t.contact_id = $3 \
         AND t.app_id = contact_events.app_id AND t.idempotency_key = contact_events.idempotency_key)",
        "UPDATE contact_events SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
        "UPDATE contact_notes SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
        "INSERT INTO app_contacts (organization_id, contact_id, app_id, first_seen_at, last_seen_at) \
         SELECT organization_id, $3, app_id, first_seen_at, last_seen_at FROM app_contacts s \
         WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM app_contacts t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.app_id = s.app_id)",
        // The identified contact's own values win; keys only the visitor had are kept.
        "INSERT INTO custom_attributes (organization_id, contact_id, app_id, key, value, source, updated_at, verified) \
         SELECT organization_id, $3, app_id, key, value, source, updated_at, verified FROM custom_attributes s \
         WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM custom_attributes t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.app_id = s.app_id AND t.key = s.key)",
        "INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at) \
         SELECT organization_id, $3, tag_id, created_at FROM contact_tags s \
         WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
         (SELECT 1 FROM contact_tags t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.tag_id = s.tag_id)",
    ] {
        db.execute_raw(run(sql)).await?;
    }
    // Bound with exactly its two values: `repo::contacts::erase` runs this very text with two,
    // and PostgreSQL refuses a connection's cached statement bound with a third (a merge after
    // an erasure on the same pooled connection failed with a 500).
    let delete = "DELETE FROM contacts WHERE organization_id = $1 AND id = $2";
    db.execute_raw(dialect.statement(delete, vec![organization_id.into(), from.into()]))
        .await?;
    Ok(())
}
