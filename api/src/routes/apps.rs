//! Apps: the list, one app, its settings and identity-secret rotation.
use crate::auth::AgentScope;
use crate::domain::account;
use crate::domain::page::PageParams;
use crate::error::ApiError;
use crate::routes::list::ListOf;
use crate::routes::responses::{
    AppNotFound, BadId, BadJsonOrId, BadQuery, FieldsInvalid, OwnerOrAdminOnly, PageInvalid, Unauthenticated,
};
use crate::services;
use crate::state::AppState;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
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
    pub fn from_record(app: &account::App) -> App {
        App {
            id: app.id,
            public_key: app.public_key.clone(),
            name: app.name.clone(),
            require_identity_verification: app.require_identity_verification,
            created_at: app.created_at,
        }
    }
}

impl AppDetail {
    fn for_caller(app: &account::App, scope: &AgentScope) -> AppDetail {
        let identity_secret = scope.role.sees_all_apps().then(|| app.identity_secret.clone());
        AppDetail {
            app: App::from_record(app),
            identity_secret,
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

/// The apps the signed-in agent may see (all for owners and admins; operated ones for
/// agents), oldest first.
#[utoipa::path(
    tag = "apps",
    params(PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<App>),
        BadQuery, Unauthenticated, PageInvalid,
    ),
    security(("agent_token" = []))
)]
#[get("/apps")]
pub async fn list_apps(
    state: web::Data<AppState>,
    scope: AgentScope,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let apps = services::apps::list(&state.db, &scope, &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(apps, |app| App::from_record(&app))))
}

/// One app. Apps of other organizations, and apps an agent does not operate, are 404.
#[utoipa::path(
    tag = "apps",
    params(("id" = i64, Path, description = "App id")),
    responses(
        (status = 200, description = "OK", body = AppDetail),
        BadId, Unauthenticated, AppNotFound,
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
    let app = services::apps::find_visible(&state.db, &scope, id).await?;
    let identity_secret = scope.role.sees_all_apps().then(|| app.identity_secret.clone());
    Ok(HttpResponse::Ok().json(AppDetail {
        app: App::from_record(&app),
        identity_secret,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppSettings {
    /// 1 to 100 characters.
    pub name: Option<String>,
    /// When on, identify calls without a valid `user_hash` are refused (403).
    pub require_identity_verification: Option<bool>,
}

/// Changes the app's name or verification requirement. Owners and admins.
#[utoipa::path(
    tag = "apps",
    params(("id" = i64, Path, description = "App id")),
    request_body = AppSettings,
    responses(
        (status = 200, description = "The app as stored", body = AppDetail),
        BadJsonOrId, Unauthenticated, OwnerOrAdminOnly, AppNotFound, FieldsInvalid,
    ),
    security(("agent_token" = []))
)]
#[patch("/apps/{id}")]
pub async fn update_app(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    body: web::Json<AppSettings>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let body = body.into_inner();
    let app = services::apps::update_settings(&state.db, app, body.name, body.require_identity_verification)
        .await?;
    Ok(HttpResponse::Ok().json(AppDetail::for_caller(&app, &scope)))
}

/// Replaces the identity secret; hashes made with the old one stop verifying at once.
/// Owners and admins.
#[utoipa::path(
    tag = "apps",
    params(("id" = i64, Path, description = "App id")),
    responses(
        (status = 200, description = "The app with its new secret", body = AppDetail),
        BadId, Unauthenticated, OwnerOrAdminOnly, AppNotFound,
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/identity_secret")]
pub async fn rotate_identity_secret(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let app = services::apps::rotate_identity_secret(&state.db, app).await?;
    Ok(HttpResponse::Ok().json(AppDetail::for_caller(&app, &scope)))
}
