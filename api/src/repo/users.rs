//! Agents.
use crate::domain::account::User;
use entity::user;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

pub async fn find_in_organization(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<User>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Id.eq(id))
        .one(db)
        .await?
        .map(User::from))
}

/// Login is the one lookup that starts without an organization: emails are unique globally.
pub async fn find_by_login_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>, DbErr> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .map(User::from))
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
