//! `/widget/*`: the public endpoints the browser snippet calls. CORS is open to any origin
//! (without credentials) and each app's traffic is rate limited per client IP.
use crate::auth::widget_session::WidgetCaller;
use crate::domain::profile::{ProfilePatch, RawProfile};
use crate::domain::{custom_data, time};
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{
    BadJson, FieldsInvalid, RateLimited, SessionUnauthenticated, VerificationRequired,
};
use crate::services::identify::{self, IdentifyRequest};
use crate::services::widget;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    /// The app's public key (`app_…`).
    pub app_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <session_token>` to the other widget endpoints.
    pub session_token: String,
}

/// Starts an anonymous visitor session for an app.
#[utoipa::path(
    tag = "widget",
    request_body = SessionRequest,
    responses(
        (status = 201, description = "Created", body = SessionCreated),
        BadJson, FieldsInvalid, RateLimited,
        (status = 404, description = "No app has this app_id: `unknown_app`", body = ErrorBody),
    )
)]
#[post("/sessions")]
pub async fn create_session(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<SessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let app = widget::find_app_by_public_key(&state.db, body.app_id.trim()).await?;
    state.widget_limiter.check(
        app.id,
        crate::http::client_address::of(&request, &state.settings.trusted_proxies),
    )?;
    let session_token = widget::start_session(&state.db, &app, time::now()).await?;
    Ok(HttpResponse::Created().json(SessionCreated { session_token }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct IdentifyPayload {
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub phone: Option<String>,
    /// http or https only; never fetched by the server.
    pub avatar_url: Option<String>,
    /// Lower-case hex HMAC-SHA256 of `external_id` (else `email`) keyed with the app's identity secret.
    pub user_hash: Option<String>,
    /// A flat object of string, number or boolean values; `null` deletes a key (verified calls only).
    #[schema(value_type = Option<Object>)]
    pub custom_data: Option<Map<String, Value>>,
    /// The merchant's `*.myshopify.com` domain.
    pub shop: Option<String>,
    /// HMAC-SHA256 of `shop`, like `user_hash`.
    pub shop_hash: Option<String>,
    /// IANA time zone of the browser.
    pub time_zone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IdentifyResult {
    /// Whether `user_hash` proved the identity. Unverified calls only fill blank fields.
    pub verified: bool,
}

/// Tells Convot who the visitor is. Carries nothing stored back to the browser.
#[utoipa::path(
    tag = "widget",
    request_body = IdentifyPayload,
    responses(
        (status = 200, description = "Identified", body = IdentifyResult),
        BadJson, SessionUnauthenticated, RateLimited,
        (status = 403, description = "The app requires verification: `identity_verification_required`", body = ErrorBody),
        (status = 422, description = "Invalid fields or limits: `validation_failed`, with `details.fields`", body = ErrorBody),
    ),
    security(("widget_session" = []))
)]
#[post("/identify")]
pub async fn identify_visitor(
    state: web::Data<AppState>,
    caller: WidgetCaller,
    body: web::Json<IdentifyPayload>,
) -> Result<HttpResponse, ApiError> {
    state
        .widget_limiter
        .check(caller.session.app_id, caller.client_ip)?;
    let body = body.into_inner();
    let raw = RawProfile {
        email: body.email.clone().map(Some),
        external_id: body.external_id.clone().map(Some),
        name: body.name.map(Some),
        phone: body.phone.map(Some),
        company: body.company.map(Some),
        avatar_url: body.avatar_url.map(Some),
        time_zone: body.time_zone.map(Some),
        ..Default::default()
    };
    let patch = ProfilePatch::parse(raw);
    let changes = body.custom_data.as_ref().map(custom_data::parse).transpose();
    let mut problems = patch.as_ref().err().cloned().unwrap_or_default();
    problems.extend(changes.as_ref().err().cloned().unwrap_or_default());
    if body
        .shop
        .as_deref()
        .is_some_and(|shop| crate::domain::identity::myshopify_domain(shop).is_none())
    {
        problems.insert("shop".into(), "must be a *.myshopify.com domain".into());
    }
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    let request = IdentifyRequest {
        patch: patch.unwrap_or_default(),
        raw_external_id: body.external_id,
        raw_email: body.email,
        user_hash: body.user_hash,
        shop: body.shop,
        shop_hash: body.shop_hash,
        custom_data: changes.ok().flatten().unwrap_or_default(),
    };
    let identified = identify::identify(&state.db, &caller.session, request, time::now()).await?;
    Ok(HttpResponse::Ok().json(IdentifyResult {
        verified: identified.verified,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    /// Whether the page is visible.
    pub visible: bool,
    /// Whether the visitor did anything since the last heartbeat.
    pub active: bool,
}

/// Sent every 30 s by the widget; presence is derived from these at read time.
#[utoipa::path(
    tag = "widget",
    request_body = Heartbeat,
    responses(
        (status = 204, description = "Recorded"),
        BadJson, SessionUnauthenticated, VerificationRequired, FieldsInvalid, RateLimited,
    ),
    security(("widget_session" = []))
)]
#[post("/heartbeat")]
pub async fn heartbeat(
    state: web::Data<AppState>,
    caller: WidgetCaller,
    body: web::Json<Heartbeat>,
) -> Result<HttpResponse, ApiError> {
    state
        .widget_limiter
        .check(caller.session.app_id, caller.client_ip)?;
    widget::heartbeat(&state.db, &caller.session, body.visible, body.active, time::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitorMessage {
    /// 1 to 10,000 characters.
    pub content: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessagePosted {
    pub conversation_id: Uuid,
    pub message_id: i64,
}

/// The visitor writes: appends to their open conversation in this app (reopening a pending
/// or recently resolved one), or starts a new one.
#[utoipa::path(
    tag = "widget",
    request_body = VisitorMessage,
    responses(
        (status = 201, description = "Posted", body = MessagePosted),
        BadJson, SessionUnauthenticated, VerificationRequired, RateLimited,
        (status = 422, description = "Empty or too long: `validation_failed`", body = ErrorBody),
    ),
    security(("widget_session" = []))
)]
#[post("/messages")]
pub async fn post_visitor_message(
    state: web::Data<AppState>,
    caller: WidgetCaller,
    body: web::Json<VisitorMessage>,
) -> Result<HttpResponse, ApiError> {
    state
        .widget_limiter
        .check(caller.session.app_id, caller.client_ip)?;
    let posted = widget::post_message(&state.db, &caller.session, &body.content, time::now()).await?;
    Ok(HttpResponse::Created().json(MessagePosted {
        conversation_id: posted.conversation_id,
        message_id: posted.message_id,
    }))
}
