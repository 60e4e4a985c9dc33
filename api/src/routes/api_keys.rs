//! `/apps/{id}/api_keys`: create (the token is shown once), list and revoke. Owners and admins.
use crate::auth::AgentScope;
use crate::domain::account::{self, Scope};
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{AppNotFound, BadId, BadJsonOrId, OwnerOrAdminOnly, Unauthenticated};
use crate::services;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// 1 to 100 characters, e.g. "Billing backend".
    pub name: String,
    pub scopes: Vec<Scope>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiKey {
    pub id: i64,
    pub app_id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    pub key: ApiKey,
    /// `ck_<id>:<secret>`. Shown only in this response; only a hash is stored.
    pub token: String,
}

impl ApiKey {
    fn from_record(key: account::ApiKey) -> ApiKey {
        ApiKey {
            id: key.id,
            app_id: key.app_id,
            name: key.name,
            scopes: key.scopes,
            created_at: key.created_at,
        }
    }
}

/// Creates an API key for the app. The response is the only place the token appears.
#[utoipa::path(
    tag = "api_keys",
    params(("id" = i64, Path, description = "App id")),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created", body = CreatedApiKey),
        BadJsonOrId, Unauthenticated, OwnerOrAdminOnly, AppNotFound,
        (status = 422, description = "Invalid name or scopes: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/api_keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    body: web::Json<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let created =
        services::apps::create_api_key(&state.db, &app, &body.name, &body.scopes, time::now()).await?;
    Ok(HttpResponse::Created().json(CreatedApiKey {
        key: ApiKey::from_record(created.key),
        token: created.token,
    }))
}

/// The app's live API keys, newest first. Tokens are never shown again.
#[utoipa::path(
    tag = "api_keys",
    params(("id" = i64, Path, description = "App id")),
    responses(
        (status = 200, description = "OK", body = ListOf<ApiKey>),
        BadId, Unauthenticated, OwnerOrAdminOnly, AppNotFound,
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/api_keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let keys = services::apps::list_api_keys(&state.db, &scope, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListOf::complete(
        keys.into_iter().map(ApiKey::from_record).collect(),
    )))
}

/// Revokes a key; requests with it fail from the next one on.
#[utoipa::path(
    tag = "api_keys",
    params(("id" = i64, Path, description = "App id"), ("key_id" = i64, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked"),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or live key in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/apps/{id}/api_keys/{key_id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, key_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    services::apps::revoke_api_key(&state.db, &app, key_id, time::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
