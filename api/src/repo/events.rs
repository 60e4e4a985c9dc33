//! Contact events: idempotent inserts and the keyset-paginated timeline.
use crate::domain::change::ChangeKind;
use crate::domain::ids::{AppId, ContactId};
use crate::domain::visibility::AppVisibility;
use crate::domain::webhook::payload::{self as webhook_payload, WebhookEvent};
use crate::domain::webhook::topic::Topic;
use crate::repo::dialect::Dialect;
use crate::repo::topology::Topology;
use chrono::{DateTime, Utc};
use entity::contact_event;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Set, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionSession, TransactionTrait,
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

/// The event, its change-feed entry and its webhook deliveries, inserted only if the contact
/// exists in the organization; `None` when it does not. This is the events API's hot path;
/// measured in docs/benchmarks.md. On one PostgreSQL it is one writing CTE; SQLite has none,
/// and Citus plans each writing CTE as a step through the coordinator, so both run the same
/// statements one by one in a transaction, each of which Citus routes to the organization's
/// shard.
pub async fn insert_for_existing_contact(
    db: &(impl ConnectionTrait + TransactionTrait),
    topology: Topology,
    event: &EventInsert<'_>,
) -> Result<Option<contact_event::Model>, DbErr> {
    let dialect = Dialect::of(db);
    if dialect.writes_in_ctes() && topology == Topology::OneNode {
        insert_in_one_statement(db, dialect, event).await
    } else {
        insert_in_transaction(db, event).await
    }
}

/// One statement: one round trip, one commit.
async fn insert_in_one_statement(
    db: &impl ConnectionTrait,
    dialect: Dialect,
    event: &EventInsert<'_>,
) -> Result<Option<contact_event::Model>, DbErr> {
    let sql = "WITH target AS (SELECT organization_id, id FROM contacts WHERE organization_id = $1 AND id = $2), \
         event AS (INSERT INTO contact_events (organization_id, contact_id, app_id, name, occurred_at, properties, \
                   idempotency_key, request_hash, created_at) \
                   SELECT organization_id, id, $3, $4, $5, $6, $7, $8, $9 FROM target RETURNING *), \
         change AS (INSERT INTO change_events (organization_id, kind, contact_id, app_id, created_at) \
                    SELECT organization_id, $10, contact_id, app_id, created_at FROM event), \
         hooked AS (SELECT w.organization_id, w.id FROM event JOIN webhook_endpoints w \
                    ON w.organization_id = event.organization_id AND w.app_id = event.app_id \
                    WHERE w.enabled AND w.topics LIKE $15), \
         message AS (INSERT INTO webhook_messages (organization_id, message_id, topic, payload, contact_id, created_at) \
                     SELECT organization_id, $11, $12, $13 || event.id::text || $14, contact_id, created_at FROM event \
                     WHERE EXISTS (SELECT 1 FROM hooked) RETURNING id), \
         hooks AS (INSERT INTO webhook_deliveries (organization_id, endpoint_id, message_pk, status, attempts, \
                   next_attempt_at, created_at) \
                   SELECT hooked.organization_id, hooked.id, message.id, 'pending', 0, $9, $9 \
                   FROM hooked CROSS JOIN message) \
         SELECT * FROM event";
    let (prefix, suffix) = webhook_body_around_id(event);
    let values: Vec<sea_orm::Value> = vec![
        event.organization_id.into(),
        event.contact_id.into(),
        event.app_id.into(),
        event.name.into(),
        event.occurred_at.into(),
        Value::Object(event.properties.clone()).into(),
        event.idempotency_key.map(str::to_owned).into(),
        event.request_hash.map(str::to_owned).into(),
        event.created_at.into(),
        ChangeKind::Events.as_str().into(),
        webhook_payload::new_message_id().into(),
        Topic::EventCreated.as_str().into(),
        prefix.into(),
        suffix.into(),
        Topic::EventCreated.stored_pattern().into(),
    ];
    contact_event::Entity::find()
        .from_raw_sql(dialect.statement(sql, values))
        .one(db)
        .await
}

/// The same check and inserts, in one write transaction. On SQLite it begins IMMEDIATE (as
/// `services::transaction::begin_write`), so a concurrent writer waits for the lock instead of
/// failing when this read-then-write upgrades to a write.
async fn insert_in_transaction(
    db: &impl TransactionTrait,
    event: &EventInsert<'_>,
) -> Result<Option<contact_event::Model>, DbErr> {
    let txn = db
        .begin_with_options(TransactionOptions {
            isolation_level: None,
            access_mode: None,
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        })
        .await?;
    if crate::repo::contacts::find(&txn, event.organization_id, event.contact_id)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let created = insert(&txn, event).await?;
    if let Some(app_id) = event.app_id {
        let (prefix, suffix) = webhook_body_around_id(event);
        let body = format!("{prefix}{}{suffix}", created.id);
        let message_id = webhook_payload::new_message_id();
        crate::repo::webhook_deliveries::enqueue(
            &txn,
            crate::repo::webhook_deliveries::Message {
                organization_id: event.organization_id,
                contact_id: Some(event.contact_id),
                topic: Topic::EventCreated,
                audience: crate::repo::webhook_deliveries::Audience::App(app_id),
                message_id: &message_id,
                body: &body,
                at: event.created_at,
            },
        )
        .await?;
    }
    crate::repo::changes::record(
        &txn,
        event.organization_id,
        ChangeKind::Events,
        Some(event.contact_id),
        None,
        event.app_id,
        event.created_at,
    )
    .await?;
    txn.commit().await?;
    Ok(Some(created))
}

/// The event.created body split where the event's id goes, so the one-statement insert can
/// write the body with the id the database assigns.
fn webhook_body_around_id(event: &EventInsert<'_>) -> (String, String) {
    let data = WebhookEvent {
        id: 0,
        contact_id: event.contact_id,
        app_id: event.app_id,
        name: event.name.to_owned(),
        occurred_at: event.occurred_at,
        properties: event.properties.clone(),
        created_at: event.created_at,
    };
    let body = webhook_payload::body(Topic::EventCreated, event.created_at, &data);
    // `id` is the struct's first field, so the first `"data":{"id":0` is the placeholder.
    let marker = "\"data\":{\"id\":";
    let at = body.find(marker).expect("the event body holds its id") + marker.len();
    (body[..at].to_owned(), body[at + 1..].to_owned())
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

/// Keys are scoped per app (SPEC §3): another app's use of the same key is another event.
pub async fn find_by_idempotency_key(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
    key: &str,
) -> Result<Option<crate::domain::event::ContactEvent>, DbErr> {
    Ok(contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id))
        .filter(contact_event::Column::AppId.eq(app_id))
        .filter(contact_event::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
        .map(Into::into))
}

/// Up to `rows` events, newest first by (occurred_at, id); `after` is the last row of the
/// previous page.
pub async fn timeline(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
    name: Option<&str>,
    after: Option<(DateTime<Utc>, i64)>,
    rows: u64,
) -> Result<Vec<contact_event::Model>, DbErr> {
    timeline_query(organization_id, contact_id, visibility, name, after, rows)
        .all(db)
        .await
}

/// Events are read with the visibility of conversations (SPEC §2): an agent sees the apps
/// they operate, an API key its own app. Events no app sent are the contact's own.
pub fn visible_events(
    query: Select<contact_event::Entity>,
    visibility: &AppVisibility,
) -> Select<contact_event::Entity> {
    match visibility {
        AppVisibility::All => query,
        AppVisibility::Only(ids) => query.filter(
            Condition::any()
                .add(contact_event::Column::AppId.is_null())
                .add(contact_event::Column::AppId.is_in(ids.clone())),
        ),
    }
}

fn timeline_query(
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
    name: Option<&str>,
    after: Option<(DateTime<Utc>, i64)>,
    rows: u64,
) -> Select<contact_event::Entity> {
    let query = contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id));
    let mut query = visible_events(query, visibility)
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
    query
}

/// The most recent events of a contact the caller may see, for the sidebar's batch.
pub fn recent_statement(
    backend: DbBackend,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
    limit: u64,
) -> Statement {
    timeline_query(organization_id, contact_id, visibility, None, None, limit).build(backend)
}

/// How many of the contact's events were sent by apps outside `visible_app_ids`.
pub async fn count_hidden(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visible_app_ids: &[i64],
) -> Result<i64, DbErr> {
    let statement = count_hidden_statement(
        Dialect::of(db).backend(),
        organization_id,
        contact_id,
        visible_app_ids,
    );
    let row = crate::repo::conversations::Count::find_by_statement(statement)
        .one(db)
        .await?;
    Ok(row.map_or(0, |c| c.count))
}

/// Events of the contact sent by apps outside `visible_app_ids`: one row, `count`.
pub fn count_hidden_statement(
    backend: DbBackend,
    organization_id: i64,
    contact_id: i64,
    visible_app_ids: &[i64],
) -> Statement {
    contact_event::Entity::find()
        .select_only()
        .column_as(Expr::col(contact_event::Column::Id).count(), "count")
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id))
        .filter(contact_event::Column::AppId.is_not_null())
        .filter(contact_event::Column::AppId.is_not_in(visible_app_ids.to_vec()))
        .build(backend)
}

/// The contact's events the caller may see (as the timeline shows them).
pub async fn count_visible(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    let query = contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id));
    visible_events(query, visibility).count(db).await
}
