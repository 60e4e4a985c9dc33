//! Reading conversations for agents: only in apps they may see, 404 for anything else.
use crate::domain::contact::Contact;
use crate::domain::conversation::{ConversationStatus, ConversationSummary, Delivery, Message};
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::repo::conversations::ListFilter;
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// Display names of message authors, by id.
#[derive(Default)]
pub struct Authors {
    pub users: HashMap<i64, String>,
    pub contacts: HashMap<i64, String>,
}

/// The `status` filter; `status=` is refused like any other value outside the enum the spec
/// documents.
pub fn parse_status(status: Option<&str>) -> Result<Option<ConversationStatus>, ServiceError> {
    status
        .map(|value| {
            value
                .parse()
                .map_err(|_| ServiceError::invalid_field("status", "must be open, pending or resolved"))
        })
        .transpose()
}

/// A page of conversations and the contacts they involve (one query each).
pub async fn list(
    db: &DatabaseConnection,
    organization_id: i64,
    apps: &AppVisibility,
    app_id: Option<i64>,
    status: Option<&str>,
    contact_id: Option<i64>,
    page: &PageParams,
) -> Result<(Page<ConversationSummary>, HashMap<i64, Contact>), ServiceError> {
    let limit = page.limit()?;
    let after = page
        .cursor
        .as_deref()
        .map(cursor::decode::<(DateTime<Utc>, Uuid)>)
        .transpose()?;
    let status = parse_status(status)?;
    let filter = ListFilter {
        app_id,
        status,
        contact_id,
        after,
        limit,
    };
    let rows: Vec<ConversationSummary> =
        repo::conversations::list(db, organization_id, apps, &filter).await?;
    let page = Page::from_overfetched(rows, limit, |row| cursor::encode(&(row.last_activity_at, row.id)));
    let contact_ids: Vec<i64> = page.items.iter().map(|row| row.contact_id).collect();
    let contacts = repo::contacts::find_many(db, organization_id, &contact_ids).await?;
    Ok((page, contacts.into_iter().map(|c| (c.id, c)).collect()))
}

/// The conversation if it exists in the organization and in an app the agent sees.
pub async fn get(
    db: &DatabaseConnection,
    organization_id: i64,
    apps: &AppVisibility,
    id: Uuid,
) -> Result<ConversationSummary, ServiceError> {
    repo::conversations::find_row(db, organization_id, apps, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Conversation"))
}

pub async fn messages(
    db: &DatabaseConnection,
    organization_id: i64,
    apps: &AppVisibility,
    id: Uuid,
    page: &PageParams,
) -> Result<(Page<Message>, Authors, Vec<Delivery>), ServiceError> {
    let conversation = get(db, organization_id, apps, id).await?;
    let limit = page.limit()?;
    let after = page
        .cursor
        .as_deref()
        .map(cursor::decode::<(DateTime<Utc>, i64)>)
        .transpose()?;
    let rows = repo::conversations::messages(db, organization_id, conversation.id, after, limit).await?;
    let page = Page::from_overfetched(rows, limit, |m| cursor::encode(&(m.created_at, m.id)));
    let authors = author_names(db, organization_id, &page.items).await?;
    let ids: Vec<i64> = page.items.iter().map(|m| m.id).collect();
    let deliveries = repo::outbox::for_messages(db, organization_id, &ids).await?;
    Ok((page, authors, deliveries))
}

/// Display names of the messages' authors, two queries whatever the page size.
pub async fn author_names(
    db: &DatabaseConnection,
    organization_id: i64,
    messages: &[Message],
) -> Result<Authors, ServiceError> {
    let user_ids: Vec<i64> = messages.iter().filter_map(|m| m.author_user_id).collect();
    let contact_ids: Vec<i64> = messages.iter().filter_map(|m| m.author_contact_id).collect();
    let users = repo::users::names(db, organization_id, &user_ids).await?;
    let contacts = repo::contacts::find_many(db, organization_id, &contact_ids)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id,
                crate::domain::display::display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            )
        })
        .collect();
    Ok(Authors { users, contacts })
}

/// The email deliveries (CC copies) of these messages.
pub async fn deliveries(
    db: &DatabaseConnection,
    organization_id: i64,
    message_ids: &[i64],
) -> Result<Vec<Delivery>, ServiceError> {
    Ok(repo::outbox::for_messages(db, organization_id, message_ids).await?)
}
