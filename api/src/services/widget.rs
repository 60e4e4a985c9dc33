//! Widget visitor sessions, heartbeats and messages.
use crate::auth::widget_session::format_token;
use crate::domain::account::App;
use crate::domain::change::ChangeKind;
use crate::domain::conversation::MessageType;
use crate::domain::secret::{random_hex, sha256_hex};
use crate::repo;
use crate::repo::messages::{Author, NewMessage};
use crate::services::contact_profile;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::in_write_transaction;
use chrono::{DateTime, Duration, Utc};
use entity::{conversation, widget_session};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
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
    session: &widget_session::Model,
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
    session: &widget_session::Model,
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
    session: &widget_session::Model,
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
    session: &widget_session::Model,
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
            contact.id
        }
    };
    repo::app_contacts::touch(db, org, contact_id, current.app_id, now).await?;
    let latest = conversation::Entity::find()
        .filter(conversation::Column::OrganizationId.eq(org))
        .filter(conversation::Column::ContactId.eq(contact_id))
        .filter(conversation::Column::AppId.eq(current.app_id))
        .order_by_desc(conversation::Column::LastActivityAt)
        .one(db)
        .await?;
    let reusable =
        latest.filter(|c| c.status != "resolved" || c.resolved_at.is_some_and(|at| now - at < REOPEN_WINDOW));
    let conversation_id = match reusable {
        Some(existing) => {
            let mut active: conversation::ActiveModel = existing.clone().into();
            active.status = Set("open".into());
            active.resolved_at = Set(None);
            active.last_activity_at = Set(now);
            // The badge follows whoever wrote last: an unverified visitor reopening a thread a
            // verified one started takes it away.
            active.identity_verified = Set(current.identity_verified);
            conversation::Entity::update(active)
                .validate()?
                .filter(conversation::Column::OrganizationId.eq(org))
                .exec(db)
                .await?;
            existing.id
        }
        None => {
            let id = Uuid::new_v4();
            conversation::ActiveModel {
                organization_id: Set(org),
                id: Set(id),
                app_id: Set(current.app_id),
                contact_id: Set(contact_id),
                status: Set("open".into()),
                title: Set(content.chars().take(80).collect()),
                summary: Set(String::new()),
                channel: Set("widget".into()),
                assignee_id: Set(None),
                identity_verified: Set(current.identity_verified),
                created_at: Set(now),
                last_activity_at: Set(now),
                resolved_at: Set(None),
            }
            .insert(db)
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
