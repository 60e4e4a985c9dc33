//! `/conversations`: the inbox list, one conversation and its thread, and a contact's
//! conversations across apps.
use crate::auth::Caller;
use crate::domain::account::Scope;
use crate::domain::conversation::{AgentMessageType, ConversationStatus};
use crate::domain::page::PageParams;
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::conversation_views::{ContactBrief, Conversation, Message};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    BadId, BadIdOrQuery, BadJsonOrId, BadQuery, ContactNotFound, ConversationNotFound,
    ConversationsReadForbidden, PageInvalid, Unauthenticated,
};
use crate::services;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationFilter {
    /// Only this app's conversations.
    pub app_id: Option<i64>,
    #[param(value_type = Option<ConversationStatus>)]
    pub status: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

async fn list_page(
    state: &AppState,
    caller: &Caller,
    app_id: Option<i64>,
    status: Option<&str>,
    contact_id: Option<i64>,
    page: PageParams,
) -> Result<ListOf<Conversation>, ApiError> {
    let apps = caller.apps();
    let (page, contacts) = services::conversations::list(
        &state.db,
        caller.organization_id(),
        &apps,
        app_id,
        status,
        contact_id,
        &page,
    )
    .await?;
    let now = time::now();
    Ok(ListOf::from_page(page, |row| {
        let contact = contacts
            .get(&row.contact_id)
            .map(|c| ContactBrief::from_record(c, now))
            .unwrap_or_else(|| ContactBrief::missing(row.contact_id));
        Conversation::from_summary(row, contact)
    }))
}

/// Conversations in the apps the caller may see, newest activity first.
/// Agents, or API keys with `conversations:read` (their own app only).
#[utoipa::path(
    tag = "conversations",
    params(ConversationFilter),
    responses(
        (status = 200, description = "OK", body = ListOf<Conversation>),
        BadQuery, Unauthenticated, ConversationsReadForbidden,
        (status = 422, description = "Bad status, limit or cursor: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    caller: Caller,
    filter: web::Query<ConversationFilter>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ConversationsRead)?;
    let filter = filter.into_inner();
    let page = PageParams {
        limit: filter.limit,
        cursor: filter.cursor,
    };
    let list = list_page(
        &state,
        &caller,
        filter.app_id,
        filter.status.as_deref(),
        None,
        page,
    )
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The contact's conversations across the apps the caller may see, newest activity first.
#[utoipa::path(
    tag = "conversations",
    params(("id" = i64, Path, description = "Contact id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<Conversation>),
        BadIdOrQuery, Unauthenticated, ConversationsReadForbidden, ContactNotFound, PageInvalid,
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/contacts/{id}/conversations")]
pub async fn list_contact_conversations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ConversationsRead)?;
    let contact = services::contacts::get(&state.db, caller.organization_id(), id.into_inner()).await?;
    let list = list_page(&state, &caller, None, None, Some(contact.id), page.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One conversation; 404 when it is in another organization or an app the caller cannot see.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "OK", body = Conversation),
        BadId, Unauthenticated, ConversationsReadForbidden, ConversationNotFound,
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ConversationsRead)?;
    let org = caller.organization_id();
    let row = services::conversations::get(&state.db, org, &caller.apps(), id.into_inner()).await?;
    let contact = services::contacts::get(&state.db, org, row.contact_id).await?;
    let brief = ContactBrief::from_record(&contact, time::now());
    Ok(HttpResponse::Ok().json(Conversation::from_summary(row, brief)))
}

/// The thread, oldest first.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<Message>),
        BadIdOrQuery, Unauthenticated, ConversationsReadForbidden, ConversationNotFound, PageInvalid,
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/conversations/{id}/messages")]
pub async fn list_messages(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ConversationsRead)?;
    let (page, authors, deliveries) = services::conversations::messages(
        &state.db,
        caller.organization_id(),
        &caller.apps(),
        id.into_inner(),
        &page,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(page, |m| {
        Message::from_record(m, &authors, &deliveries)
    })))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgentMessage {
    #[serde(rename = "type")]
    pub message_type: AgentMessageType,
    /// 1 to 10,000 characters.
    pub content: String,
}

/// Replies (`outgoing`, copied by email to every CC address) or writes a private note.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = NewAgentMessage,
    responses(
        (status = 201, description = "Posted; `deliveries` lists the queued CC copies", body = Message),
        BadJsonOrId, Unauthenticated, ConversationNotFound,
        (status = 422, description = "Bad type, or empty or too long content: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/conversations/{id}/messages")]
pub async fn post_conversation_message(
    state: web::Data<AppState>,
    scope: crate::auth::AgentScope,
    id: web::Path<Uuid>,
    body: web::Json<NewAgentMessage>,
) -> Result<HttpResponse, ApiError> {
    let message = services::replies::post(
        &state.db,
        &scope,
        id.into_inner(),
        body.message_type,
        &body.content,
    )
    .await?;
    let org = scope.organization_id;
    let authors =
        services::conversations::author_names(&state.db, org, std::slice::from_ref(&message)).await?;
    let deliveries = services::conversations::deliveries(&state.db, org, &[message.id]).await?;
    Ok(HttpResponse::Created().json(Message::from_record(message, &authors, &deliveries)))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// `open`, `pending` or `resolved`.
    pub status: ConversationStatus,
}

/// Resolves, reopens or marks the conversation pending; the thread records who did it.
#[utoipa::path(
    tag = "conversations",
    params(("id" = Uuid, Path, description = "Conversation id")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The conversation after the change", body = Conversation),
        BadJsonOrId, Unauthenticated, ConversationNotFound,
        (status = 422, description = "Unknown status: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/conversations/{id}/status")]
pub async fn change_status(
    state: web::Data<AppState>,
    scope: crate::auth::AgentScope,
    id: web::Path<Uuid>,
    body: web::Json<StatusChange>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    services::replies::set_status(&state.db, &scope, id, body.status).await?;
    let org = scope.organization_id;
    let row = services::conversations::get(&state.db, org, &scope.apps, id).await?;
    let contact = services::contacts::get(&state.db, org, row.contact_id).await?;
    Ok(HttpResponse::Ok().json(Conversation::from_summary(
        row,
        ContactBrief::from_record(&contact, time::now()),
    )))
}
