//! API keys of an app.
use crate::domain::account::ApiKey;
use crate::domain::ids::{ApiKeyId, AppId};
use chrono::{DateTime, Utc};
use entity::api_key;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::Value;

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    name: &str,
    secret_hash: &str,
    scopes: Value,
    at: DateTime<Utc>,
) -> Result<ApiKey, DbErr> {
    let key = api_key::ActiveModel {
        organization_id: Set(organization_id),
        app_id: Set(app_id),
        name: Set(name.to_owned()),
        secret_hash: Set(secret_hash.to_owned()),
        scopes: Set(scopes),
        created_at: Set(at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(key.into())
}

/// Live keys of the app, newest first.
pub async fn list_active(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
) -> Result<Vec<ApiKey>, DbErr> {
    Ok(api_key::Entity::find()
        .filter(api_key::Column::OrganizationId.eq(organization_id))
        .filter(api_key::Column::AppId.eq(app_id))
        .filter(api_key::Column::RevokedAt.is_null())
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(ApiKey::from)
        .collect())
}

/// Returns whether a live key was revoked.
pub async fn revoke(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: AppId,
    key_id: ApiKeyId,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(at))
        .filter(api_key::Column::OrganizationId.eq(organization_id))
        .filter(api_key::Column::AppId.eq(app_id))
        .filter(api_key::Column::Id.eq(key_id))
        .filter(api_key::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
