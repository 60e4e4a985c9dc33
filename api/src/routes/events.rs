//! `POST /contacts/{id}/events` (idempotent with `Idempotency-Key`) and the event timeline.
use crate::auth::api_key::Scope;
use crate::auth::Caller;
use crate::domain::page::PageParams;
use crate::domain::{event, time};
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    ApiKeyUnauthenticated, BadIdOrQuery, BadJsonOrId, ContactNotFound, ContactsReadForbidden, PageInvalid,
    Unauthenticated,
};
use crate::services::events::{self, Recorded};
use crate::state::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContactEvent {
    /// 1-100 printable characters; `lowercase_with_underscores` by convention.
    #[schema(example = "plan_upgraded")]
    pub name: String,
    /// RFC 3339; defaults to now; at most 24 h in the future, and not before year 1 (UTC).
    pub occurred_at: Option<DateTime<Utc>>,
    /// At most 50 keys and 16 KiB serialized.
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub properties: Option<Map<String, Value>>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactEvent {
    pub id: i64,
    pub contact_id: i64,
    /// The app that sent it.
    #[schema(required = true)]
    pub app_id: Option<i64>,
    pub name: String,
    pub occurred_at: DateTime<Utc>,
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub properties: Value,
    pub created_at: DateTime<Utc>,
}

impl ContactEvent {
    pub fn from_record(e: crate::domain::event::ContactEvent) -> ContactEvent {
        ContactEvent {
            id: e.id,
            contact_id: e.contact_id,
            app_id: e.app_id,
            name: e.name,
            occurred_at: e.occurred_at,
            properties: e.properties,
            created_at: e.created_at,
        }
    }
}

/// Records an event for the contact, from the API key's app. With an `Idempotency-Key`
/// header, a retry with the same key and body returns the first event (200) and stores
/// nothing; the same key with another body is 422 `idempotency_key_reused`.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = i64, Path, description = "Contact id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe (1-255 characters)"),
    ),
    request_body = NewContactEvent,
    responses(
        (status = 201, description = "Recorded", body = ContactEvent),
        (status = 200, description = "A retry: the first event, nothing stored", body = ContactEvent),
        BadJsonOrId, ApiKeyUnauthenticated, ContactNotFound,
        (status = 403, description = "Not an API key, or no `events:write`: `forbidden`", body = ErrorBody),
        (status = 422, description = "Invalid event, or reused key: `validation_failed`, `idempotency_key_reused`", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
#[post("/contacts/{id}/events")]
pub async fn record_event(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<NewContactEvent>,
) -> Result<HttpResponse, ApiError> {
    let key = caller.require_api_key()?;
    key.require(Scope::EventsWrite)?;
    let body = body.into_inner();
    let idempotency_key = match request.headers().get("Idempotency-Key") {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| ApiError::invalid_field("Idempotency-Key", "must be printable ASCII"))?
                .to_owned(),
        ),
        None => None,
    };
    // serde_json maps are ordered by key, so equal bodies give equal fingerprints.
    let fingerprint =
        json!({"name": body.name, "occurred_at": body.occurred_at, "properties": body.properties})
            .to_string();
    let now = time::now();
    let new_event =
        event::parse(&body.name, body.occurred_at, body.properties, now).map_err(ApiError::validation)?;
    let recorded = events::record(
        &state.db,
        state.topology,
        key.organization_id,
        id.into_inner(),
        key.app_id,
        new_event,
        idempotency_key.as_deref(),
        &fingerprint,
        now,
    )
    .await?;
    Ok(match recorded {
        Recorded::Created(event) => HttpResponse::Created().json(ContactEvent::from_record(event)),
        Recorded::Replayed(event) => HttpResponse::Ok().json(ContactEvent::from_record(event)),
    })
}

/// A page of the timeline (SPEC §10's envelope) and the events the caller may not see.
#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<ContactEvent>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    /// The contact's events sent by apps the caller does not see (an agent's unoperated apps,
    /// or other apps for an API key); 0 for owners and admins.
    pub hidden_count: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    /// Only events with exactly this name.
    pub name: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The contact's events, newest first (keyset pages by time and id).
/// Agents, or API keys with `contacts:read`.
#[utoipa::path(
    tag = "events",
    params(("id" = i64, Path, description = "Contact id"), EventFilter),
    responses(
        (status = 200, description = "OK", body = EventList),
        BadIdOrQuery, Unauthenticated, ContactsReadForbidden, ContactNotFound, PageInvalid,
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/contacts/{id}/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    filter: web::Query<EventFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ContactsRead)?;
    let filter = filter.into_inner();
    let page = PageParams {
        limit: filter.limit,
        cursor: filter.cursor,
    };
    let timeline = events::timeline(
        &state.db,
        caller.organization_id(),
        id.into_inner(),
        &caller.apps(),
        filter.name.as_deref(),
        &page,
    )
    .await?;
    let list = ListOf::from_page(timeline.page, ContactEvent::from_record);
    Ok(HttpResponse::Ok().json(EventList {
        items: list.items,
        next_cursor: list.next_cursor,
        hidden_count: timeline.hidden_count,
    }))
}
