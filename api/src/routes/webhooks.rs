//! `/apps/{id}/webhooks`: an app's endpoints, their secret, "Send test", the delivery log and
//! "Retry now". Owners and admins; another organization's ids are 404.
use crate::auth::AgentScope;
use crate::domain::page::PageParams;
use crate::domain::sealed::SealingKey;
use crate::domain::time;
use crate::domain::webhook::records::{Attempt, Endpoint};
use crate::domain::webhook::topic::Topic;
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    AppNotFound, BadId, BadIdOrQuery, BadJsonOrId, OwnerOrAdminOnly, PageInvalid, Unauthenticated,
};
use crate::services;
use crate::services::webhooks::{LoggedDelivery, Secrets, Settings};
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookEndpoint {
    /// `https://…` (plain `http://` and inside addresses only with CONVOT_WEBHOOKS_ALLOW_PRIVATE=1).
    pub url: String,
    pub topics: Vec<String>,
    /// Default true.
    pub enabled: Option<bool>,
    /// Up to 500 characters.
    pub description: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointPatch {
    pub url: Option<String>,
    pub topics: Option<Vec<String>>,
    /// Turning a disabled endpoint back on clears its `disabled_reason`.
    pub enabled: Option<bool>,
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub app_id: i64,
    pub url: String,
    pub description: String,
    pub topics: Vec<Topic>,
    pub enabled: bool,
    /// Why Convot stopped sending (410 Gone, or every attempt failed for three days).
    pub disabled_reason: Option<String>,
    /// When the current run of failed attempts began; null while deliveries succeed.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Endpoint> for WebhookEndpoint {
    fn from(model: Endpoint) -> WebhookEndpoint {
        WebhookEndpoint {
            id: model.id,
            app_id: model.app_id,
            url: model.url,
            description: model.description,
            topics: model.topics,
            enabled: model.enabled,
            disabled_reason: model.disabled_reason,
            failing_since: model.failing_since,
            created_at: model.created_at,
            updated_at: model.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedWebhookEndpoint {
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
    /// `whsec_<base64>`: verify requests with it (also shown by GET …/secret).
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookSecret {
    /// `whsec_<base64>` of 32 random bytes.
    pub secret: String,
    /// After a rotation, the old secret, which still signs until `previous_secret_expires_at`.
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

impl From<Secrets> for WebhookSecret {
    fn from(secrets: Secrets) -> WebhookSecret {
        WebhookSecret {
            secret: secrets.secret,
            previous_secret: secrets.previous_secret,
            previous_secret_expires_at: secrets.previous_secret_expires_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookAttempt {
    pub id: i64,
    pub attempted_at: DateTime<Utc>,
    /// Null when no answer came (timeout, refused connection or address).
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// The first 1 KiB of what the receiver answered.
    pub response_body: Option<String>,
}

impl From<Attempt> for WebhookAttempt {
    fn from(model: Attempt) -> WebhookAttempt {
        WebhookAttempt {
            id: model.id,
            attempted_at: model.attempted_at,
            status_code: model.status_code,
            duration_ms: model.duration_ms,
            error: model.error,
            response_body: model.response_body,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    /// The `webhook-id` header, the same on every attempt.
    pub message_id: String,
    #[serde(rename = "type")]
    pub topic: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub attempt_count: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The body as sent.
    pub payload: serde_json::Value,
    pub attempts: Vec<WebhookAttempt>,
}

impl From<LoggedDelivery> for WebhookDelivery {
    fn from((model, attempts): LoggedDelivery) -> WebhookDelivery {
        WebhookDelivery {
            id: model.id,
            endpoint_id: model.endpoint_id,
            message_id: model.message_id,
            topic: model.topic,
            status: model.status,
            attempt_count: model.attempts,
            next_attempt_at: model.next_attempt_at,
            last_status_code: model.last_status_code,
            last_error: model.last_error,
            created_at: model.created_at,
            finished_at: model.finished_at,
            payload: serde_json::from_str(&model.payload).unwrap_or(serde_json::Value::Null),
            attempts: attempts.into_iter().map(WebhookAttempt::from).collect(),
        }
    }
}

fn sealing_key(state: &AppState) -> Result<SealingKey, ApiError> {
    Ok(SealingKey::from_hex(
        state.settings.encryption_key.expose_secret(),
    )?)
}

/// The app's webhook endpoints, oldest first.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id")),
    responses(
        (status = 200, description = "OK", body = ListOf<WebhookEndpoint>),
        BadId, Unauthenticated, OwnerOrAdminOnly, AppNotFound,
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let endpoints = services::webhooks::list(&state.db, &app).await?;
    Ok(HttpResponse::Ok().json(ListOf::complete(
        endpoints.into_iter().map(WebhookEndpoint::from).collect(),
    )))
}

/// Adds an endpoint; the response carries its signing secret.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id")),
    request_body = NewWebhookEndpoint,
    responses(
        (status = 201, description = "Created", body = CreatedWebhookEndpoint),
        BadJsonOrId, Unauthenticated, OwnerOrAdminOnly, AppNotFound,
        (status = 422, description = "Bad URL (not https, an inside or metadata address), unknown topics or a long description: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    body: web::Json<NewWebhookEndpoint>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let key = sealing_key(&state)?;
    let (endpoint, secret) = services::webhooks::create(
        &state.db,
        &key,
        state.settings.webhooks_allow_private,
        &app,
        Settings {
            url: Some(&body.url),
            topics: Some(&body.topics),
            enabled: body.enabled,
            description: body.description.as_deref(),
        },
        time::now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(CreatedWebhookEndpoint {
        endpoint: endpoint.into(),
        secret,
    }))
}

/// One endpoint.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 200, description = "OK", body = WebhookEndpoint),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/webhooks/{webhook_id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let endpoint = services::webhooks::find(&state.db, &app, webhook_id).await?;
    Ok(HttpResponse::Ok().json(WebhookEndpoint::from(endpoint)))
}

/// Changes an endpoint's URL, topics, description or enabled state.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    request_body = WebhookEndpointPatch,
    responses(
        (status = 200, description = "Saved", body = WebhookEndpoint),
        BadJsonOrId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
        (status = 422, description = "Bad URL, topics or description: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[patch("/apps/{id}/webhooks/{webhook_id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
    body: web::Json<WebhookEndpointPatch>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let endpoint = services::webhooks::update(
        &state.db,
        state.settings.webhooks_allow_private,
        &app,
        webhook_id,
        Settings {
            url: body.url.as_deref(),
            topics: body.topics.as_deref(),
            enabled: body.enabled,
            description: body.description.as_deref(),
        },
        time::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(WebhookEndpoint::from(endpoint)))
}

/// Deletes an endpoint and its delivery log.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 204, description = "Deleted"),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/apps/{id}/webhooks/{webhook_id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    services::webhooks::delete(&state.db, &app, webhook_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reveals the signing secret (and, for 24 h after a rotation, the previous one).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 200, description = "OK", body = WebhookSecret),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/webhooks/{webhook_id}/secret")]
pub async fn reveal_webhook_secret(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let secrets =
        services::webhooks::reveal(&state.db, &sealing_key(&state)?, &app, webhook_id, time::now()).await?;
    Ok(HttpResponse::Ok().json(WebhookSecret::from(secrets)))
}

/// Rotates the signing secret; the old one keeps signing beside it for 24 hours.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 200, description = "Rotated", body = WebhookSecret),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/webhooks/{webhook_id}/secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let secrets =
        services::webhooks::rotate(&state.db, &sealing_key(&state)?, &app, webhook_id, time::now()).await?;
    Ok(HttpResponse::Ok().json(WebhookSecret::from(secrets)))
}

/// Queues a sample `message.received` to this endpoint, whatever its topics.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 202, description = "Queued: the delivery, in the log from now on", body = WebhookDelivery),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/webhooks/{webhook_id}/test")]
pub async fn test_webhook(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let delivery = services::webhooks::send_test(&state.db, &app, webhook_id, time::now()).await?;
    Ok(HttpResponse::Accepted().json(WebhookDelivery::from((delivery, Vec::new()))))
}

/// The endpoint's delivery log, newest first, each message with its attempts.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), ("webhook_id" = i64, Path, description = "Endpoint id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<WebhookDelivery>),
        BadIdOrQuery, Unauthenticated, OwnerOrAdminOnly, PageInvalid,
        (status = 404, description = "No such app or endpoint in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/webhooks/{webhook_id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let logged = services::webhooks::deliveries(&state.db, &app, webhook_id, &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(logged, WebhookDelivery::from)))
}

/// "Retry now": the message is due at once (also a failed one).
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = i64, Path, description = "App id"),
        ("webhook_id" = i64, Path, description = "Endpoint id"),
        ("delivery_id" = i64, Path, description = "Delivery id"),
    ),
    responses(
        (status = 202, description = "Queued", body = WebhookDelivery),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such app, endpoint or delivery in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/apps/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry")]
pub async fn retry_webhook_delivery(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (app_id, webhook_id, delivery_id) = path.into_inner();
    let app = services::apps::find_managed(&state.db, &scope, app_id).await?;
    let delivery = services::webhooks::retry(&state.db, &app, webhook_id, delivery_id, time::now()).await?;
    Ok(HttpResponse::Accepted().json(WebhookDelivery::from((delivery, Vec::new()))))
}
