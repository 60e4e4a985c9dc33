//! `/tags`: the organization's tag library.
use crate::auth::AgentScope;
use crate::domain;
use crate::domain::page::PageParams;
use crate::domain::tag::{TagColor, TagScope};
use crate::error::ApiError;
use crate::routes::list::ListOf;
use crate::routes::responses::{
    BadId, BadJson, BadJsonOrId, BadQuery, OwnerOrAdminOnly, PageInvalid, TagInvalid, TagNameTaken,
    TagNotFound, Unauthenticated,
};
use crate::services;
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Tag {
    pub id: i64,
    /// Lower-case-hyphenated, unique in the organization.
    pub name: String,
    pub color: TagColor,
    pub scope: TagScope,
    pub created_at: DateTime<Utc>,
}

impl Tag {
    fn from_model(tag: domain::tag::Tag) -> Tag {
        Tag {
            id: tag.id,
            color: tag.color,
            scope: tag.scope,
            name: tag.name,
            created_at: tag.created_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagFilter {
    /// Only tags usable on contacts (`contact`) or conversations (`conversation`); `both`
    /// tags are included in either.
    pub scope: Option<TagScope>,
    /// Names starting with this (normalized like a tag name).
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The tag library by name.
#[utoipa::path(
    tag = "tags",
    params(TagFilter),
    responses(
        (status = 200, description = "OK", body = ListOf<Tag>),
        BadQuery, Unauthenticated, PageInvalid,
    ),
    security(("agent_token" = []))
)]
#[get("/tags")]
pub async fn list_tags(
    state: web::Data<AppState>,
    scope: AgentScope,
    filter: web::Query<TagFilter>,
) -> Result<HttpResponse, ApiError> {
    let filter = filter.into_inner();
    let page = PageParams {
        limit: filter.limit,
        cursor: filter.cursor,
    };
    let page = services::tags::list(&state.db, &scope, filter.scope, filter.q.as_deref(), &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(page, Tag::from_model)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTag {
    /// Normalized: "VIP Customer" becomes `vip-customer`.
    pub name: String,
    #[serde(default = "default_color")]
    pub color: TagColor,
    #[serde(default = "default_scope")]
    pub scope: TagScope,
}

fn default_color() -> TagColor {
    TagColor::Gray
}

fn default_scope() -> TagScope {
    TagScope::Both
}

/// Adds a tag to the library. Any agent may.
#[utoipa::path(
    tag = "tags",
    request_body = NewTag,
    responses(
        (status = 201, description = "Created", body = Tag),
        BadJson, Unauthenticated, TagNameTaken, TagInvalid,
    ),
    security(("agent_token" = []))
)]
#[post("/tags")]
pub async fn create_tag(
    state: web::Data<AppState>,
    scope: AgentScope,
    body: web::Json<NewTag>,
) -> Result<HttpResponse, ApiError> {
    let tag = services::tags::create(&state.db, &scope, &body.name, body.color, body.scope).await?;
    Ok(HttpResponse::Created().json(Tag::from_model(tag)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagChanges {
    pub name: Option<String>,
    pub color: Option<TagColor>,
    pub scope: Option<TagScope>,
}

/// Renames or recolors a tag. Owners and admins.
#[utoipa::path(
    tag = "tags",
    params(("id" = i64, Path, description = "Tag id")),
    request_body = TagChanges,
    responses(
        (status = 200, description = "The tag as stored", body = Tag),
        BadJsonOrId, Unauthenticated, OwnerOrAdminOnly, TagNotFound, TagNameTaken, TagInvalid,
    ),
    security(("agent_token" = []))
)]
#[patch("/tags/{id}")]
pub async fn update_tag(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    body: web::Json<TagChanges>,
) -> Result<HttpResponse, ApiError> {
    let tag = services::tags::update(
        &state.db,
        &scope,
        id.into_inner(),
        body.name.as_deref(),
        body.color,
        body.scope,
    )
    .await?;
    Ok(HttpResponse::Ok().json(Tag::from_model(tag)))
}

/// Deletes a tag from the library and from everything it was on. Owners and admins.
#[utoipa::path(
    tag = "tags",
    params(("id" = i64, Path, description = "Tag id")),
    responses(
        (status = 204, description = "Deleted"),
        BadId, Unauthenticated, OwnerOrAdminOnly, TagNotFound,
    ),
    security(("agent_token" = []))
)]
#[delete("/tags/{id}")]
pub async fn delete_tag(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    services::tags::delete(&state.db, &scope, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
