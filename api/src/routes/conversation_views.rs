//! Conversation, message and tag representations in responses.
use crate::domain::contact::Contact as ContactRecord;
use crate::domain::conversation::{
    self, Channel, ConversationStatus, ConversationSummary, DeliveryStatus, MessageType,
};
use crate::domain::display::{display_name, initials};
use crate::domain::presence::{presence_at, Presence};
use crate::domain::tag::AppliedTag;
use crate::services::conversations::Authors;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// How a contact appears on a conversation row.
#[derive(Serialize, ToSchema)]
pub struct ContactBrief {
    pub id: i64,
    pub display_name: String,
    pub initials: String,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set `avatar_url`: the SPA shows initials instead of
    /// loading it, so whoever set it never learns agents' addresses.
    pub avatar_trusted: bool,
    pub presence: Presence,
}

impl ContactBrief {
    pub fn from_record(c: &ContactRecord, now: DateTime<Utc>) -> ContactBrief {
        ContactBrief {
            id: c.id,
            display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            initials: initials(c.name.as_deref(), c.email.as_deref()),
            avatar_url: c.avatar_url.clone(),
            avatar_trusted: c.avatar_trusted,
            presence: presence_at(now, c.last_heartbeat_at, c.heartbeat_visible, c.last_activity_at),
        }
    }

    /// A conversation whose contact row vanished mid-request (erased) still renders.
    pub fn missing(id: i64) -> ContactBrief {
        ContactBrief {
            id,
            display_name: format!("Visitor #{id}"),
            initials: "V".into(),
            avatar_url: None,
            avatar_trusted: true,
            presence: Presence::Offline,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Conversation {
    pub id: Uuid,
    pub app_id: i64,
    pub app_name: String,
    pub contact: ContactBrief,
    pub status: ConversationStatus,
    pub title: String,
    /// Stored summary; may be empty.
    pub summary: String,
    pub channel: Channel,
    /// Whether the visitor's identity was proven with a `user_hash`.
    pub identity_verified: bool,
    #[schema(required = true)]
    pub assignee_id: Option<i64>,
    /// The latest message's text, activity lines ("… reopened the conversation") left out:
    /// what the visitor or an agent last wrote.
    #[schema(required = true)]
    pub preview: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    #[schema(required = true)]
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Conversation {
    pub fn from_summary(row: ConversationSummary, contact: ContactBrief) -> Conversation {
        Conversation {
            id: row.id,
            app_id: row.app_id,
            app_name: row.app_name,
            contact,
            status: row.status,
            title: row.title,
            summary: row.summary,
            channel: row.channel,
            identity_verified: row.identity_verified,
            assignee_id: row.assignee_id,
            preview: row.preview.map(|p| truncate(&p, 200)),
            created_at: row.created_at,
            last_activity_at: row.last_activity_at,
            resolved_at: row.resolved_at,
        }
    }
}

pub fn truncate(text: &str, max_chars: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

#[derive(Serialize, ToSchema)]
pub struct MessageAuthor {
    /// `contact` for the visitor, `user` for an agent, `system` for activity.
    pub kind: String,
    #[schema(required = true)]
    pub id: Option<i64>,
    pub name: String,
}

/// The delivery state of one CC copy of a reply.
#[derive(Serialize, ToSchema)]
pub struct Delivery {
    pub email: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// Why the last attempt failed.
    #[schema(required = true)]
    pub error: Option<String>,
    #[schema(required = true)]
    pub sent_at: Option<DateTime<Utc>>,
}

impl Delivery {
    pub fn from_record(row: &conversation::Delivery) -> Delivery {
        Delivery {
            email: row.recipient.clone(),
            status: row.status,
            attempts: row.attempts,
            error: row.last_error.clone(),
            sent_at: row.sent_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Message {
    pub id: i64,
    #[serde(rename = "type")]
    pub message_type: MessageType,
    pub content: String,
    pub author: MessageAuthor,
    pub created_at: DateTime<Utc>,
    /// CC copies of an outgoing reply; empty for everything else.
    pub deliveries: Vec<Delivery>,
}

impl Message {
    pub fn from_record(
        m: conversation::Message,
        authors: &Authors,
        deliveries: &[conversation::Delivery],
    ) -> Message {
        let (users, contacts) = (&authors.users, &authors.contacts);
        let author = match (m.author_user_id, m.author_contact_id) {
            (Some(id), _) => MessageAuthor {
                kind: "user".into(),
                id: Some(id),
                name: users.get(&id).cloned().unwrap_or_else(|| "Former agent".into()),
            },
            (None, Some(id)) => MessageAuthor {
                kind: "contact".into(),
                id: Some(id),
                name: contacts
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("Visitor #{id}")),
            },
            (None, None) => MessageAuthor {
                kind: "system".into(),
                id: None,
                name: "Convot".into(),
            },
        };
        let deliveries = deliveries
            .iter()
            .filter(|d| d.message_id == m.id)
            .map(Delivery::from_record)
            .collect();
        Message {
            id: m.id,
            message_type: m.message_type,
            content: m.content,
            author,
            created_at: m.created_at,
            deliveries,
        }
    }
}

/// A tag as applied to a contact or conversation.
#[derive(Serialize, ToSchema)]
pub struct TagRef {
    pub id: i64,
    pub name: String,
    pub color: crate::domain::tag::TagColor,
}

impl TagRef {
    pub fn from_record(tag: AppliedTag) -> TagRef {
        TagRef {
            id: tag.id,
            name: tag.name,
            color: tag.color,
        }
    }
}
