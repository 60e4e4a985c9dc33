//! The webhook outbox: messages and their deliveries written in the writer's own
//! transaction, the delivery log with its attempts, and erasure. The senders' leases are in
//! `webhook_leases`.
use crate::domain::webhook::records::{Attempt, Delivery};
use crate::domain::webhook::topic::Topic;
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use entity::{webhook_attempt, webhook_delivery, webhook_message};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

fn delivery(model: webhook_delivery::Model, message: &webhook_message::Model) -> Delivery {
    Delivery {
        id: model.id,
        organization_id: model.organization_id,
        endpoint_id: model.endpoint_id,
        message_id: message.message_id.clone(),
        topic: message.topic.clone(),
        payload: message.payload.clone(),
        status: model.status,
        attempts: model.attempts,
        next_attempt_at: model.next_attempt_at,
        last_status_code: model.last_status_code,
        last_error: model.last_error,
        created_at: model.created_at,
        finished_at: model.finished_at,
    }
}

/// The deliveries with their messages (one read for all; across organizations for a claim).
pub(crate) async fn with_messages(
    db: &impl ConnectionTrait,
    rows: Vec<webhook_delivery::Model>,
) -> Result<Vec<Delivery>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut wanted = Condition::any();
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        if seen.insert((row.organization_id, row.message_pk)) {
            wanted = wanted.add(
                Condition::all()
                    .add(webhook_message::Column::OrganizationId.eq(row.organization_id))
                    .add(webhook_message::Column::Id.eq(row.message_pk)),
            );
        }
    }
    let messages: std::collections::HashMap<(i64, i64), webhook_message::Model> =
        webhook_message::Entity::find()
            .filter(wanted)
            .all(db)
            .await?
            .into_iter()
            .map(|m| ((m.organization_id, m.id), m))
            .collect();
    // A delivery whose message is gone (its contact was erased meanwhile) is left out.
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let message = messages.get(&(row.organization_id, row.message_pk))?;
            Some(delivery(row, message))
        })
        .collect())
}

fn attempt(model: webhook_attempt::Model) -> Attempt {
    Attempt {
        id: model.id,
        delivery_id: model.delivery_id,
        attempted_at: model.attempted_at,
        status_code: model.status_code,
        duration_ms: model.duration_ms,
        error: model.error,
        response_body: model.response_body,
    }
}

/// Which endpoints of the organization a message goes to.
#[derive(Clone, Copy, Debug)]
pub enum Audience {
    /// The app's own endpoints (its events, conversations and messages).
    App(i64),
    /// The endpoints of every app that has seen the contact (an `app_contacts` row).
    AppsOfContact(i64),
}

pub struct Message<'a> {
    pub organization_id: i64,
    /// The contact the message is about: erasing the contact deletes it.
    pub contact_id: Option<i64>,
    pub topic: Topic,
    pub audience: Audience,
    /// `msg_…`.
    pub message_id: &'a str,
    /// The whole Standard Webhooks body, as it will be signed.
    pub body: &'a str,
    pub at: DateTime<Utc>,
}

/// The message once, and a delivery for every enabled endpoint in the audience subscribed to
/// the topic; nothing (beyond one indexed read) when there is none. Returns how many
/// deliveries were queued. The endpoints are read first and the rows written with `VALUES`,
/// not in one writing CTE: the statement that runs for every write to a contact then costs
/// one read when nobody subscribes, and on Citus each of the three goes to the organization's
/// shard (an `INSERT … SELECT` or a writing CTE is pulled through the coordinator). Run inside
/// the writer's transaction, the deliveries go to the endpoints that read saw, as one writing
/// CTE would have seen them at its start.
pub async fn enqueue(db: &impl ConnectionTrait, message: Message<'_>) -> Result<u64, DbErr> {
    let endpoints = subscribed_endpoints(db, &message).await?;
    if endpoints.is_empty() {
        return Ok(0);
    }
    let message_pk = insert_message(db, &message).await?;
    let queued = endpoints.len() as u64;
    webhook_delivery::Entity::insert_many(endpoints.into_iter().map(|endpoint_id| {
        webhook_delivery::ActiveModel {
            organization_id: Set(message.organization_id),
            endpoint_id: Set(endpoint_id),
            message_pk: Set(message_pk),
            status: Set("pending".to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(Some(message.at)),
            created_at: Set(message.at),
            ..Default::default()
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(queued)
}

/// The ids of the enabled endpoints in the message's audience subscribed to its topic.
async fn subscribed_endpoints(db: &impl ConnectionTrait, message: &Message<'_>) -> Result<Vec<i64>, DbErr> {
    let (audience_sql, audience_id) = match message.audience {
        Audience::App(app_id) => ("app_id = $4", app_id),
        Audience::AppsOfContact(contact_id) => (
            "app_id IN (SELECT app_id FROM app_contacts WHERE organization_id = $1 AND contact_id = $4)",
            contact_id,
        ),
    };
    let sql = format!(
        "SELECT id FROM webhook_endpoints \
         WHERE organization_id = $1 AND enabled = $2 AND topics LIKE $3 AND {audience_sql}"
    );
    let values: Vec<sea_orm::Value> = vec![
        message.organization_id.into(),
        true.into(),
        message.topic.stored_pattern().into(),
        audience_id.into(),
    ];
    let rows = db.query_all_raw(Dialect::of(db).statement(&sql, values)).await?;
    rows.iter().map(|row| row.try_get::<i64>("", "id")).collect()
}

async fn insert_message(db: &impl ConnectionTrait, message: &Message<'_>) -> Result<i64, DbErr> {
    let inserted = webhook_message::ActiveModel {
        organization_id: Set(message.organization_id),
        message_id: Set(message.message_id.to_owned()),
        topic: Set(message.topic.as_str().to_owned()),
        payload: Set(message.body.to_owned()),
        contact_id: Set(message.contact_id),
        created_at: Set(message.at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(inserted.id)
}

/// What "Retry now" found.
pub enum RetryNow {
    /// Due at once (a failed message again, or a succeeded one replayed).
    Queued(Delivery),
    /// A worker is sending it right now; its attempt will show in the log.
    InFlight,
    Missing,
}

/// "Retry now": due at once, whatever its state, unless a worker is sending it right now.
pub async fn retry_now(
    db: &impl ConnectionTrait,
    organization_id: i64,
    endpoint_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<RetryNow, DbErr> {
    let updated = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4, finished_at = NULL \
             WHERE organization_id = $1 AND endpoint_id = $2 AND id = $3 \
             AND (claimed_until IS NULL OR claimed_until < $4)",
            vec![organization_id.into(), endpoint_id.into(), id.into(), now.into()],
        ))
        .await?;
    let found = find(db, organization_id, endpoint_id, id).await?;
    Ok(match (updated.rows_affected(), found) {
        (0, Some(_)) => RetryNow::InFlight,
        (_, Some(delivery)) => RetryNow::Queued(delivery),
        (_, None) => RetryNow::Missing,
    })
}

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    endpoint_id: i64,
    id: i64,
) -> Result<Option<Delivery>, DbErr> {
    let found = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::OrganizationId.eq(organization_id))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_delivery::Column::Id.eq(id))
        .one(db)
        .await?;
    Ok(with_messages(db, found.into_iter().collect()).await?.pop())
}

/// The endpoint's log, newest first, keyset-paged by id.
pub async fn page(
    db: &impl ConnectionTrait,
    organization_id: i64,
    endpoint_id: i64,
    before_id: Option<i64>,
    limit: u64,
) -> Result<Vec<Delivery>, DbErr> {
    let mut query = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::OrganizationId.eq(organization_id))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(before) = before_id {
        query = query.filter(webhook_delivery::Column::Id.lt(before));
    }
    let rows = query
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    with_messages(db, rows).await
}

/// The attempts of these deliveries, oldest first.
pub async fn attempts_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    delivery_ids: &[i64],
) -> Result<Vec<Attempt>, DbErr> {
    if delivery_ids.is_empty() {
        return Ok(Vec::new());
    }
    webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::OrganizationId.eq(organization_id))
        .filter(webhook_attempt::Column::DeliveryId.is_in(delivery_ids.iter().copied()))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(db)
        .await
        .map(|rows| rows.into_iter().map(attempt).collect())
}

/// One delivery to one endpoint, whatever its topics ("Send test").
pub async fn enqueue_to_endpoint(
    db: &impl ConnectionTrait,
    organization_id: i64,
    endpoint_id: i64,
    topic: Topic,
    message_id: &str,
    body: &str,
    at: DateTime<Utc>,
) -> Result<Delivery, DbErr> {
    let message = Message {
        organization_id,
        contact_id: None,
        topic,
        audience: Audience::App(0),
        message_id,
        body,
        at,
    };
    let message_pk = insert_message(db, &message).await?;
    let row = webhook_delivery::ActiveModel {
        organization_id: Set(organization_id),
        endpoint_id: Set(endpoint_id),
        message_pk: Set(message_pk),
        status: Set("pending".to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(Some(at)),
        claimed_until: Set(None),
        claim_token: Set(None),
        last_status_code: Set(None),
        last_error: Set(None),
        created_at: Set(at),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    with_messages(db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| DbErr::RecordNotFound("the message just written".into()))
}

/// Erasure: every message about the contact, queued or logged, and its attempts.
pub async fn delete_for_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<(), DbErr> {
    let dialect = Dialect::of(db);
    for sql in [
        "DELETE FROM webhook_attempts WHERE organization_id = $1 AND delivery_id IN \
         (SELECT d.id FROM webhook_deliveries d JOIN webhook_messages m \
            ON m.organization_id = d.organization_id AND m.id = d.message_pk \
          WHERE d.organization_id = $1 AND m.contact_id = $2)",
        "DELETE FROM webhook_deliveries WHERE organization_id = $1 AND message_pk IN \
         (SELECT id FROM webhook_messages WHERE organization_id = $1 AND contact_id = $2)",
        "DELETE FROM webhook_messages WHERE organization_id = $1 AND contact_id = $2",
    ] {
        db.execute_raw(dialect.statement(sql, vec![organization_id.into(), contact_id.into()]))
            .await?;
    }
    Ok(())
}
