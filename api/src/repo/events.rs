//! Contact events: idempotent inserts and the keyset-paginated timeline.
use chrono::{DateTime, Utc};
use entity::contact_event;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::{Map, Value};

pub struct EventInsert<'a> {
    pub organization_id: i64,
    pub contact_id: i64,
    pub app_id: Option<i64>,
    pub name: &'a str,
    pub occurred_at: DateTime<Utc>,
    pub properties: &'a Map<String, Value>,
    pub idempotency_key: Option<&'a str>,
    pub request_hash: Option<&'a str>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    event: &EventInsert<'_>,
) -> Result<contact_event::Model, DbErr> {
    contact_event::ActiveModel {
        organization_id: Set(event.organization_id),
        contact_id: Set(event.contact_id),
        app_id: Set(event.app_id),
        name: Set(event.name.to_owned()),
        occurred_at: Set(event.occurred_at),
        properties: Set(Value::Object(event.properties.clone())),
        idempotency_key: Set(event.idempotency_key.map(str::to_owned)),
        request_hash: Set(event.request_hash.map(str::to_owned)),
        created_at: Set(event.created_at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find_by_idempotency_key(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    key: &str,
) -> Result<Option<contact_event::Model>, DbErr> {
    contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id))
        .filter(contact_event::Column::IdempotencyKey.eq(key))
        .one(db)
        .await
}

/// Up to `rows` events, newest first by (occurred_at, id); `after` is the last row of the
/// previous page.
pub async fn timeline(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    name: Option<&str>,
    after: Option<(DateTime<Utc>, i64)>,
    rows: u64,
) -> Result<Vec<contact_event::Model>, DbErr> {
    let mut query = contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id))
        .order_by_desc(contact_event::Column::OccurredAt)
        .order_by_desc(contact_event::Column::Id)
        .limit(rows);
    if let Some(name) = name {
        query = query.filter(contact_event::Column::Name.eq(name));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            // A row-value comparison is an index condition; the equivalent OR is only a filter.
            Expr::tuple([
                Expr::col(contact_event::Column::OccurredAt),
                Expr::col(contact_event::Column::Id),
            ])
            .lt(Expr::tuple([Expr::value(at), Expr::value(id)])),
        );
    }
    query.all(db).await
}

/// The most recent events of a contact, for the sidebar.
pub async fn recent(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    limit: u64,
) -> Result<Vec<contact_event::Model>, DbErr> {
    timeline(db, organization_id, contact_id, None, None, limit).await
}
