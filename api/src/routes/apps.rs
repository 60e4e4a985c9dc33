//! `GET /apps` and `GET /apps/{id}`.
use crate::auth::AgentScope;
use crate::error::{ApiError, ErrorBody};
use crate::repo;
use crate::routes::list::ListOf;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct App {
    pub id: i64,
    /// Public key for the widget snippet (`app_…`); safe to put in a browser.
    pub public_key: String,
    pub name: String,
    pub require_identity_verification: bool,
    pub created_at: DateTime<Utc>,
}

impl App {
    fn from_model(app: &entity::app::Model) -> App {
        App {
            id: app.id,
            public_key: app.public_key.clone(),
            name: app.name.clone(),
            require_identity_verification: app.require_identity_verification,
            created_at: app.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AppDetail {
    #[serde(flatten)]
    pub app: App,
    /// HMAC key for `user_hash`; present for owners and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_secret: Option<String>,
}

/// The apps the signed-in agent may see (all for owners and admins; operated ones for agents).
#[utoipa::path(
    tag = "apps",
    responses(
        (status = 200, description = "OK", body = ListOf<App>),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/apps")]
pub async fn list_apps(state: web::Data<AppState>, scope: AgentScope) -> Result<HttpResponse, ApiError> {
    let apps = repo::apps::list_visible(&state.db, scope.organization_id, &scope.apps).await?;
    Ok(HttpResponse::Ok().json(ListOf::complete(apps.iter().map(App::from_model).collect())))
}

/// One app. Apps of other organizations, and apps an agent does not operate, are 404.
#[utoipa::path(
    tag = "apps",
    params(("id" = i64, Path, description = "App id")),
    responses(
        (status = 200, description = "OK", body = AppDetail),
        (status = 400, description = "Malformed request: `malformed_json`, `invalid_path_parameter` or `invalid_query`", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 404, description = "No such resource in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}")]
pub async fn get_app(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let app = repo::apps::find(&state.db, scope.organization_id, id)
        .await?
        .filter(|app| scope.apps.allows(app.id))
        .ok_or_else(|| ApiError::not_found("App"))?;
    let identity_secret = scope.role.sees_all_apps().then(|| app.identity_secret.clone());
    Ok(HttpResponse::Ok().json(AppDetail {
        app: App::from_model(&app),
        identity_secret,
    }))
}
