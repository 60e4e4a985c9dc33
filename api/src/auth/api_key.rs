//! Server API keys: `ck_<id>:<secret>`, of which only a SHA-256 of the secret is stored.
//! A revoked key stops working on the next request because the row is read every time.
use crate::domain::secret::matches_hash;
use crate::error::ApiError;
use entity::api_key;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub const TOKEN_PREFIX: &str = "ck_";

pub use crate::domain::account::Scope;

#[derive(Clone, Debug)]
pub struct ApiKeyScope {
    pub organization_id: i64,
    pub app_id: i64,
    pub key_id: i64,
    pub scopes: Vec<Scope>,
}

impl ApiKeyScope {
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(
                ApiError::forbidden(format!("This API key lacks the \"{}\" scope", scope.as_str()))
                    .with_detail("required_scope", scope.as_str()),
            )
        }
    }
}

pub fn format_token(id: i64, secret: &str) -> String {
    format!("{TOKEN_PREFIX}{id}:{secret}")
}

/// Resolves a presented token to its live key; any failure is the same 401.
pub async fn authenticate(db: &DatabaseConnection, token: &str) -> Result<ApiKeyScope, ApiError> {
    let invalid = || ApiError::unauthenticated("Invalid or revoked API key");
    let (id, secret) = token
        .strip_prefix(TOKEN_PREFIX)
        .and_then(|rest| rest.split_once(':'))
        .ok_or_else(invalid)?;
    let id: i64 = id.parse().map_err(|_| invalid())?;
    let key = api_key::Entity::find()
        .filter(api_key::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if key.revoked_at.is_some() || !matches_hash(secret, &key.secret_hash) {
        return Err(invalid());
    }
    let scopes: Vec<Scope> = serde_json::from_value(key.scopes.clone()).unwrap_or_default();
    Ok(ApiKeyScope {
        organization_id: key.organization_id,
        app_id: key.app_id,
        key_id: key.id,
        scopes,
    })
}
