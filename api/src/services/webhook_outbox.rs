//! Queues webhook messages inside the caller's write transaction: a change and the messages
//! it causes commit together or not at all.
use crate::domain::webhook::payload;
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::repo::webhook_deliveries::{Audience, Message};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

/// Queues `data` as a `topic` message for every subscribed endpoint in the audience.
pub async fn emit<T: Serialize>(
    db: &impl ConnectionTrait,
    organization_id: i64,
    topic: Topic,
    audience: Audience,
    data: &T,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let body = payload::body(topic, at, data);
    let message_id = payload::new_message_id();
    repo::webhook_deliveries::enqueue(
        db,
        Message {
            organization_id,
            topic,
            audience,
            message_id: &message_id,
            body: &body,
            at,
        },
    )
    .await
}
