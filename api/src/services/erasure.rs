//! Erasing a contact (SPEC §5): the contact and everything hanging off it, in one transaction.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::time;
use crate::repo;
use crate::repo::sql::statement;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Rows that reference the contact without a foreign key go first; the delete of the contact
/// row cascades to app data, custom data, tags, events, sessions and conversations (with their
/// messages, tags and CC addresses).
const ERASE: [&str; 2] = [
    "DELETE FROM change_events WHERE organization_id = $1 AND contact_id = $2",
    "DELETE FROM contacts WHERE organization_id = $1 AND id = $2",
];

pub async fn erase_contact(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: i64,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    repo::contacts::find(db, org, contact_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Contact"))?;
    scope.require_owner_or_admin()?;
    in_write_transaction!(db, |txn| {
        for sql in ERASE {
            txn.execute_raw(statement(
                txn.get_database_backend(),
                sql,
                vec![org.into(), contact_id.into()],
            ))
            .await?;
        }
        // The notice names no contact: nothing of the erased contact stays behind.
        repo::changes::record(&txn, org, ChangeKind::Contact, None, None, None, time::now()).await?;
        Ok(())
    })
    .await
}
