//! Contact notes (SPEC §5): any agent of the organization reads and writes them (contacts are
//! organization-wide, as `GET /contacts/{id}` shows them); agents change only their own notes,
//! owners and admins any. Every write records a `notes` change in its transaction, so open
//! sidebars and profiles refetch.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::cursor;
use crate::domain::ids::{ContactId, NoteId};
use crate::domain::note::{may_change, Note, NoteBody};
use crate::domain::page::{Page, PageParams};
use crate::domain::time;
use crate::repo;
use crate::services;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction};

/// A page of the contact's notes, newest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: ContactId,
    page: &PageParams,
) -> Result<Page<Note>, ServiceError> {
    let org = scope.organization_id;
    let limit = page.limit()?;
    let after = page
        .cursor
        .as_deref()
        .map(cursor::decode::<(DateTime<Utc>, i64)>)
        .transpose()?;
    // A merged-away contact answers with `merged_into`, like every contact endpoint.
    services::contacts::get(db, org, contact_id.0).await?;
    // One row more than the page tells whether another page follows.
    let rows = repo::notes::page(db, org, contact_id, after, limit + 1).await?;
    Ok(Page::from_overfetched(rows, limit, |note| {
        cursor::encode(&(note.created_at, note.id))
    }))
}

pub async fn create(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: ContactId,
    body: &NoteBody,
) -> Result<Note, ServiceError> {
    let org = scope.organization_id;
    let author = scope.user_id;
    in_write_transaction!(db, |txn| {
        services::contacts::get(&txn, org, contact_id.0).await?;
        let now = time::now();
        let id = repo::notes::insert(&txn, org, contact_id, Some(author), body.as_str(), now).await?;
        announce(&txn, org, contact_id, now).await?;
        read_back(&txn, org, contact_id, id).await
    })
    .await
}

pub async fn edit(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: ContactId,
    note_id: NoteId,
    body: &NoteBody,
) -> Result<Note, ServiceError> {
    let org = scope.organization_id;
    in_write_transaction!(db, |txn| {
        changeable(&txn, scope, contact_id, note_id).await?;
        let now = time::now();
        repo::notes::update_body(&txn, org, contact_id, note_id, body.as_str(), now).await?;
        announce(&txn, org, contact_id, now).await?;
        read_back(&txn, org, contact_id, note_id).await
    })
    .await
}

pub async fn delete(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: ContactId,
    note_id: NoteId,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    in_write_transaction!(db, |txn| {
        changeable(&txn, scope, contact_id, note_id).await?;
        repo::notes::delete(&txn, org, contact_id, note_id).await?;
        announce(&txn, org, contact_id, time::now()).await?;
        Ok(())
    })
    .await
}

/// The note, if the caller may change it: 404 when it is not this contact's in the caller's
/// organization (a note id of another contact or organization alike), 403 when it is another
/// author's and the caller is an agent.
async fn changeable(
    txn: &DatabaseTransaction,
    scope: &AgentScope,
    contact_id: ContactId,
    note_id: NoteId,
) -> Result<Note, ServiceError> {
    let Some(note) = repo::notes::find(txn, scope.organization_id, contact_id, note_id).await? else {
        // The contact's own 404 first: a merged-away contact says where it went.
        services::contacts::get(txn, scope.organization_id, contact_id.0).await?;
        return Err(ServiceError::not_found("Note"));
    };
    if !may_change(scope.role, scope.user_id, &note) {
        return Err(ServiceError::forbidden(
            "Agents may edit and delete only their own notes",
        ));
    }
    Ok(note)
}

/// The change notice names the contact and no app: every agent who can see the contact (every
/// agent of the organization) is told.
async fn announce(
    txn: &DatabaseTransaction,
    organization_id: i64,
    contact_id: ContactId,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    repo::changes::record(
        txn,
        organization_id,
        ChangeKind::Notes,
        Some(contact_id.0),
        None,
        None,
        at,
    )
    .await?;
    Ok(())
}

async fn read_back(
    txn: &DatabaseTransaction,
    organization_id: i64,
    contact_id: ContactId,
    id: NoteId,
) -> Result<Note, ServiceError> {
    repo::notes::find(txn, organization_id, contact_id, id)
        .await?
        .ok_or_else(|| ServiceError::internal(anyhow::anyhow!("note {id} vanished in its own transaction")))
}
