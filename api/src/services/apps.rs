//! App settings, identity-secret rotation and API keys (owners and admins).
use crate::auth::api_key::format_token;
use crate::auth::AgentScope;
use crate::domain::account::{ApiKey, App, Scope};
use crate::domain::ids::{ApiKeyId, AppId};
use crate::domain::secret::{random_hex, sha256_hex};
use crate::repo;
use crate::repo::apps::AppEdit;
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;

/// The app if it exists in the caller's organization and the caller may see it (404
/// otherwise, so ids never leak), and the caller is an owner or admin (403).
pub async fn find_managed(
    db: &DatabaseConnection,
    scope: &AgentScope,
    app_id: i64,
) -> Result<App, ServiceError> {
    let app = find_visible(db, scope, app_id).await?;
    scope.require_owner_or_admin()?;
    Ok(app)
}

pub async fn update_settings(
    db: &DatabaseConnection,
    app: App,
    name: Option<String>,
    require_identity_verification: Option<bool>,
) -> Result<App, ServiceError> {
    let name = match name {
        Some(name) => {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                return Err(ServiceError::invalid_field(
                    "name",
                    "must be 1 to 100 printable characters",
                ));
            }
            Some(name.to_owned())
        }
        None => None,
    };
    let edit = AppEdit {
        name,
        require_identity_verification,
        identity_secret: None,
    };
    save(db, &app, edit).await
}

pub async fn rotate_identity_secret(db: &DatabaseConnection, app: App) -> Result<App, ServiceError> {
    let edit = AppEdit {
        identity_secret: Some(random_hex(32)),
        ..AppEdit::default()
    };
    save(db, &app, edit).await
}

async fn save(db: &DatabaseConnection, app: &App, edit: AppEdit) -> Result<App, ServiceError> {
    repo::apps::update(db, app.organization_id, app.id, edit)
        .await?
        .ok_or_else(|| ServiceError::not_found("App"))
}

pub struct CreatedKey {
    pub key: ApiKey,
    /// Shown once; only its hash is stored.
    pub token: String,
}

pub async fn create_api_key(
    db: &DatabaseConnection,
    app: &App,
    name: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> Result<CreatedKey, ServiceError> {
    let mut problems = BTreeMap::new();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        problems.insert(
            "name".to_owned(),
            "must be 1 to 100 printable characters".to_owned(),
        );
    }
    if scopes.is_empty() {
        problems.insert("scopes".to_owned(), "must name at least one scope".to_owned());
    }
    if !problems.is_empty() {
        return Err(ServiceError::validation(problems));
    }
    let mut unique: Vec<Scope> = Vec::new();
    for scope in scopes {
        if !unique.contains(scope) {
            unique.push(*scope);
        }
    }
    let secret = random_hex(32);
    let scopes_json = serde_json::to_value(&unique).map_err(anyhow::Error::from)?;
    let key = repo::api_keys::insert(
        db,
        app.organization_id,
        app.id,
        name,
        &sha256_hex(&secret),
        scopes_json,
        now,
    )
    .await?;
    let token = format_token(key.id, &secret);
    Ok(CreatedKey { key, token })
}

pub async fn revoke_api_key(
    db: &DatabaseConnection,
    app: &App,
    key_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if repo::api_keys::revoke(db, app.organization_id, AppId(app.id), ApiKeyId(key_id), now).await? {
        Ok(())
    } else {
        Err(ServiceError::not_found("API key"))
    }
}

/// Visible apps, oldest first, in keyset pages by id.
pub async fn list(
    db: &DatabaseConnection,
    scope: &AgentScope,
    page: &crate::domain::page::PageParams,
) -> Result<crate::domain::page::Page<App>, ServiceError> {
    let limit = page.limit()?;
    let after = page
        .cursor
        .as_deref()
        .map(crate::domain::cursor::decode::<i64>)
        .transpose()?;
    let rows = repo::apps::list_visible(db, scope.organization_id, &scope.apps, after, limit).await?;
    Ok(crate::domain::page::Page::from_overfetched(rows, limit, |app| {
        crate::domain::cursor::encode(&app.id)
    }))
}

/// The app if it exists in the caller's organization and the caller may see it (404
/// otherwise, for missing and foreign alike).
pub async fn find_visible(
    db: &DatabaseConnection,
    scope: &AgentScope,
    app_id: i64,
) -> Result<App, ServiceError> {
    repo::apps::find(db, scope.organization_id, app_id)
        .await?
        .filter(|app| scope.apps.allows(app.id))
        .ok_or_else(|| ServiceError::not_found("App"))
}

/// The app's keys that still work, for its owners and admins.
pub async fn list_api_keys(
    db: &DatabaseConnection,
    scope: &AgentScope,
    app_id: i64,
) -> Result<Vec<ApiKey>, ServiceError> {
    let app = find_managed(db, scope, app_id).await?;
    Ok(repo::api_keys::list_active(db, app.organization_id, app.id).await?)
}
