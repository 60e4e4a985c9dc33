//! CC addresses of a conversation: valid, lower-cased, unique, at most 10, never the
//! contact's own address (SPEC §2).
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::conversation::CcAddress;
use crate::domain::email::EmailAddress;
use crate::domain::time;
use crate::repo;
use crate::services::error::ServiceError;
use crate::services::transaction::{in_write_transaction, is_unique_violation};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub const MAX_CC: u64 = 10;

pub async fn list(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
) -> Result<Vec<CcAddress>, ServiceError> {
    let conversation =
        crate::services::conversations::get(db, scope.organization_id, &scope.apps, conversation_id).await?;
    Ok(repo::cc_emails::of_conversation(db, scope.organization_id, conversation.id).await?)
}

pub async fn add(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
    raw: &str,
) -> Result<CcAddress, ServiceError> {
    let org = scope.organization_id;
    let conversation = crate::services::conversations::get(db, org, &scope.apps, conversation_id).await?;
    let email = EmailAddress::parse(raw)
        .map_err(|problem| ServiceError::invalid_field("email", problem))?
        .into_string();
    let contact = repo::contacts::find(db, org, conversation.contact_id).await?;
    if contact.and_then(|c| c.email).as_deref() == Some(email.as_str()) {
        return Err(ServiceError::invalid_field(
            "email",
            "is the contact's own address; they receive replies already",
        ));
    }
    let email = &email;
    let added = in_write_transaction!(db, |txn| {
        if repo::cc_emails::count(&txn, org, conversation_id).await? >= MAX_CC {
            return Err(ServiceError::invalid_field(
                "email",
                format!("a conversation has at most {MAX_CC} CC addresses"),
            ));
        }
        match repo::cc_emails::insert(&txn, org, conversation_id, email, time::now()).await {
            Ok(row) => Ok(row),
            Err(err) if is_unique_violation(&err) => Err(ServiceError::conflict(
                "cc_email_exists",
                "This address is already copied",
            )
            .with_detail("fields", serde_json::json!({"email": "is already copied"}))),
            Err(err) => Err(err.into()),
        }
    })
    .await?;
    repo::changes::record(
        db,
        org,
        ChangeKind::CcEmails,
        Some(conversation.contact_id),
        Some(conversation.id),
        Some(conversation.app_id),
        time::now(),
    )
    .await?;
    Ok(added)
}

pub async fn remove(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
    raw: &str,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    let conversation = crate::services::conversations::get(db, org, &scope.apps, conversation_id).await?;
    let email = raw.trim().to_ascii_lowercase();
    if !repo::cc_emails::delete(db, org, conversation.id, &email).await? {
        return Err(ServiceError::not_found("CC address"));
    }
    repo::changes::record(
        db,
        org,
        ChangeKind::CcEmails,
        Some(conversation.contact_id),
        Some(conversation.id),
        Some(conversation.app_id),
        time::now(),
    )
    .await?;
    Ok(())
}
