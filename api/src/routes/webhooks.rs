//! `/apps/{id}/webhooks`: an app's endpoints, their secret, "Send test", the delivery log and
//! "Retry now". Owners and admins; another organization's ids are 404.
use crate::auth::AgentScope;
use crate::domain::page::PageParams;
use crate::domain::sealed::SealingKey;
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    AppNotFound, BadId, BadIdOrQuery, BadJsonOrId, OwnerOrAdminOnly, PageInvalid, Unauthenticated,
};
use crate::routes::webhook_views::{
    CreatedWebhookEndpoint, NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEndpointPatch,
    WebhookSecret,
};
use crate::services;
use crate::services::webhooks::Settings;
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use secrecy::ExposeSecret;

fn sealing_key(state: &AppState) -> Result<SealingKey, ApiError> {
    Ok(SealingKey::from_hex(
        state.settings.encryption_key.expose_secret(),
    )?)
}

/// The app's webhook endpoints, oldest first.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "App id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<WebhookEndpoint>),
        BadIdOrQuery, Unauthenticated, OwnerOrAdminOnly, AppNotFound, PageInvalid,
    ),
    security(("agent_token" = []))
)]
#[get("/apps/{id}/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let app = services::apps::find_managed(&state.db, &scope, id.into_inner()).await?;
    let endpoints = services::webhooks::list(&state.db, &app, &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(endpoints, WebhookEndpoint::from)))
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

/// "Retry now": the message is due at once.
///
/// A failed one is tried again; a succeeded one is replayed with the same `webhook-id`, so a
/// receiver that deduplicates ignores it.
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
        (status = 409, description = "A worker is sending it right now: `delivery_in_flight`", body = ErrorBody),
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
    let logged = services::webhooks::retry(&state.db, &app, webhook_id, delivery_id, time::now()).await?;
    Ok(HttpResponse::Accepted().json(WebhookDelivery::from(logged)))
}
