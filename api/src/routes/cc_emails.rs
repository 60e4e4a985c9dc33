//! `/conversations/{id}/cc_emails`: addresses copied on outgoing replies.
use crate::auth::AgentScope;
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::services;
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Serialize, ToSchema)]
pub struct CcEmail {
    pub email: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCcEmail {
    pub email: String,
}

/// The conversation's CC addresses, in the order they were added.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "OK", body = ListOf<CcEmail>),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 404, description = "No such conversation you may see: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/conversations/{id}/cc_emails")]
pub async fn list_cc_emails(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let rows = services::cc_emails::list(&state.db, &scope, id.into_inner()).await?;
    let items = rows
        .into_iter()
        .map(|cc| CcEmail {
            email: cc.email,
            created_at: cc.created_at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(ListOf::complete(items)))
}

/// Copies an address on the conversation's replies: valid syntax, stored lower-cased, no
/// duplicates (409), at most 10, never the contact's own address (422).
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = NewCcEmail,
    responses(
        (status = 201, description = "Added", body = CcEmail),
        (status = 400, description = "Malformed JSON or id", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 404, description = "No such conversation you may see: `not_found`", body = ErrorBody),
        (status = 409, description = "Already copied: `cc_email_exists`", body = ErrorBody),
        (status = 422, description = "Invalid, the contact's own, or an eleventh address: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/conversations/{id}/cc_emails")]
pub async fn add_cc_email(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<Uuid>,
    body: web::Json<NewCcEmail>,
) -> Result<HttpResponse, ApiError> {
    let cc = services::cc_emails::add(&state.db, &scope, id.into_inner(), &body.email).await?;
    Ok(HttpResponse::Created().json(CcEmail {
        email: cc.email,
        created_at: cc.created_at,
    }))
}

/// Stops copying an address.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id"), ("email" = String, Path, description = "The address")),
    responses(
        (status = 204, description = "Removed"),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 404, description = "No such conversation or address: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/conversations/{id}/cc_emails/{email}")]
pub async fn remove_cc_email(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation_id, email) = path.into_inner();
    services::cc_emails::remove(&state.db, &scope, conversation_id, &email).await?;
    Ok(HttpResponse::NoContent().finish())
}
