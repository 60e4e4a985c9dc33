//! Agents writing in a conversation: replies (copied by email to the CC addresses, through the
//! outbox, in the same transaction) and private notes, and status changes recorded as
//! activity messages.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::conversation::{AgentMessageType, ConversationStatus, Message, MessageType};
use crate::domain::time;
use crate::domain::webhook::payload::{WebhookConversation, WebhookMessage};
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::repo::messages::{Author, NewMessage};
use crate::repo::outbox::NewEmail;
use crate::repo::webhook_deliveries::Audience;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use crate::services::widget::MAX_MESSAGE_CHARS;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub async fn post(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
    kind: AgentMessageType,
    content: &str,
) -> Result<Message, ServiceError> {
    let content = content.trim();
    if content.is_empty() || content.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ServiceError::invalid_field(
            "content",
            format!("must be 1 to {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    let org = scope.organization_id;
    let conversation = crate::services::conversations::get(db, org, &scope.apps, conversation_id).await?;
    let conversation = &conversation;
    let posted = in_write_transaction!(db, |txn| {
        let now = time::now();
        let message = repo::messages::insert(
            &txn,
            NewMessage {
                organization_id: org,
                conversation_id: conversation.id,
                message_type: kind.into(),
                content,
                author: Author::Agent(scope.user_id),
                at: now,
            },
        )
        .await?;
        repo::conversations::touch(&txn, org, conversation.id, now).await?;
        if kind == AgentMessageType::Outgoing {
            let subject = if conversation.title.trim().is_empty() {
                format!("Re: your conversation with {}", conversation.app_name)
            } else {
                format!("Re: {}", conversation.title.trim())
            };
            for cc in repo::cc_emails::of_conversation(&txn, org, conversation.id).await? {
                let header = format!("<{}.{}@convot>", message.id, crate::domain::secret::random_hex(8));
                let email = NewEmail {
                    organization_id: org,
                    conversation_id: conversation.id,
                    message_id: message.id,
                    recipient: &cc.email,
                    subject: &subject,
                    body: content,
                    message_id_header: header,
                    at: now,
                };
                repo::outbox::enqueue(&txn, email).await?;
            }
        }
        if kind == AgentMessageType::Outgoing {
            let data = WebhookMessage::new(&message, conversation.app_id, conversation.contact_id);
            webhook_outbox::emit(
                &txn,
                org,
                Some(conversation.contact_id),
                Topic::MessageSent,
                Audience::App(conversation.app_id),
                &data,
                now,
            )
            .await?;
        }
        repo::changes::record(
            &txn,
            org,
            ChangeKind::Conversation,
            Some(conversation.contact_id),
            Some(conversation.id),
            Some(conversation.app_id),
            now,
        )
        .await?;
        Ok(message)
    })
    .await?;
    Ok(posted)
}

/// Sets the status and records who did it as an activity message.
pub async fn set_status(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
    status: ConversationStatus,
) -> Result<(), ServiceError> {
    let org = scope.organization_id;
    let conversation = crate::services::conversations::get(db, org, &scope.apps, conversation_id).await?;
    if conversation.status == status {
        return Ok(());
    }
    let agent = repo::users::find_in_organization(db, org, scope.user_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_else(|| "An agent".into());
    let what = match (conversation.status, status) {
        (_, ConversationStatus::Resolved) => "resolved the conversation",
        (_, ConversationStatus::Pending) => "marked the conversation as pending",
        (ConversationStatus::Resolved, _) => "reopened the conversation",
        _ => "marked the conversation as open",
    };
    let activity = format!("{agent} {what}");
    let (conversation, activity) = (&conversation, &activity);
    in_write_transaction!(db, |txn| {
        let now = time::now();
        let from = conversation.status;
        if !repo::conversations::set_status(&txn, org, conversation.id, from, status, now).await? {
            return Ok(());
        }
        repo::messages::insert(
            &txn,
            NewMessage {
                organization_id: org,
                conversation_id: conversation.id,
                message_type: MessageType::Activity,
                content: activity,
                author: Author::Agent(scope.user_id),
                at: now,
            },
        )
        .await?;
        let topic = match (conversation.status, status) {
            (_, ConversationStatus::Resolved) => Some(Topic::ConversationResolved),
            (ConversationStatus::Resolved, _) => Some(Topic::ConversationReopened),
            _ => None,
        };
        if let Some(topic) = topic {
            let data = WebhookConversation::from_summary(conversation, status, now);
            let (about, audience) = (Some(conversation.contact_id), Audience::App(conversation.app_id));
            webhook_outbox::emit(&txn, org, about, topic, audience, &data, now).await?;
        }
        repo::changes::record(
            &txn,
            org,
            ChangeKind::Conversation,
            Some(conversation.contact_id),
            Some(conversation.id),
            Some(conversation.app_id),
            now,
        )
        .await?;
        Ok(())
    })
    .await
}
