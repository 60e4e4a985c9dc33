//! Putting tags on contacts and conversations, within each tag's scope.
use crate::auth::AgentScope;
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{BadId, Unauthenticated};
use crate::services;
use crate::state::AppState;
use actix_web::{delete, put, web, HttpResponse};
use uuid::Uuid;

/// Tags the contact (idempotent). The tag's scope must be `contact` or `both` (422 otherwise).
#[utoipa::path(
    tag = "tags",
    params(("id" = i64, Path, description = "Contact id"), ("tag_id" = i64, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Tagged"),
        BadId, Unauthenticated,
        (status = 404, description = "No such contact or tag in your organization: `not_found`", body = ErrorBody),
        (status = 422, description = "A conversation-only tag: `tag_scope_mismatch`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[put("/contacts/{id}/tags/{tag_id}")]
pub async fn tag_contact(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (contact_id, tag_id) = path.into_inner();
    services::tags::set_on_contact(&state.db, scope.organization_id, contact_id, tag_id, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes the tag from the contact; the tag stays in the library.
#[utoipa::path(
    tag = "tags",
    params(("id" = i64, Path, description = "Contact id"), ("tag_id" = i64, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Removed"),
        BadId, Unauthenticated,
        (status = 404, description = "No such contact, or the tag is not on it: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/contacts/{id}/tags/{tag_id}")]
pub async fn untag_contact(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (contact_id, tag_id) = path.into_inner();
    services::tags::set_on_contact(&state.db, scope.organization_id, contact_id, tag_id, false).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Tags the conversation (idempotent). The tag's scope must be `conversation` or `both`.
#[utoipa::path(
    tag = "tags",
    params(("id" = Uuid, Path, description = "Conversation id"), ("tag_id" = i64, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Tagged"),
        BadId, Unauthenticated,
        (status = 404, description = "No such conversation you may see, or tag: `not_found`", body = ErrorBody),
        (status = 422, description = "A contact-only tag: `tag_scope_mismatch`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[put("/conversations/{id}/tags/{tag_id}")]
pub async fn tag_conversation(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(Uuid, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation_id, tag_id) = path.into_inner();
    services::tags::set_on_conversation(&state.db, &scope, conversation_id, tag_id, true).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes the tag from the conversation; the tag stays in the library.
#[utoipa::path(
    tag = "tags",
    params(("id" = Uuid, Path, description = "Conversation id"), ("tag_id" = i64, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Removed"),
        BadId, Unauthenticated,
        (status = 404, description = "No such conversation you may see, or the tag is not on it: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/conversations/{id}/tags/{tag_id}")]
pub async fn untag_conversation(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(Uuid, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (conversation_id, tag_id) = path.into_inner();
    services::tags::set_on_conversation(&state.db, &scope, conversation_id, tag_id, false).await?;
    Ok(HttpResponse::NoContent().finish())
}
