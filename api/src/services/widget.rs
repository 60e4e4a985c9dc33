//! Widget visitor sessions, heartbeats and messages.
use crate::auth::widget_session::format_token;
use crate::domain::account::App;
use crate::domain::change::ChangeKind;
use crate::domain::conversation::{Channel, ConversationStatus, MessageType};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::secret::{random_hex, sha256_hex};
use crate::domain::visitor::WidgetSession;
use crate::domain::webhook::payload::{WebhookContact, WebhookConversation, WebhookMessage};
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::repo::conversations::NewConversation;
use crate::repo::messages::{Author, NewMessage};
use crate::repo::webhook_deliveries::Audience;
use crate::services::contact_profile;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

/// Presence is written at most this often per contact while nothing changes.
pub const HEARTBEAT_WRITE_INTERVAL: Duration = Duration::seconds(15);
/// A resolved conversation older than this is left alone: the visitor starts a new one.
const REOPEN_WINDOW: Duration = Duration::days(7);
pub const MAX_MESSAGE_CHARS: usize = 10_000;

pub async fn find_app_by_public_key(db: &DatabaseConnection, public_key: &str) -> Result<App, ServiceError> {
    let unknown = || ServiceError::new(ErrorKind::NotFound, "unknown_app", "No app has this app_id");
    if !public_key.starts_with("app_") || public_key.len() > 64 {
        return Err(unknown());
    }
    repo::apps::find_by_public_key(db, public_key)
        .await?
        .ok_or_else(unknown)
}

pub async fn start_session(
    db: &DatabaseConnection,
    app: &App,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let secret = random_hex(32);
    let session =
        repo::widget_sessions::insert(db, app.organization_id, app.id, &sha256_hex(&secret), now).await?;
    Ok(format_token(session.organization_id, session.id, &secret))
}

/// An unverified session may only act while its app does not require verification, whenever
/// the session was opened (SPEC §3). A verified session needs no look-up.
async fn ensure_session_may_act(
    db: &DatabaseConnection,
    session: &WidgetSession,
) -> Result<(), ServiceError> {
    if session.identity_verified {
        return Ok(());
    }
    let app = repo::apps::find(db, session.organization_id, session.app_id)
        .await?
        .ok_or_else(|| ServiceError::unauthenticated("This widget session's app no longer exists"))?;
    crate::services::identify::require_verified_session(&app, session)
}

pub async fn heartbeat(
    db: &DatabaseConnection,
    session: &WidgetSession,
    visible: bool,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    ensure_session_may_act(db, session).await?;
    // Until the visitor identifies or writes, there is no contact whose presence matters.
    if let Some(contact_id) = session.contact_id {
        let written = repo::widget_sessions::record_heartbeat(
            db,
            session.organization_id,
            contact_id,
            visible,
            active,
            now,
            HEARTBEAT_WRITE_INTERVAL,
        )
        .await?;
        if written {
            repo::changes::record(
                db,
                session.organization_id,
                ChangeKind::Presence,
                Some(contact_id),
                None,
                None,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

pub struct Posted {
    pub conversation_id: Uuid,
    pub message_id: i64,
}

/// Appends to the visitor's latest conversation in this app (reopening it if pending or
/// recently resolved), or starts one.
pub async fn post_message(
    db: &DatabaseConnection,
    session: &WidgetSession,
    content: &str,
    now: DateTime<Utc>,
) -> Result<Posted, ServiceError> {
    let content = content.trim();
    if content.is_empty() || content.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ServiceError::invalid_field(
            "content",
            format!("must be 1 to {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    ensure_session_may_act(db, session).await?;
    in_write_transaction!(db, |txn| post_in(&txn, session, content, now).await).await
}

async fn post_in(
    db: &impl ConnectionTrait,
    session: &WidgetSession,
    content: &str,
    now: DateTime<Utc>,
) -> Result<Posted, ServiceError> {
    let org = session.organization_id;
    let current = repo::widget_sessions::find(db, org, session.id)
        .await?
        .unwrap_or_else(|| session.clone());
    let contact_id = match current.contact_id {
        Some(id) => id,
        None => {
            let contact = contact_profile::create(db, org, &Default::default(), |_| {}, now).await?;
            repo::widget_sessions::attach_contact(db, &current, contact.id, false).await?;
            repo::app_contacts::touch(db, org, ContactId(contact.id), AppId(current.app_id), now).await?;
            let data = WebhookContact::from(&contact);
            webhook_outbox::emit(
                db,
                org,
                Some(contact.id),
                Topic::ContactCreated,
                Audience::AppsOfContact(contact.id),
                &data,
                now,
            )
            .await?;
            contact.id
        }
    };
    repo::app_contacts::touch(db, org, ContactId(contact_id), AppId(current.app_id), now).await?;
    let latest =
        repo::conversations::latest_for_contact_in_app(db, org, ContactId(contact_id), AppId(current.app_id))
            .await?;
    let reusable = latest.filter(|c| {
        c.status != ConversationStatus::Resolved || c.resolved_at.is_some_and(|at| now - at < REOPEN_WINDOW)
    });
    let conversation_id = match reusable {
        Some(existing) => {
            // The badge follows whoever wrote last: an unverified visitor reopening a thread a
            // verified one started takes it away.
            repo::conversations::reopen(db, org, existing.id, Some(current.identity_verified), now).await?;
            if existing.status == ConversationStatus::Resolved {
                let data = WebhookConversation {
                    status: ConversationStatus::Open,
                    resolved_at: None,
                    ..WebhookConversation::from(&existing)
                };
                let audience = Audience::App(existing.app_id);
                let about = Some(existing.contact_id);
                webhook_outbox::emit(db, org, about, Topic::ConversationReopened, audience, &data, now)
                    .await?;
            }
            existing.id
        }
        None => {
            let title: String = content.chars().take(80).collect();
            let new = NewConversation {
                organization_id: org,
                app_id: current.app_id,
                contact_id,
                title: &title,
                channel: Channel::Widget,
                identity_verified: current.identity_verified,
                at: now,
            };
            let id = repo::conversations::insert(db, new).await?;
            let data = WebhookConversation {
                id,
                app_id: current.app_id,
                contact_id,
                status: ConversationStatus::Open,
                channel: Channel::Widget,
                title,
                created_at: now,
                resolved_at: None,
            };
            let audience = Audience::App(current.app_id);
            webhook_outbox::emit(
                db,
                org,
                Some(contact_id),
                Topic::ConversationCreated,
                audience,
                &data,
                now,
            )
            .await?;
            id
        }
    };
    let new = NewMessage {
        organization_id: org,
        conversation_id,
        message_type: MessageType::Incoming,
        content,
        author: Author::Contact(contact_id),
        at: now,
    };
    let message = repo::messages::insert(db, new).await?;
    let data = WebhookMessage::new(&message, current.app_id, contact_id);
    webhook_outbox::emit(
        db,
        org,
        Some(contact_id),
        Topic::MessageReceived,
        Audience::App(current.app_id),
        &data,
        now,
    )
    .await?;
    repo::contacts::mark_seen(db, org, contact_id, now).await?;
    repo::changes::record(
        db,
        org,
        ChangeKind::Conversation,
        Some(contact_id),
        Some(conversation_id),
        Some(current.app_id),
        now,
    )
    .await?;
    Ok(Posted {
        conversation_id,
        message_id: message.id,
    })
}
