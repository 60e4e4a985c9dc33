//! `/conversations/{id}/cc_emails`: addresses copied on outgoing replies.
use crate::auth::AgentScope;
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    BadId, BadIdOrQuery, BadJsonOrId, ConversationNotFound, PageInvalid, Unauthenticated,
};
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

/// The conversation's CC addresses, by address (at most 10 exist).
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<CcEmail>),
        BadIdOrQuery, PageInvalid, Unauthenticated, ConversationNotFound,
    ),
    security(("agent_token" = []))
)]
#[get("/conversations/{id}/cc_emails")]
pub async fn list_cc_emails(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<Uuid>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after = page.cursor.as_deref().map(cursor::decode::<String>).transpose()?;
    let rows = services::cc_emails::list(&state.db, &scope, id.into_inner()).await?;
    // At most ten rows exist, so the page is cut from the full, address-ordered list.
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|cc| after.as_ref().is_none_or(|a| &cc.email > a))
        .collect();
    let page = Page::from_overfetched(rows, limit, |cc| cursor::encode(&cc.email));
    Ok(HttpResponse::Ok().json(ListOf::from_page(page, |cc| CcEmail {
        email: cc.email,
        created_at: cc.created_at,
    })))
}

/// Copies an address on the conversation's replies: valid syntax, stored lower-cased, no
/// duplicates (409), at most 10, never the contact's own address (422).
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = NewCcEmail,
    responses(
        (status = 201, description = "Added", body = CcEmail),
        BadJsonOrId, Unauthenticated, ConversationNotFound,
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
        BadId, Unauthenticated,
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
