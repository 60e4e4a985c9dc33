//! Conversations and their messages as the layers above the repo see them.
use crate::domain::text_enum::text_enum;
use chrono::{DateTime, Utc};
use uuid::Uuid;

text_enum! {
    /// Where a conversation stands; agents filter and set it.
    pub enum ConversationStatus {
        Open = "open",
        Pending = "pending",
        Resolved = "resolved",
    }
}

text_enum! {
    /// Where a conversation started.
    pub enum Channel {
        Widget = "widget",
        Email = "email",
        Api = "api",
    }
}

text_enum! {
    /// Who wrote a message, and who sees it: notes stay with agents, activity lines are
    /// written by Convot itself.
    pub enum MessageType {
        Incoming = "incoming",
        Outgoing = "outgoing",
        Note = "note",
        Activity = "activity",
    }
}

text_enum! {
    /// What an agent may post: a reply the visitor sees, or a note only agents see.
    pub enum AgentMessageType {
        /// A reply the contact sees, emailed to the CC addresses.
        Outgoing = "outgoing",
        /// A private note for agents only.
        Note = "note",
    }
}

impl From<AgentMessageType> for MessageType {
    fn from(kind: AgentMessageType) -> MessageType {
        match kind {
            AgentMessageType::Outgoing => MessageType::Outgoing,
            AgentMessageType::Note => MessageType::Note,
        }
    }
}

/// A conversation with what a list row shows about it: its app's name and its latest text.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct ConversationSummary {
    pub id: Uuid,
    pub app_id: i64,
    pub app_name: String,
    pub contact_id: i64,
    pub status: ConversationStatus,
    pub title: String,
    pub summary: String,
    pub channel: Channel,
    pub identity_verified: bool,
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The latest message's text, activity lines ("… reopened the conversation") left out.
    pub preview: Option<String>,
    /// The latest incoming message's text: the summary of last resort.
    pub latest_incoming: Option<String>,
}

/// One conversation row.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    pub organization_id: i64,
    pub id: Uuid,
    pub app_id: i64,
    pub contact_id: i64,
    pub status: ConversationStatus,
    pub title: String,
    pub summary: String,
    pub channel: Channel,
    pub assignee_id: Option<i64>,
    pub identity_verified: bool,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// One message of a conversation; at most one author id is set (none for activity lines).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: i64,
    pub conversation_id: Uuid,
    pub message_type: MessageType,
    pub content: String,
    pub author_user_id: Option<i64>,
    pub author_contact_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

text_enum! {
    /// Where the e-mail copy of a reply to one CC address stands.
    pub enum DeliveryStatus {
        Queued = "queued",
        Sent = "sent",
        Failed = "failed",
    }
}

/// The delivery of one CC copy of a reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub message_id: i64,
    pub recipient: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// An address that gets an e-mail copy of every reply in a conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct CcAddress {
    pub email: String,
    pub created_at: DateTime<Utc>,
}
