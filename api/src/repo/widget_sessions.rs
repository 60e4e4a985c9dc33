//! Widget sessions and the presence timestamps their heartbeats write.
use crate::domain::visitor::WidgetSession;
use chrono::{DateTime, Duration, Utc};
use entity::{contact, widget_session};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<WidgetSession, DbErr> {
    let session = widget_session::ActiveModel {
        organization_id: Set(organization_id),
        app_id: Set(app_id),
        token_hash: Set(token_hash.to_owned()),
        contact_id: Set(None),
        identity_verified: Set(false),
        last_heartbeat_at: Set(None),
        heartbeat_visible: Set(false),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(session.into())
}

pub async fn attach_contact(
    db: &impl ConnectionTrait,
    session: &WidgetSession,
    contact_id: i64,
    verified: bool,
) -> Result<(), DbErr> {
    widget_session::Entity::update_many()
        .col_expr(widget_session::Column::ContactId, Expr::value(contact_id))
        .col_expr(widget_session::Column::IdentityVerified, Expr::value(verified))
        .filter(widget_session::Column::OrganizationId.eq(session.organization_id))
        .filter(widget_session::Column::Id.eq(session.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Writes presence at most once per `min_interval` per contact unless visibility changed or the
/// visitor became active again, so steady heartbeats from many browsers stay cheap. One
/// conditional UPDATE: no read first.
pub async fn record_heartbeat(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visible: bool,
    active: bool,
    now: DateTime<Utc>,
    min_interval: Duration,
) -> Result<bool, DbErr> {
    let stale = now - min_interval;
    let mut update = contact::Entity::update_many()
        .col_expr(contact::Column::LastHeartbeatAt, Expr::value(now))
        .col_expr(contact::Column::HeartbeatVisible, Expr::value(visible))
        .col_expr(contact::Column::LastSeenAt, Expr::value(now))
        .filter(contact::Column::OrganizationId.eq(organization_id))
        .filter(contact::Column::Id.eq(contact_id));
    let mut due = Condition::any()
        .add(contact::Column::LastHeartbeatAt.is_null())
        .add(contact::Column::LastHeartbeatAt.lt(stale))
        .add(contact::Column::HeartbeatVisible.ne(visible));
    if active {
        update = update.col_expr(contact::Column::LastActivityAt, Expr::value(now));
        due = due
            .add(contact::Column::LastActivityAt.is_null())
            .add(contact::Column::LastActivityAt.lt(stale));
    }
    let result = update.filter(due).exec(db).await?;
    Ok(result.rows_affected > 0)
}

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<WidgetSession>, DbErr> {
    Ok(widget_session::Entity::find()
        .filter(widget_session::Column::OrganizationId.eq(organization_id))
        .filter(widget_session::Column::Id.eq(id))
        .one(db)
        .await?
        .map(WidgetSession::from))
}
