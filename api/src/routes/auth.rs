//! `POST /auth/login` and `GET /me`.
use crate::auth::AgentScope;
use crate::domain::account;
use crate::domain::role::Role;
use crate::error::{ApiError, ErrorBody};
use crate::http::client_address;
use crate::routes::responses::{BadJson, Unauthenticated};
use crate::services;
use crate::state::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "demo@convot.test")]
    pub email: String,
    #[schema(example = "convot-demo")]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Whether revenue figures (MRR, lifetime value) are included for this user.
    pub has_revenue_permission: bool,
}

impl User {
    pub fn from_record(user: &account::User) -> User {
        let role = user.role.unwrap_or(Role::Agent);
        User {
            id: user.id,
            organization_id: user.organization_id,
            email: user.email.clone(),
            name: user.name.clone(),
            role,
            has_revenue_permission: role.has_revenue_permission(user.revenue_permission),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

#[derive(Serialize, ToSchema)]
pub struct Organization {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub organization: Organization,
}

/// Sign in with email and password.
///
/// Failures are counted per (email, client address) and per client address; past either
/// limit the answer is 429 with `Retry-After`, for unknown emails exactly as for known ones.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "OK", body = LoginResponse),
        BadJson,
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = ErrorBody),
        (status = 422, description = "Missing or mistyped fields: `validation_failed`", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this email from this address (5 in 15 minutes), or from this address (50 in 15 minutes) (`rate_limited`, `Retry-After` in seconds)", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = client_address::of(&request, &state.settings.trusted_proxies);
    let signed_in = services::auth::login(&state, &body.email, &body.password, client).await?;
    Ok(HttpResponse::Ok().json(LoginResponse {
        token: signed_in.token,
        expires_at: signed_in.expires_at,
        user: User::from_record(&signed_in.user),
    }))
}

/// The signed-in agent and their organization.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "OK", body = Me),
        Unauthenticated,
    ),
    security(("agent_token" = []))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, scope: AgentScope) -> Result<HttpResponse, ApiError> {
    let (user, organization) = services::auth::me(&state.db, &scope).await?;
    Ok(HttpResponse::Ok().json(Me {
        user: User::from_record(&user),
        organization: Organization {
            id: organization.id,
            name: organization.name,
        },
    }))
}
