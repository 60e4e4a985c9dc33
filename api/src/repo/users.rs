//! Agents, and the per-account login throttle.
use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub async fn find_in_organization(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.eq(id))
        .one(db)
        .await
}

/// Login is the one lookup that starts without an organization: emails are unique globally.
pub async fn find_by_login_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await
}

/// Counts a failed login atomically (concurrent failures all count) and returns the new count.
pub async fn record_failed_login(db: &impl ConnectionTrait, user: &user::Model) -> Result<i32, DbErr> {
    user::Entity::update_many()
        .col_expr(
            user::Column::FailedLoginCount,
            Expr::col(user::Column::FailedLoginCount).add(1),
        )
        .filter(user::Column::OrganizationId.eq(user.organization_id))
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    let count = find_in_organization(db, user.organization_id, user.id)
        .await?
        .map(|u| u.failed_login_count)
        .unwrap_or(0);
    Ok(count)
}

pub async fn block_logins_until(
    db: &impl ConnectionTrait,
    user: &user::Model,
    until: DateTime<Utc>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::LoginBlockedUntil, Expr::value(until))
        .filter(user::Column::OrganizationId.eq(user.organization_id))
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn reset_failed_logins(db: &impl ConnectionTrait, user: &user::Model) -> Result<(), DbErr> {
    if user.failed_login_count == 0 && user.login_blocked_until.is_none() {
        return Ok(());
    }
    user::Entity::update_many()
        .col_expr(user::Column::FailedLoginCount, Expr::value(0))
        .col_expr(
            user::Column::LoginBlockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::OrganizationId.eq(user.organization_id))
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Names of several agents by id, in one statement.
pub async fn names(
    db: &impl ConnectionTrait,
    organization_id: i64,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let users = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(users.into_iter().map(|u| (u.id, u.name)).collect())
}
