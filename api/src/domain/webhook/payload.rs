//! The bodies endpoints receive: Standard Webhooks' `{"type", "timestamp", "data"}` with one
//! `data` shape per topic family. Each is a named schema in openapi.yaml (and its `webhooks`
//! section), so integrators can type their receivers.
use crate::domain::contact::Contact;
use crate::domain::conversation::{
    Channel, Conversation, ConversationStatus, ConversationSummary, Message, MessageType,
};
use crate::domain::webhook::topic::Topic;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// A fresh `webhook-id`: the same on every retry of this message, unique across messages.
pub fn new_message_id() -> String {
    format!("msg_{}", Uuid::new_v4().simple())
}

/// The envelope of every message.
#[derive(Serialize)]
pub struct Envelope<'a, T: Serialize> {
    #[serde(rename = "type")]
    pub topic: Topic,
    /// When the change happened (RFC 3339, UTC).
    pub timestamp: String,
    pub data: &'a T,
}

/// The body to sign and send.
pub fn body<T: Serialize>(topic: Topic, at: DateTime<Utc>, data: &T) -> String {
    let envelope = Envelope {
        topic,
        timestamp: at.to_rfc3339_opts(SecondsFormat::Millis, true),
        data,
    };
    serde_json::to_string(&envelope).expect("webhook payloads serialize")
}

/// `data` of contact.created, contact.identified and contact.updated: the profile as it is now.
#[derive(Serialize, ToSchema, PartialEq)]
pub struct WebhookContact {
    pub id: i64,
    pub external_id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub time_zone: Option<String>,
    pub shopify_domain: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Contact> for WebhookContact {
    fn from(contact: &Contact) -> WebhookContact {
        WebhookContact {
            id: contact.id,
            external_id: contact.external_id.clone(),
            email: contact.email.clone(),
            name: contact.name.clone(),
            phone: contact.phone.clone(),
            company: contact.company.clone(),
            city: contact.city.clone(),
            region: contact.region.clone(),
            country: contact.country.clone(),
            time_zone: contact.time_zone.clone(),
            shopify_domain: contact.shopify_domain.clone(),
            created_at: contact.created_at,
            updated_at: contact.updated_at,
        }
    }
}

impl WebhookContact {
    /// Whether a write changed what contact.updated would send (a refreshed "last seen" or a
    /// field the payload does not carry is no update for integrators).
    pub fn differs(before: &Contact, after: &Contact) -> bool {
        let sent = |contact: &Contact| WebhookContact {
            updated_at: contact.created_at,
            ..WebhookContact::from(contact)
        };
        sent(before) != sent(after)
    }
}

/// `data` of contact.merged: the contact that survived, and the id that is gone.
#[derive(Serialize, ToSchema)]
pub struct WebhookContactMerged {
    pub contact: WebhookContact,
    pub merged_contact_id: i64,
}

/// `data` of contact.deleted: only the id; nothing else of an erased contact is sent.
#[derive(Serialize, ToSchema)]
pub struct WebhookContactDeleted {
    pub id: i64,
}

/// `data` of contact.tag_added and contact.tag_removed.
#[derive(Serialize, ToSchema)]
pub struct WebhookContactTag {
    pub contact_id: i64,
    pub tag_id: i64,
    pub tag_name: String,
}

/// `data` of event.created.
#[derive(Serialize, ToSchema)]
pub struct WebhookEvent {
    pub id: i64,
    pub contact_id: i64,
    pub app_id: Option<i64>,
    pub name: String,
    pub occurred_at: DateTime<Utc>,
    pub properties: Map<String, Value>,
    pub created_at: DateTime<Utc>,
}

/// `data` of conversation.created, conversation.resolved and conversation.reopened.
#[derive(Serialize, ToSchema)]
pub struct WebhookConversation {
    pub id: Uuid,
    pub app_id: i64,
    pub contact_id: i64,
    pub status: ConversationStatus,
    pub channel: Channel,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<&Conversation> for WebhookConversation {
    fn from(conversation: &Conversation) -> WebhookConversation {
        WebhookConversation {
            id: conversation.id,
            app_id: conversation.app_id,
            contact_id: conversation.contact_id,
            status: conversation.status,
            channel: conversation.channel,
            title: conversation.title.clone(),
            created_at: conversation.created_at,
            resolved_at: conversation.resolved_at,
        }
    }
}

impl WebhookConversation {
    /// A listed conversation as it stands after a status change to `status` at `at`.
    pub fn from_summary(
        summary: &ConversationSummary,
        status: ConversationStatus,
        at: DateTime<Utc>,
    ) -> WebhookConversation {
        WebhookConversation {
            id: summary.id,
            app_id: summary.app_id,
            contact_id: summary.contact_id,
            status,
            channel: summary.channel,
            title: summary.title.clone(),
            created_at: summary.created_at,
            resolved_at: match status {
                ConversationStatus::Resolved => Some(at),
                _ => None,
            },
        }
    }
}

/// `data` of message.received (a contact wrote) and message.sent (an agent replied).
#[derive(Serialize, ToSchema)]
pub struct WebhookMessage {
    pub id: i64,
    pub conversation_id: Uuid,
    pub app_id: i64,
    pub contact_id: i64,
    pub message_type: MessageType,
    pub content: String,
    pub author_user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl WebhookMessage {
    pub fn new(message: &Message, app_id: i64, contact_id: i64) -> WebhookMessage {
        WebhookMessage {
            id: message.id,
            conversation_id: message.conversation_id,
            app_id,
            contact_id,
            message_type: message.message_type,
            content: message.content.clone(),
            author_user_id: message.author_user_id,
            created_at: message.created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_envelope_has_the_three_standard_fields() {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        let text = body(Topic::ContactDeleted, at, &WebhookContactDeleted { id: 7 });
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"type": "contact.deleted", "timestamp": "2026-12-01T08:30:00.000Z", "data": {"id": 7}})
        );
    }
}
