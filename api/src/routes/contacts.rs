//! `/contacts`: the searchable list, one contact, find-or-create and partial updates.
use crate::auth::api_key::Scope;
use crate::auth::{AgentScope, Caller};
use crate::domain::custom_data;
use crate::domain::page::PageParams;
use crate::domain::profile::ProfilePatch;
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::contact_views::{Contact, ContactPatch, ContactProfile, ContactSummary, ContactUpsert};
use crate::routes::list::ListOf;
use crate::routes::responses::{
    ApiKeyUnauthenticated, BadId, BadJson, BadJsonOrId, BadQuery, ContactIdentityTaken, ContactNotFound,
    ContactsReadForbidden, OwnerOrAdminOnly, Unauthenticated,
};
use crate::services;
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactSearch {
    /// Case-insensitive text found in name, email, company or external_id.
    pub q: Option<String>,
    /// Only contacts with this tag (by name).
    pub tag: Option<String>,
    /// The order, `last_seen` by default; a cursor continues only the order it came from.
    /// `last_seen` moves as contacts come back; walk every contact with `created`.
    #[param(value_type = Option<crate::domain::contact_order::ContactSort>)]
    pub sort: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Contacts of the organization, most recently seen first (or by name, or newest first),
/// searchable and filterable by tag.
/// Agents, or API keys with `contacts:read`.
#[utoipa::path(
    tag = "contacts",
    params(ContactSearch),
    responses(
        (status = 200, description = "OK", body = ListOf<ContactSummary>),
        BadQuery, Unauthenticated, ContactsReadForbidden,
        (status = 422, description = "Unknown sort, limit out of range, or a cursor of another list or order: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    caller: Caller,
    search: web::Query<ContactSearch>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ContactsRead)?;
    let search = search.into_inner();
    let page = PageParams {
        limit: search.limit,
        cursor: search.cursor,
    };
    let contacts = services::contacts::list(
        &state.db,
        caller.organization_id(),
        &services::contacts::ContactSearch {
            query: search.q.as_deref(),
            tag: search.tag.as_deref(),
            sort: search.sort.as_deref(),
        },
        &page,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(contacts, ContactSummary::from_record)))
}

/// The contact's full profile: details, presence, custom data per app (with provenance),
/// tags and counts. Other organizations' contacts are 404. Agents, or API keys with
/// `contacts:read` (which see their own app's custom data).
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    responses(
        (status = 200, description = "OK", body = ContactProfile),
        BadId, Unauthenticated, ContactsReadForbidden, ContactNotFound,
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ContactsRead)?;
    let data = services::contact_profile_view::load(
        &state.db,
        caller.organization_id(),
        &caller.apps(),
        id.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(ContactProfile::from_data(data)))
}

/// Erases the contact and everything hanging off it (app data, custom data, tags, events,
/// conversations with their messages), in one transaction. Owners and admins.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    responses(
        (status = 204, description = "Erased"),
        BadId, Unauthenticated, OwnerOrAdminOnly, ContactNotFound,
    ),
    security(("agent_token" = []))
)]
#[delete("/contacts/{id}")]
pub async fn delete_contact(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    services::erasure::erase_contact(&state.db, &scope, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Find-or-create by `external_id`, then `email`, and update with the fields sent (an API key
/// is trusted: it overwrites). `custom_data` goes to the key's app. 201 when created, 200 when
/// found. API keys with `contacts:write` only.
#[utoipa::path(
    tag = "contacts",
    request_body = ContactUpsert,
    responses(
        (status = 200, description = "Found and updated", body = Contact),
        (status = 201, description = "Created", body = Contact),
        BadJson, ApiKeyUnauthenticated, ContactIdentityTaken,
        (status = 403, description = "Not an API key, or no `contacts:write`: `forbidden`", body = ErrorBody),
        (status = 422, description = "Invalid fields: `validation_failed`, with `details.fields`", body = ErrorBody),
    ),
    security(("api_key" = []))
)]
#[post("/contacts")]
pub async fn upsert_contact(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ContactUpsert>,
) -> Result<HttpResponse, ApiError> {
    let key = caller.require_api_key()?;
    key.require(Scope::ContactsWrite)?;
    let (raw, custom_data) = body.into_inner().into_parts();
    let patch = ProfilePatch::parse(raw);
    let changes = custom_data.as_ref().map(custom_data::parse).transpose();
    let (patch, changes) = match (patch, changes) {
        (Ok(patch), Ok(changes)) => (patch, changes.unwrap_or_default()),
        (patch, changes) => {
            let mut problems = patch.err().unwrap_or_default();
            problems.extend(changes.err().unwrap_or_default());
            return Err(ApiError::validation(problems));
        }
    };
    let upserted = services::contact_writes::find_or_create(
        &state.db,
        key.organization_id,
        key.app_id,
        patch,
        changes,
        time::now(),
    )
    .await?;
    let mut response = if upserted.created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response.json(Contact::from_record(upserted.contact)))
}

/// Change only the fields sent (`null` clears one). Agents, or API keys with `contacts:write`.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    request_body = ContactPatch,
    responses(
        (status = 200, description = "The contact as stored", body = Contact),
        BadJsonOrId, Unauthenticated, ContactNotFound, ContactIdentityTaken,
        (status = 403, description = "API key without `contacts:write`: `forbidden`", body = ErrorBody),
        (status = 422, description = "Invalid or non-editable fields: `validation_failed`, with `details.fields`", body = ErrorBody),
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[patch("/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ContactPatch>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ContactsWrite)?;
    let patch = ProfilePatch::parse(body.into_inner().into_raw()).map_err(ApiError::validation)?;
    let contact = services::contact_writes::update(
        &state.db,
        caller.organization_id(),
        id.into_inner(),
        patch,
        time::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Contact::from_record(contact)))
}
