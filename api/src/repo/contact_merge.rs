//! Folding one contact into another inside the caller's transaction: an anonymous session
//! contact into the identified contact it turned out to be (identify), or any contact into a
//! survivor an agent picked (manual merge, SPEC §5). Conversations, events, sessions, app
//! data, custom data, tags, notes, authored messages, change-feed entries and merge tombstones all
//! move, then the merged row goes. The caller writes the survivor's profile columns; the
//! statements here never touch them, except presence and `created_at` (the latest presence
//! and the earliest creation are both true of the one person).
use crate::repo::dialect::Dialect;
use sea_orm::{ConnectionTrait, DbErr};

/// `$1` organization, `$2` merged contact, `$3` survivor, and every statement uses all three:
/// PostgreSQL prepares a statement with as many parameters as are bound, and the driver
/// caches it by its text, so a text here that used two would later break the same text bound
/// with two elsewhere (erasure's delete). In this order: app rows before the
/// custom data that references them, tombstones re-pointed before the delete would cascade.
const MOVES: &[&str] = &[
    "UPDATE conversations SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    "UPDATE widget_sessions SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    "UPDATE messages SET author_contact_id = $3 WHERE organization_id = $1 AND author_contact_id = $2",
    // An idempotency key the target already used in the same app would collide; the moved
    // event keeps its data.
    "UPDATE contact_events SET idempotency_key = NULL WHERE organization_id = $1 AND contact_id = $2 \
     AND EXISTS (SELECT 1 FROM contact_events t WHERE t.organization_id = $1 AND t.contact_id = $3 \
     AND t.app_id = contact_events.app_id AND t.idempotency_key = contact_events.idempotency_key)",
    "UPDATE contact_events SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    // Both contacts seen by one app: it has seen the person since the earlier first sighting
    // and until the later last one.
    "UPDATE app_contacts SET \
     first_seen_at = COALESCE((SELECT s.first_seen_at FROM app_contacts s WHERE s.organization_id = $1 \
       AND s.contact_id = $2 AND s.app_id = app_contacts.app_id AND s.first_seen_at < app_contacts.first_seen_at), first_seen_at), \
     last_seen_at = COALESCE((SELECT s.last_seen_at FROM app_contacts s WHERE s.organization_id = $1 \
       AND s.contact_id = $2 AND s.app_id = app_contacts.app_id AND s.last_seen_at > app_contacts.last_seen_at), last_seen_at) \
     WHERE organization_id = $1 AND contact_id = $3",
    "INSERT INTO app_contacts (organization_id, contact_id, app_id, first_seen_at, last_seen_at) \
     SELECT organization_id, $3, app_id, first_seen_at, last_seen_at FROM app_contacts s \
     WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
     (SELECT 1 FROM app_contacts t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.app_id = s.app_id)",
    // The survivor's values win here; keys whose merged value must win were cleared from the
    // survivor first (`take_custom_data`), so the merged value moves in with its provenance.
    "INSERT INTO custom_attributes (organization_id, contact_id, app_id, key, value, source, updated_at, verified) \
     SELECT organization_id, $3, app_id, key, value, source, updated_at, verified FROM custom_attributes s \
     WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
     (SELECT 1 FROM custom_attributes t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.app_id = s.app_id AND t.key = s.key)",
    "INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at) \
     SELECT organization_id, $3, tag_id, created_at FROM contact_tags s \
     WHERE s.organization_id = $1 AND s.contact_id = $2 AND NOT EXISTS \
     (SELECT 1 FROM contact_tags t WHERE t.organization_id = $1 AND t.contact_id = $3 AND t.tag_id = s.tag_id)",
    // Notes keep their authors and times; they are about the one person.
    "UPDATE contact_notes SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    // Open tabs still showing the merged contact hear about it under the survivor's id.
    "UPDATE change_events SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    // Queued and logged webhook messages about the merged contact are the survivor's: erasing
    // the survivor erases them too.
    "UPDATE webhook_messages SET contact_id = $3 WHERE organization_id = $1 AND contact_id = $2",
    // Contacts merged into the merged contact earlier now answer with the survivor.
    "UPDATE contact_merges SET into_contact_id = $3 WHERE organization_id = $1 AND into_contact_id = $2",
    // Presence: the latest of each. The visibility flag goes with its heartbeat, so it is
    // read before the heartbeat changes.
    "UPDATE contacts SET heartbeat_visible = COALESCE((SELECT f.heartbeat_visible FROM contacts f \
       WHERE f.organization_id = $1 AND f.id = $2 AND f.last_heartbeat_at IS NOT NULL \
       AND (contacts.last_heartbeat_at IS NULL OR f.last_heartbeat_at > contacts.last_heartbeat_at)), heartbeat_visible), \
     last_heartbeat_at = COALESCE((SELECT f.last_heartbeat_at FROM contacts f WHERE f.organization_id = $1 AND f.id = $2 \
       AND (contacts.last_heartbeat_at IS NULL OR f.last_heartbeat_at > contacts.last_heartbeat_at)), last_heartbeat_at), \
     last_activity_at = COALESCE((SELECT f.last_activity_at FROM contacts f WHERE f.organization_id = $1 AND f.id = $2 \
       AND (contacts.last_activity_at IS NULL OR f.last_activity_at > contacts.last_activity_at)), last_activity_at), \
     last_seen_at = COALESCE((SELECT f.last_seen_at FROM contacts f WHERE f.organization_id = $1 AND f.id = $2 \
       AND (contacts.last_seen_at IS NULL OR f.last_seen_at > contacts.last_seen_at)), last_seen_at), \
     created_at = COALESCE((SELECT f.created_at FROM contacts f WHERE f.organization_id = $1 AND f.id = $2 \
       AND f.created_at < contacts.created_at), created_at) \
     WHERE organization_id = $1 AND id = $3",
    // Never the survivor, whatever the caller passed.
    "DELETE FROM contacts WHERE organization_id = $1 AND id = $2 AND id <> $3",
];

pub async fn merge_into(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: i64,
    into: i64,
) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    for sql in MOVES {
        db.execute_raw(dialect.statement(sql, vec![organization_id.into(), from.into(), into.into()]))
            .await?;
    }
    Ok(())
}

/// Clears the survivor's value of each (app, key) whose merged value wins, so
/// [`merge_into`] moves the merged one in (with its own provenance).
pub async fn take_custom_data<'a>(
    db: &impl ConnectionTrait,
    organization_id: i64,
    into: i64,
    keys: impl IntoIterator<Item = &'a (i64, String)>,
) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    for (app_id, key) in keys {
        db.execute_raw(dialect.statement(
            "DELETE FROM custom_attributes WHERE organization_id = $1 AND contact_id = $2 AND app_id = $3 AND key = $4",
            vec![organization_id.into(), into.into(), (*app_id).into(), key.as_str().into()],
        ))
        .await?;
    }
    Ok(())
}

/// Frees the merged contact's email and external id before the survivor takes them: both are
/// unique in the organization, and the row holding them is deleted only at the end.
pub async fn release_identity(
    db: &impl ConnectionTrait,
    organization_id: i64,
    from: i64,
) -> Result<(), DbErr> {
    db.execute_raw(Dialect::of(db).statement(
        "UPDATE contacts SET email = NULL, external_id = NULL WHERE organization_id = $1 AND id = $2",
        vec![organization_id.into(), from.into()],
    ))
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_move_uses_all_three_parameters() {
        for sql in super::MOVES {
            for parameter in ["$1", "$2", "$3"] {
                assert!(sql.contains(parameter), "{parameter} missing from {sql}");
            }
        }
    }
}
