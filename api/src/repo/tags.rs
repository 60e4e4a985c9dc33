//! The tag library and tag assignments.
use crate::domain::ids::{ContactId, TagId};
use crate::domain::tag::{Tag, TagColor, TagEdit, TagScope};
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use entity::{contact_tag, conversation_tag, tag};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

/// The one place a stored tag's text columns become domain values.
fn to_domain(row: tag::Model) -> Tag {
    Tag {
        id: row.id,
        color: TagColor::parse(&row.color),
        scope: TagScope::parse(&row.scope),
        name: row.name,
        created_at: row.created_at,
    }
}

pub async fn find(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Option<Tag>, DbErr> {
    let found = tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Id.eq(id))
        .one(db)
        .await?;
    Ok(found.map(to_domain))
}

pub async fn find_by_name(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
) -> Result<Option<Tag>, DbErr> {
    let found = tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Name.eq(name))
        .one(db)
        .await?;
    Ok(found.map(to_domain))
}

/// By name, in keyset pages; `scopes` limits to tags usable there, `prefix` to names starting so.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    scopes: &[&str],
    prefix: Option<&str>,
    after_name: Option<&str>,
    limit: u64,
) -> Result<Vec<Tag>, DbErr> {
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
    Ok(query.all(db).await?.into_iter().map(to_domain).collect())
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    name: &str,
    color: TagColor,
    scope: TagScope,
    at: DateTime<Utc>,
) -> Result<Tag, DbErr> {
    let inserted = tag::ActiveModel {
        organization_id: Set(organization_id),
        name: Set(name.to_owned()),
        color: Set(color.as_str().to_owned()),
        scope: Set(scope.as_str().to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to_domain(inserted))
}

/// Applies `edit` to the tag `existing` (read by the caller); a unique violation on the name
/// comes back as the database's error, for the caller to answer as a conflict.
pub async fn update(
    db: &impl ConnectionTrait,
    organization_id: i64,
    existing: &Tag,
    edit: &TagEdit,
) -> Result<Tag, DbErr> {
    let mut active = tag::ActiveModel {
        id: sea_orm::Unchanged(existing.id),
        organization_id: sea_orm::Unchanged(organization_id),
        ..Default::default()
    };
    if let Some(name) = &edit.name {
        active.name = Set(name.clone());
    }
    if let Some(color) = edit.color {
        active.color = Set(color.as_str().to_owned());
    }
    if let Some(scope) = edit.scope {
        active.scope = Set(scope.as_str().to_owned());
    }
    let updated = tag::Entity::update(active)
        .validate()?
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .exec(db)
        .await?;
    Ok(to_domain(updated))
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

impl From<TagRow> for crate::domain::tag::AppliedTag {
    fn from(row: TagRow) -> Self {
        Self {
            id: row.id,
            color: crate::domain::tag::TagColor::parse(&row.color),
            name: row.name,
        }
    }
}

pub async fn of_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<TagRow>, DbErr> {
    let statement = of_contact_statement(Dialect::of(db).backend(), organization_id, contact_id);
    TagRow::find_by_statement(statement).all(db).await
}

/// The statement [`of_contact`] runs, for batching.
pub fn of_contact_statement(backend: DbBackend, organization_id: i64, contact_id: i64) -> Statement {
    let sql = "SELECT t.id, t.name, t.color FROM contact_tags ct \
        JOIN tags t ON t.organization_id = ct.organization_id AND t.id = ct.tag_id \
        WHERE ct.organization_id = $1 AND ct.contact_id = $2 ORDER BY t.name";
    Dialect::from_backend(backend).statement(sql, vec![organization_id.into(), contact_id.into()])
}

pub async fn of_conversation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
) -> Result<Vec<TagRow>, DbErr> {
    let statement = of_conversation_statement(Dialect::of(db).backend(), organization_id, conversation_id);
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
    Dialect::from_backend(backend).statement(sql, vec![organization_id.into(), conversation_id.into()])
}

/// Idempotent: tagging twice leaves one row.
/// Whether the tag was newly put on (false when it already was).
pub async fn tag_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    tag_id: TagId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
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
    Ok(result.rows_affected() > 0)
}

pub async fn untag_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    tag_id: TagId,
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
    db.execute_raw(Dialect::of(db).statement(
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

/// The library's tags with any of these (normalized) names, in one statement.
pub async fn find_by_names(
    db: &impl ConnectionTrait,
    organization_id: i64,
    names: &[String],
) -> Result<Vec<Tag>, DbErr> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let found = tag::Entity::find()
        .filter(tag::Column::OrganizationId.eq(organization_id))
        .filter(tag::Column::Name.is_in(names.iter().cloned()))
        .all(db)
        .await?;
    Ok(found.into_iter().map(to_domain).collect())
}

/// `(contact, tag)` for every tag on these contacts, in one statement.
pub async fn on_contacts(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_ids: &[i64],
) -> Result<Vec<(ContactId, TagId)>, DbErr> {
    if contact_ids.is_empty() {
        return Ok(Vec::new());
    }
    let pairs: Vec<(i64, i64)> = contact_tag::Entity::find()
        .select_only()
        .column(contact_tag::Column::ContactId)
        .column(contact_tag::Column::TagId)
        .filter(contact_tag::Column::OrganizationId.eq(organization_id))
        .filter(contact_tag::Column::ContactId.is_in(contact_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(pairs.into_iter().map(|(c, t)| (ContactId(c), TagId(t))).collect())
}

/// Adds the names the library lacks (with `color` and `scope`) and returns the tags it added.
/// A name another writer adds meanwhile is left to it (`ON CONFLICT DO NOTHING`: on
/// PostgreSQL this waits for that writer, so a later read sees its tag).
pub async fn insert_missing(
    db: &impl ConnectionTrait,
    organization_id: i64,
    names: &[String],
    color: TagColor,
    scope: TagScope,
    at: DateTime<Utc>,
) -> Result<Vec<Tag>, DbErr> {
    let mut added = Vec::new();
    for name in names {
        let row = tag::Model::find_by_statement(Dialect::of(db).statement(
            "INSERT INTO tags (organization_id, name, color, scope, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (organization_id, name) DO NOTHING RETURNING *",
            vec![
                organization_id.into(),
                name.as_str().into(),
                color.as_str().into(),
                scope.as_str().into(),
                at.into(),
            ],
        ))
        .one(db)
        .await?;
        added.extend(row.map(to_domain));
    }
    Ok(added)
}
