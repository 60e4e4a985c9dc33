//! CC addresses of a conversation.
use crate::domain::conversation::CcAddress;
use chrono::{DateTime, Utc};
use entity::cc_email;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QueryTrait, Select, Set, Statement,
};
use uuid::Uuid;

pub async fn of_conversation(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
) -> Result<Vec<CcAddress>, DbErr> {
    Ok(of_conversation_query(organization_id, conversation_id)
        .all(db)
        .await?
        .into_iter()
        .map(CcAddress::from)
        .collect())
}

/// The statement [`of_conversation`] runs, for batching.
pub fn of_conversation_statement(
    backend: DbBackend,
    organization_id: i64,
    conversation_id: Uuid,
) -> Statement {
    of_conversation_query(organization_id, conversation_id).build(backend)
}

fn of_conversation_query(organization_id: i64, conversation_id: Uuid) -> Select<cc_email::Entity> {
    cc_email::Entity::find()
        .filter(cc_email::Column::OrganizationId.eq(organization_id))
        .filter(cc_email::Column::ConversationId.eq(conversation_id))
        .order_by_asc(cc_email::Column::Email)
}

pub async fn count(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
) -> Result<u64, DbErr> {
    cc_email::Entity::find()
        .filter(cc_email::Column::OrganizationId.eq(organization_id))
        .filter(cc_email::Column::ConversationId.eq(conversation_id))
        .count(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    email: &str,
    at: DateTime<Utc>,
) -> Result<CcAddress, DbErr> {
    let added = cc_email::ActiveModel {
        organization_id: Set(organization_id),
        conversation_id: Set(conversation_id),
        email: Set(email.to_owned()),
        created_at: Set(at),
    }
    .insert(db)
    .await?;
    Ok(added.into())
}

pub async fn delete(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    email: &str,
) -> Result<bool, DbErr> {
    let result = cc_email::Entity::delete_many()
        .filter(cc_email::Column::OrganizationId.eq(organization_id))
        .filter(cc_email::Column::ConversationId.eq(conversation_id))
        .filter(cc_email::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
