//! Writing a conversation's messages: replies, notes, visitors' messages, activity lines.
use crate::domain::conversation::{Message, MessageType};
use chrono::{DateTime, Utc};
use entity::message;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

/// Who wrote a message.
#[derive(Clone, Copy, Debug)]
pub enum Author {
    Agent(i64),
    Contact(i64),
    /// Convot itself (activity lines such as an uninstall).
    System,
}

pub struct NewMessage<'a> {
    pub organization_id: i64,
    pub conversation_id: Uuid,
    pub message_type: MessageType,
    pub content: &'a str,
    pub author: Author,
    pub at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewMessage<'_>) -> Result<Message, DbErr> {
    let (user, contact) = match new.author {
        Author::Agent(id) => (Some(id), None),
        Author::Contact(id) => (None, Some(id)),
        Author::System => (None, None),
    };
    let inserted = message::ActiveModel {
        organization_id: Set(new.organization_id),
        conversation_id: Set(new.conversation_id),
        message_type: Set(new.message_type.as_str().to_owned()),
        content: Set(new.content.to_owned()),
        author_user_id: Set(user),
        author_contact_id: Set(contact),
        created_at: Set(new.at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Message::try_from(inserted)
}
