//! Row writers for the tables only the seed fills (organizations, users, apps, app operators)
//! or fills with values the product never writes (an app's first and last sight of a contact
//! apart), plus the history of a demo conversation. Every other row goes through the repo's
//! own writers, as the product's rows do.
use crate::domain::conversation::{Channel, ConversationStatus};
use crate::domain::secret::random_hex;
use crate::repo::conversations::NewConversation;
use chrono::{DateTime, Duration, Utc};
use entity::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
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

pub(crate) async fn insert_app_operator(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    app_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    app_operator::ActiveModel {
        organization_id: Set(org),
        app_id: Set(app_id),
        user_id: Set(user_id),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The product only ever records "seen now" (`repo::app_contacts::touch`); the demo's
/// contacts have a history, first seen long before last.
pub(crate) async fn insert_app_contact(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    contact_id: i64,
    app_id: i64,
    first_seen_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
) -> anyhow::Result<()> {
    app_contact::ActiveModel {
        organization_id: Set(org),
        contact_id: Set(contact_id),
        app_id: Set(app_id),
        first_seen_at: Set(first_seen_at),
        last_seen_at: Set(last_seen_at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A demo conversation from its script (title, first message, reply, summary), started by the
/// product's own writer and then given the history the product never writes at once: active
/// for twelve minutes, and if resolved, resolved three hours after it started with the
/// script's summary.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_conversation(
    db: &impl sea_orm::ConnectionTrait,
    org: i64,
    app_id: i64,
    contact_id: i64,
    spec: (&str, &str, &str, &str),
    status: ConversationStatus,
    started: DateTime<Utc>,
    verified: bool,
) -> anyhow::Result<Uuid> {
    let new = NewConversation {
        organization_id: org,
        app_id,
        contact_id,
        title: spec.0,
        channel: Channel::Widget,
        identity_verified: verified,
        at: started,
    };
    let id = crate::repo::conversations::insert(db, new).await?;
    let resolved = status == ConversationStatus::Resolved;
    conversation::Entity::update_many()
        .col_expr(conversation::Column::Status, Expr::value(status.as_str()))
        .col_expr(
            conversation::Column::Summary,
            Expr::value(if resolved { spec.3 } else { "" }),
        )
        .col_expr(
            conversation::Column::LastActivityAt,
            Expr::value(started + Duration::minutes(12)),
        )
        .col_expr(
            conversation::Column::ResolvedAt,
            Expr::value(resolved.then_some(started + Duration::hours(3))),
        )
        .filter(conversation::Column::OrganizationId.eq(org))
        .filter(conversation::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(id)
}
