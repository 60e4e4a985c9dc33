//! The tag library (agents create; owners and admins rename and delete) and tagging
//! contacts and conversations within each tag's scope.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::cursor;
use crate::domain::ids::{ContactId, TagId};
use crate::domain::page::{Page, PageParams};
use crate::domain::tag::{normalize_name, Tag, TagColor, TagEdit, TagScope};
use crate::domain::time;
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::{in_write_transaction, is_unique_violation};
use crate::services::webhook_outbox;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

fn name_or_422(raw: &str) -> Result<String, ServiceError> {
    normalize_name(raw).map_err(|problem| ServiceError::invalid_field("name", problem))
}

fn taken(existing: Option<&Tag>) -> ServiceError {
    let error = ServiceError::conflict("tag_exists", "A tag with this name already exists");
    match existing {
        Some(tag) => error.with_detail("tag_id", tag.id),
        None => error,
    }
}

pub async fn create(
    db: &DatabaseConnection,
    scope: &AgentScope,
    name: &str,
    color: TagColor,
    tag_scope: TagScope,
) -> Result<Tag, ServiceError> {
    let name = name_or_422(name)?;
    let org = scope.organization_id;
    if let Some(existing) = repo::tags::find_by_name(db, org, &name).await? {
        return Err(taken(Some(&existing)));
    }
    let now = time::now();
    match repo::tags::insert(db, org, &name, color, tag_scope, now).await {
        Ok(tag) => {
            repo::changes::record(db, org, ChangeKind::Tags, None, None, None, now).await?;
            Ok(tag)
        }
        Err(err) if is_unique_violation(&err) => {
            Err(taken(repo::tags::find_by_name(db, org, &name).await?.as_ref()))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn update(
    db: &DatabaseConnection,
    scope: &AgentScope,
    id: i64,
    name: Option<&str>,
    color: Option<TagColor>,
    tag_scope: Option<TagScope>,
) -> Result<Tag, ServiceError> {
    let org = scope.organization_id;
    let existing = repo::tags::find(db, org, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Tag"))?;
    scope.require_owner_or_admin()?;
    let mut edit = TagEdit {
        name: None,
        color,
        scope: tag_scope,
    };
    if let Some(name) = name {
        let name = name_or_422(name)?;
        if let Some(other) = repo::tags::find_by_name(db, org, &name)
            .await?
            .filter(|t| t.id != id)
        {
            return Err(taken(Some(&other)));
        }
        edit.name = Some(name);
    }
    if edit.name.is_none() && edit.color.is_none() && edit.scope.is_none() {
        return Ok(existing);
    }
    let updated = match repo::tags::update(db, org, &existing, &edit).await {
        Ok(updated) => updated,
        Err(err) if is_unique_violation(&err) => return Err(taken(None)),
        Err(err) => return Err(err.into()),
    };
    repo::changes::record(db, org, ChangeKind::Tags, None, None, None, time::now()).await?;
    Ok(updated)
}

/// Deleting a tag removes it from everything it was on.
pub async fn delete(db: &DatabaseConnection, scope: &AgentScope, id: i64) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    repo::tags::find(db, org, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Tag"))?;
    scope.require_owner_or_admin()?;
    repo::tags::delete(db, org, id).await?;
    repo::changes::record(db, org, ChangeKind::Tags, None, None, None, time::now()).await?;
    Ok(())
}

/// The tag, if it may go on `target`; 404 for unknown ids, 422 for the wrong scope.
async fn usable_tag(
    db: &DatabaseConnection,
    org: i64,
    tag_id: i64,
    target: TagScope,
) -> Result<Tag, ServiceError> {
    let tag = repo::tags::find(db, org, tag_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Tag"))?;
    if !tag.scope.allows(target) {
        return Err(ServiceError::new(
            ErrorKind::Invalid,
            "tag_scope_mismatch",
            // Plain quotes: messages are shown to people as they are, never rendered as markup.
            format!("The tag \"{}\" is for {}s only", tag.name, tag.scope.as_str()),
        )
        .with_detail(
            "fields",
            serde_json::json!({"tag_id": format!("tag scope is {}", tag.scope.as_str())}),
        ));
    }
    Ok(tag)
}

/// Tags or untags a contact, and tells the contact's apps when that changed anything; the
/// change, its notice and its webhook messages commit together.
pub async fn set_on_contact(
    db: &DatabaseConnection,
    org: i64,
    contact_id: i64,
    tag_id: i64,
    on: bool,
) -> Result<(), ServiceError> {
    crate::services::contacts::get(db, org, contact_id).await?;
    let tag = if on {
        usable_tag(db, org, tag_id, TagScope::Contact).await?
    } else {
        repo::tags::find(db, org, tag_id)
            .await?
            .ok_or_else(|| ServiceError::not_found("Tag on this contact"))?
    };
    let tag = &tag;
    in_write_transaction!(db, |txn| {
        let now = time::now();
        let (contact, tag_id) = (ContactId(contact_id), TagId(tag.id));
        let topic = if on {
            let added = repo::tags::tag_contact(&txn, org, contact, tag_id, now).await?;
            added.then_some(Topic::ContactTagAdded)
        } else if repo::tags::untag_contact(&txn, org, contact, tag_id).await? {
            Some(Topic::ContactTagRemoved)
        } else {
            return Err(ServiceError::not_found("Tag on this contact"));
        };
        if let Some(topic) = topic {
            webhook_outbox::contact_tag(&txn, org, topic, contact_id, tag, now).await?;
        }
        repo::changes::record(
            &txn,
            org,
            ChangeKind::ContactTags,
            Some(contact_id),
            None,
            None,
            now,
        )
        .await?;
        Ok(())
    })
    .await
}

pub async fn set_on_conversation(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
    tag_id: i64,
    on: bool,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    let conversation = crate::services::conversations::get(db, org, &scope.apps, conversation_id).await?;
    let now = time::now();
    if on {
        usable_tag(db, org, tag_id, TagScope::Conversation).await?;
        repo::tags::tag_conversation(db, org, conversation.id, tag_id, now).await?;
    } else if !repo::tags::untag_conversation(db, org, conversation.id, tag_id).await? {
        return Err(ServiceError::not_found("Tag on this conversation"));
    }
    repo::changes::record(
        db,
        org,
        ChangeKind::ConversationTags,
        Some(conversation.contact_id),
        Some(conversation.id),
        Some(conversation.app_id),
        now,
    )
    .await?;
    Ok(())
}

/// One page of the tag library in name order: those usable where `scope` says (any, when
/// `None`), whose name starts like `q` once normalized.
pub async fn list(
    db: &DatabaseConnection,
    scope: &AgentScope,
    usable_on: Option<TagScope>,
    q: Option<&str>,
    page: &PageParams,
) -> Result<Page<Tag>, ServiceError> {
    let limit = page.limit()?;
    let after = page.cursor.as_deref().map(cursor::decode::<String>).transpose()?;
    let scopes: &[&str] = match usable_on {
        Some(TagScope::Contact) => &["contact", "both"],
        Some(TagScope::Conversation) => &["conversation", "both"],
        Some(TagScope::Both) => &["both"],
        None => &[],
    };
    let prefix = q.and_then(|q| normalize_name(q).ok());
    let rows = repo::tags::list(
        db,
        scope.organization_id,
        scopes,
        prefix.as_deref(),
        after.as_deref(),
        limit,
    )
    .await?;
    Ok(Page::from_overfetched(rows, limit, |t| cursor::encode(&t.name)))
}
