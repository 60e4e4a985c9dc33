//! `/integrations/shopify`: connecting the Partner account (owners).
use crate::auth::AgentScope;
use crate::domain::merchant::IntegrationStatus;
use crate::domain::sealed::SealingKey;
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{BadJson, OwnerOnly, ShopifyNotConnected, Unauthenticated};
use crate::services;
use crate::services::shopify_integration::Connection;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerAppMapping {
    /// The Partner app's id (numeric, or `gid://partners/App/…`).
    pub partner_app_id: String,
    /// The Convot app whose contacts are this Partner app's merchants.
    pub app_id: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShopifyConnect {
    /// The numeric Partner organization id.
    pub partner_organization_id: String,
    /// A Partner API client token (`prtapi_…`); stored encrypted, never returned.
    pub access_token: String,
    #[serde(deserialize_with = "crate::routes::extract::objects")]
    pub apps: Vec<PartnerAppMapping>,
}

#[derive(Serialize, ToSchema)]
pub struct ShopifyIntegration {
    pub partner_organization_id: String,
    pub status: IntegrationStatus,
    /// In plain words; starts with `retries_exhausted:` once 12 syncs failed in a row.
    #[schema(required = true)]
    pub last_error: Option<String>,
    #[schema(required = true)]
    pub last_synced_at: Option<DateTime<Utc>>,
    pub consecutive_failures: i32,
    /// The schedule stopped; `POST /integrations/shopify/sync` restarts it.
    pub retries_exhausted: bool,
    pub apps: Vec<PartnerAppMapping>,
    /// The Partner API version the sync uses (`CONVOT_SHOPIFY_PARTNER_API_VERSION`).
    pub api_version: String,
    /// Set when Shopify's version list marks that version unsupported (still served, soon
    /// retired) or no longer lists it; `null` while it is supported.
    #[schema(required = true)]
    pub api_version_warning: Option<String>,
}

async fn current(state: &AppState, scope: &AgentScope) -> Result<ShopifyIntegration, ApiError> {
    let (integration, apps) = services::shopify_integration::view(&state.db, scope).await?;
    Ok(ShopifyIntegration {
        partner_organization_id: integration.partner_organization_id,
        status: integration.status,
        last_error: integration.last_error,
        last_synced_at: integration.last_synced_at,
        consecutive_failures: integration.consecutive_failures,
        retries_exhausted: integration.retries_exhausted,
        api_version: integration
            .api_version
            .unwrap_or_else(|| state.settings.shopify_partner_api_version.clone()),
        api_version_warning: integration.api_version_warning,
        apps: apps
            .into_iter()
            .filter_map(|a| {
                a.app_id.map(|app_id| PartnerAppMapping {
                    partner_app_id: a.partner_app_id,
                    app_id,
                })
            })
            .collect(),
    })
}

/// Connects (or reconnects) the organization's Shopify Partner account and schedules a sync.
#[utoipa::path(
    tag = "shopify",
    request_body = ShopifyConnect,
    responses(
        (status = 200, description = "Connected; the first sync starts at once", body = ShopifyIntegration),
        BadJson, Unauthenticated, OwnerOnly,
        (status = 422, description = "Bad organization id, token or app mapping: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[put("/integrations/shopify")]
pub async fn connect_shopify(
    state: web::Data<AppState>,
    scope: AgentScope,
    body: web::Json<ShopifyConnect>,
) -> Result<HttpResponse, ApiError> {
    let key = SealingKey::from_hex(state.settings.encryption_key.expose_secret())?;
    let body = body.into_inner();
    let connection = Connection {
        partner_organization_id: body.partner_organization_id,
        token: body.access_token,
        apps: body
            .apps
            .into_iter()
            .map(|a| (a.partner_app_id, a.app_id))
            .collect(),
    };
    services::shopify_integration::connect(&state.db, &scope, &key, &state.partner, connection).await?;
    Ok(HttpResponse::Ok().json(current(&state, &scope).await?))
}

/// The connection's status, last error and last successful sync. Never the token.
#[utoipa::path(
    tag = "shopify",
    responses(
        (status = 200, description = "OK", body = ShopifyIntegration),
        Unauthenticated, OwnerOnly, ShopifyNotConnected,
    ),
    security(("agent_token" = []))
)]
#[get("/integrations/shopify")]
pub async fn get_shopify(state: web::Data<AppState>, scope: AgentScope) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(current(&state, &scope).await?))
}

/// Disconnects, forgetting the token and every synced merchant.
#[utoipa::path(
    tag = "shopify",
    responses(
        (status = 204, description = "Disconnected"),
        Unauthenticated, OwnerOnly, ShopifyNotConnected,
    ),
    security(("agent_token" = []))
)]
#[delete("/integrations/shopify")]
pub async fn disconnect_shopify(
    state: web::Data<AppState>,
    scope: AgentScope,
) -> Result<HttpResponse, ApiError> {
    services::shopify_integration::disconnect(&state.db, &scope).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "Sync now": restarts a stopped schedule and syncs within seconds.
#[utoipa::path(
    tag = "shopify",
    responses(
        (status = 202, description = "Sync scheduled", body = ShopifyIntegration),
        Unauthenticated, OwnerOnly, ShopifyNotConnected,
    ),
    security(("agent_token" = []))
)]
#[post("/integrations/shopify/sync")]
pub async fn sync_shopify(state: web::Data<AppState>, scope: AgentScope) -> Result<HttpResponse, ApiError> {
    services::shopify_integration::sync_now(&state.db, &scope).await?;
    Ok(HttpResponse::Accepted().json(current(&state, &scope).await?))
}
