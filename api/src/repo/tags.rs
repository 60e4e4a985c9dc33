//! The tag library and tag assignments.
use crate::repo::sql::statement;
use chrono::{DateTime, Utc};
use entity::{contact_tag, conversation_tag, tag};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<tag::Model>, DbErr> {
    tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Id.eq(id))
        .one(db)
        .await
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
) -> Result<Option<tag::Model>, DbErr> {
    tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Name.eq(name))
        .one(db)
        .await
}

/// By name, in keyset pages; `scopes` limits to tags usable there, `prefix` to names starting so.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    scopes: &[&str],
    prefix: Option<&str>,
    after_name: Option<&str>,
    limit: u64,
) -> Result<Vec<tag::Model>, DbErr> {
    let mut query = tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .order_by_asc(tag::Column::Name)
        .limit(limit + 1);
    if !scopes.is_empty() {
        query = query.filter(tag::Column::Scope.is_in(scopes.iter().copied()));
    }
    if let Some(prefix) = prefix {
        query = query.filter(tag::Column::Name.starts_with(prefix));
    }
    if let Some(after) = after_name {
        query = query.filter(tag::Column::Name.gt(after));
    }
    query.all(db).await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
    color: &str,
    scope: &str,
    at: DateTime<Utc>,
) -> Result<tag::Model, DbErr> {
    tag::ActiveModel {
        organization_id: Set(organization_id),
        name: Set(name.to_owned()),
        color: Set(color.to_owned()),
        scope: Set(scope.to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn delete(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<bool, DbErr> {
    let result = tag::Entity::delete_many()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// A tag as shown on a contact or conversation.
#[derive(Debug, Clone, FromQueryResult, serde::Deserialize)]
pub struct TagRow {
    pub id: i64,
    pub name: String,
    pub color: String,
}

pub async fn of_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<TagRow>, DbErr> {
    let statement = of_contact_statement(db.get_database_backend(), organization_id, contact_id);
    TagRow::find_by_statement(statement).all(db).await
}

/// The statement [`of_contact`] runs, for batching.
pub fn of_contact_statement(backend: DbBackend, organization_id: i64, contact_id: i64) -> Statement {
    let sql = "SELECT t.id, t.name, t.color FROM contact_tags ct \
        JOIN tags t ON t.organization_id = ct.organization_id AND t.id = ct.tag_id \
        WHERE ct.organization_id = $1 AND ct.contact_id = $2 ORDER BY t.name";
    statement(backend, sql, vec![organization_id.into(), contact_id.into()])
}

pub async fn of_conversation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
) -> Result<Vec<TagRow>, DbErr> {
    let statement = of_conversation_statement(db.get_database_backend(), organization_id, conversation_id);
    TagRow::find_by_statement(statement).all(db).await
}

/// The statement [`of_conversation`] runs, for batching.
pub fn of_conversation_statement(
    backend: DbBackend,
    organization_id: i64,
    conversation_id: Uuid,
) -> Statement {
    let sql = "SELECT t.id, t.name, t.color FROM conversation_tags ct \
        JOIN tags t ON t.organization_id = ct.organization_id AND t.id = ct.tag_id \
        WHERE ct.organization_id = $1 AND ct.conversation_id = $2 ORDER BY t.name";
    statement(backend, sql, vec![organization_id.into(), conversation_id.into()])
}

/// Idempotent: tagging twice leaves one row.
pub async fn tag_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    tag_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    db.execute_raw(statement(
        db.get_database_backend(),
        "INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, contact_id, tag_id) DO NOTHING",
        vec![
            organization_id.into(),
            contact_id.into(),
            tag_id.into(),
            at.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn untag_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    tag_id: i64,
) -> Result<bool, DbErr> {
    let result = contact_tag::Entity::delete_many()
        .filter(contact_tag::Column::OrganizationId.eq(organization_id))
        .filter(contact_tag::Column::ContactId.eq(contact_id))
        .filter(contact_tag::Column::TagId.eq(tag_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn tag_conversation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    tag_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    db.execute_raw(statement(
        db.get_database_backend(),
        "INSERT INTO conversation_tags (organization_id, conversation_id, tag_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, conversation_id, tag_id) DO NOTHING",
        vec![organization_id.into(), conversation_id.into(), tag_id.into(), at.into()],
    ))
    .await?;
    Ok(())
}

pub async fn untag_conversation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    tag_id: i64,
) -> Result<bool, DbErr> {
    let result = conversation_tag::Entity::delete_many()
        .filter(conversation_tag::Column::OrganizationId.eq(organization_id))
        .filter(conversation_tag::Column::ConversationId.eq(conversation_id))
        .filter(conversation_tag::Column::TagId.eq(tag_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
