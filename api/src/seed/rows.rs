//! Row writers for the demo seed, one per table it fills.
use crate::domain::secret::random_hex;
use crate::repo::messages::{Author, NewMessage};
use chrono::{DateTime, Duration, Utc};
use entity::*;
use sea_orm::{ActiveModelTrait, Set};
use uuid::Uuid;

pub(crate) async fn insert_organization(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let org = organization::ActiveModel {
        name: Set(name.into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(org.id)
}

pub(crate) async fn insert_app(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    name: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let app = app::ActiveModel {
        organization_id: Set(org),
        public_key: Set(format!("app_{}", random_hex(12))),
        name: Set(name.into()),
        identity_secret: Set(random_hex(32)),
        require_identity_verification: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(app.id)
}

pub(crate) async fn insert_user(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    email: &str,
    name: &str,
    role: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let user = user::ActiveModel {
        organization_id: Set(org),
        email: Set(email.into()),
        name: Set(name.into()),
        password_hash: Set(password_hash.into()),
        role: Set(role.into()),
        revenue_permission: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(user.id)
}

pub(crate) async fn insert_tag(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    name: &str,
    color: &str,
    scope: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let tag = tag::ActiveModel {
        organization_id: Set(org),
        name: Set(name.into()),
        color: Set(color.into()),
        scope: Set(scope.into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(tag.id)
}

pub(crate) async fn insert_contact_tag(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    contact_id: i64,
    tag_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    contact_tag::ActiveModel {
        organization_id: Set(org),
        contact_id: Set(contact_id),
        tag_id: Set(tag_id),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_conversation(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    app_id: i64,
    contact_id: i64,
    spec: (&str, &str, &str, &str),
    status: &str,
    started: DateTime<Utc>,
    verified: bool,
) -> anyhow::Result<Uuid> {
    let id = Uuid::new_v4();
    conversation::ActiveModel {
        organization_id: Set(org),
        id: Set(id),
        app_id: Set(app_id),
        contact_id: Set(contact_id),
        status: Set(status.into()),
        title: Set(spec.0.into()),
        summary: Set(if status == "resolved" {
            spec.3.into()
        } else {
            String::new()
        }),
        channel: Set("widget".into()),
        assignee_id: Set(None),
        identity_verified: Set(verified),
        created_at: Set(started),
        last_activity_at: Set(started + Duration::minutes(12)),
        resolved_at: Set((status == "resolved").then_some(started + Duration::hours(3))),
    }
    .insert(db)
    .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_message(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    conversation_id: Uuid,
    message_type: &str,
    content: &str,
    author_user_id: Option<i64>,
    author_contact_id: Option<i64>,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let author = match (author_user_id, author_contact_id) {
        (Some(user), _) => Author::Agent(user),
        (None, Some(contact)) => Author::Contact(contact),
        (None, None) => Author::System,
    };
    let new = NewMessage {
        organization_id: org,
        conversation_id,
        message_type: crate::repo::records::parse_text(message_type)?,
        content,
        author,
        at,
    };
    crate::repo::messages::insert(db, new).await?;
    Ok(())
}
