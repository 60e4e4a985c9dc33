//! Erasing a contact (SPEC §5): the contact and everything hanging off it, in one transaction.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::time;
use crate::repo;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use sea_orm::DatabaseConnection;

pub async fn erase_contact(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: i64,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    crate::services::contacts::get(db, org, contact_id).await?;
    scope.require_owner_or_admin()?;
    in_write_transaction!(db, |txn| {
        let now = time::now();
        // Its messages go, sent or not (they hold what it wrote and who it was); the apps that
        // saw it hear of the erasure, queued while the contact's app rows still say which.
        repo::webhook_deliveries::delete_for_contact(&txn, org, contact_id).await?;
        webhook_outbox::contact_deleted(&txn, org, contact_id, now).await?;
        repo::contacts::erase(&txn, org, contact_id).await?;
        // The notice names no contact: nothing of the erased contact stays behind.
        repo::changes::record(&txn, org, ChangeKind::Contact, None, None, None, now).await?;
        Ok(())
    })
    .await
}
