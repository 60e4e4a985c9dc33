//! `/contacts/{id}/notes`: what agents write about a contact (SPEC §5). Plain text, shown as
//! written (never as HTML); agent-only, like the rest of the agent's workspace (tags, the
//! sidebar): an API key is refused as an unknown agent token.
use crate::auth::AgentScope;
use crate::domain::ids::{ContactId, NoteId};
use crate::domain::note::{self, NoteBody};
use crate::domain::page::PageParams;
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    BadId, BadIdOrQuery, BadJsonOrId, ContactNotFound, PageInvalid, Unauthenticated,
};
use crate::services;
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who wrote a note, by their current name.
#[derive(Serialize, ToSchema)]
pub struct NoteAuthor {
    pub id: i64,
    pub name: String,
}

/// A note about a contact.
#[derive(Serialize, ToSchema)]
pub struct ContactNote {
    pub id: i64,
    pub contact_id: i64,
    /// Plain text exactly as written, line breaks included: render it as text, never as HTML.
    pub body: String,
    /// `null` once the author's user is removed.
    #[schema(required = true)]
    pub author: Option<NoteAuthor>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the signed-in user may edit and delete it: their own note, or any for owners
    /// and admins.
    pub editable: bool,
}

impl ContactNote {
    pub fn for_viewer(note: note::Note, viewer: &AgentScope) -> ContactNote {
        ContactNote {
            editable: note::may_change(viewer.role, viewer.user_id, &note),
            id: note.id,
            contact_id: note.contact_id,
            body: note.body,
            author: note.author.map(|a| NoteAuthor {
                id: a.id,
                name: a.name,
            }),
            created_at: note.created_at,
            updated_at: note.updated_at,
        }
    }
}

/// A note's text: 1 to 10,000 characters (not bytes), line breaks and tabs allowed, no other
/// control characters; surrounding whitespace is kept, but whitespace alone is empty.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    #[schema(example = "Called her: wants the annual plan once the team grows.\nFollow up in March.")]
    pub body: String,
}

fn parse_body(input: web::Json<NoteInput>) -> Result<NoteBody, ApiError> {
    Ok(NoteBody::parse(&input.into_inner().body)?)
}

/// The contact's notes, newest first (keyset pages by time and id). Agents.
#[utoipa::path(
    tag = "notes",
    params(("id" = i64, Path, description = "Contact id"), PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<ContactNote>),
        BadIdOrQuery, Unauthenticated, ContactNotFound, PageInvalid,
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/{id}/notes")]
pub async fn list_notes(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let notes = services::notes::list(&state.db, &scope, ContactId(id.into_inner()), &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(notes, |n| ContactNote::for_viewer(n, &scope))))
}

/// Writes a note on the contact, by the signed-in user. Agents.
#[utoipa::path(
    tag = "notes",
    params(("id" = i64, Path, description = "Contact id")),
    request_body = NoteInput,
    responses(
        (status = 201, description = "Written", body = ContactNote),
        BadJsonOrId, Unauthenticated, ContactNotFound,
        (status = 422, description = "Empty, longer than 10,000 characters, or with control characters: `validation_failed`, with `details.fields.body`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/contacts/{id}/notes")]
pub async fn create_note(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    input: web::Json<NoteInput>,
) -> Result<HttpResponse, ApiError> {
    let body = parse_body(input)?;
    let note = services::notes::create(&state.db, &scope, ContactId(id.into_inner()), &body).await?;
    Ok(HttpResponse::Created().json(ContactNote::for_viewer(note, &scope)))
}

/// Replaces a note's text. Agents their own notes; owners and admins any.
#[utoipa::path(
    tag = "notes",
    params(
        ("id" = i64, Path, description = "Contact id"),
        ("note_id" = i64, Path, description = "Note id"),
    ),
    request_body = NoteInput,
    responses(
        (status = 200, description = "The note as stored", body = ContactNote),
        BadJsonOrId, Unauthenticated,
        (status = 403, description = "An agent changing another author's note: `forbidden`", body = ErrorBody),
        (status = 404, description = "No such note of this contact in your organization: `not_found`", body = ErrorBody),
        (status = 422, description = "Empty, longer than 10,000 characters, or with control characters: `validation_failed`, with `details.fields.body`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[patch("/contacts/{id}/notes/{note_id}")]
pub async fn edit_note(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
    input: web::Json<NoteInput>,
) -> Result<HttpResponse, ApiError> {
    let (contact_id, note_id) = path.into_inner();
    let body = parse_body(input)?;
    let note =
        services::notes::edit(&state.db, &scope, ContactId(contact_id), NoteId(note_id), &body).await?;
    Ok(HttpResponse::Ok().json(ContactNote::for_viewer(note, &scope)))
}

/// Deletes a note. Agents their own notes; owners and admins any.
#[utoipa::path(
    tag = "notes",
    params(
        ("id" = i64, Path, description = "Contact id"),
        ("note_id" = i64, Path, description = "Note id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        BadId, Unauthenticated,
        (status = 403, description = "An agent deleting another author's note: `forbidden`", body = ErrorBody),
        (status = 404, description = "No such note of this contact in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[delete("/contacts/{id}/notes/{note_id}")]
pub async fn delete_note(
    state: web::Data<AppState>,
    scope: AgentScope,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (contact_id, note_id) = path.into_inner();
    services::notes::delete(&state.db, &scope, ContactId(contact_id), NoteId(note_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
