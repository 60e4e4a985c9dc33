//! Queues webhook messages inside the caller's write transaction: a change and the messages
//! it causes commit together or not at all.
use crate::domain::contact::Contact;
use crate::domain::tag::Tag;
use crate::domain::webhook::payload::{
    self, WebhookContact, WebhookContactDeleted, WebhookContactMerged, WebhookContactTag,
};
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::repo::webhook_deliveries::{Audience, Message};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;

/// Queues `data` as a `topic` message for every subscribed endpoint in the audience.
/// `contact_id` names the contact the message is about, so erasing that contact deletes it
/// (`None` for a message that must outlive the contact: its contact.deleted).
pub async fn emit<T: Serialize>(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: Option<i64>,
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
            contact_id,
            topic,
            audience,
            message_id: &message_id,
            body: &body,
            at,
        },
    )
    .await
}

/// contact.created, contact.identified or contact.updated: the profile as it is now, to the
/// endpoints of every app that has seen the contact.
pub async fn contact(
    db: &impl ConnectionTrait,
    topic: Topic,
    contact: &Contact,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let data = WebhookContact::from(contact);
    let audience = Audience::AppsOfContact(contact.id);
    emit(
        db,
        contact.organization_id,
        Some(contact.id),
        topic,
        audience,
        &data,
        at,
    )
    .await
}

/// contact.merged, once the merged contact's rows (its apps among them) are the survivor's.
pub async fn contact_merged(
    db: &impl ConnectionTrait,
    survivor: &Contact,
    merged_contact_id: i64,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let data = WebhookContactMerged {
        contact: WebhookContact::from(survivor),
        merged_contact_id,
    };
    let audience = Audience::AppsOfContact(survivor.id);
    let topic = Topic::ContactMerged;
    emit(
        db,
        survivor.organization_id,
        Some(survivor.id),
        topic,
        audience,
        &data,
        at,
    )
    .await
}

/// contact.deleted, queued before the erasure takes the contact's apps with it. It names no
/// contact, so the erasure's sweep of the contact's messages leaves this one.
pub async fn contact_deleted(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let data = WebhookContactDeleted { id: contact_id };
    let audience = Audience::AppsOfContact(contact_id);
    emit(
        db,
        organization_id,
        None,
        Topic::ContactDeleted,
        audience,
        &data,
        at,
    )
    .await
}

/// contact.tag_added or contact.tag_removed.
pub async fn contact_tag(
    db: &impl ConnectionTrait,
    organization_id: i64,
    topic: Topic,
    contact_id: i64,
    tag: &Tag,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let data = WebhookContactTag {
        contact_id,
        tag_id: tag.id,
        tag_name: tag.name.clone(),
    };
    let audience = Audience::AppsOfContact(contact_id);
    emit(db, organization_id, Some(contact_id), topic, audience, &data, at).await
}
