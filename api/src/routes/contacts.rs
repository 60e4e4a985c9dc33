//! `GET /contacts` and `GET /contacts/{id}`.
use crate::auth::AgentScope;
use crate::domain::display::{display_name, initials};
use crate::domain::page::PageParams;
use crate::domain::presence::{presence_at, Presence};
use crate::error::{ApiError, ErrorBody};
use crate::routes::list::ListOf;
use crate::services;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use entity::contact;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ContactSummary {
    pub id: i64,
    /// Name, else email, else "Visitor #id".
    pub display_name: String,
    pub initials: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub external_id: Option<String>,
    pub avatar_url: Option<String>,
    pub presence: Presence,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Location {
    pub city: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    pub display_name: String,
    pub initials: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub external_id: Option<String>,
    pub avatar_url: Option<String>,
    pub location: Location,
    /// IANA time zone reported by the widget.
    pub time_zone: Option<String>,
    pub shopify_domain: Option<String>,
    pub presence: Presence,
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn presence_now(c: &contact::Model) -> Presence {
    presence_at(
        Utc::now(),
        c.last_heartbeat_at,
        c.heartbeat_visible,
        c.last_activity_at,
    )
}

impl ContactSummary {
    pub fn from_model(c: contact::Model) -> ContactSummary {
        ContactSummary {
            id: c.id,
            display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            initials: initials(c.name.as_deref(), c.email.as_deref()),
            presence: presence_now(&c),
            email: c.email,
            name: c.name,
            company: c.company,
            external_id: c.external_id,
            avatar_url: c.avatar_url,
            last_seen_at: c.last_seen_at,
            created_at: c.created_at,
        }
    }
}

impl Contact {
    pub fn from_model(c: contact::Model) -> Contact {
        Contact {
            id: c.id,
            display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
            initials: initials(c.name.as_deref(), c.email.as_deref()),
            presence: presence_now(&c),
            email: c.email,
            name: c.name,
            phone: c.phone,
            company: c.company,
            external_id: c.external_id,
            avatar_url: c.avatar_url,
            location: Location {
                city: c.city,
                region: c.region,
                country: c.country,
            },
            time_zone: c.time_zone,
            shopify_domain: c.shopify_domain,
            last_seen_at: c.last_seen_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactSearch {
    /// Case-insensitive text found in name, email, company or external_id.
    pub q: Option<String>,
    /// Only contacts with this tag (by name).
    pub tag: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Contacts of the organization, newest first, searchable and filterable by tag.
#[utoipa::path(
    tag = "contacts",
    params(ContactSearch),
    responses(
        (status = 200, description = "OK", body = ListOf<ContactSummary>),
        (status = 400, description = "Unparsable query string", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 422, description = "limit out of range or foreign cursor", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    scope: AgentScope,
    search: web::Query<ContactSearch>,
) -> Result<HttpResponse, ApiError> {
    let search = search.into_inner();
    let page = PageParams {
        limit: search.limit,
        cursor: search.cursor,
    };
    let contacts = services::contacts::list(
        &state.db,
        &scope,
        search.q.as_deref(),
        search.tag.as_deref(),
        &page,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(contacts, ContactSummary::from_model)))
}

/// One contact. Other organizations' contacts are 404.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    responses(
        (status = 200, description = "OK", body = Contact),
        (status = 400, description = "Malformed request: `malformed_json`, `invalid_path_parameter` or `invalid_query`", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired credentials: `unauthenticated`", body = ErrorBody),
        (status = 404, description = "No such resource in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let contact = services::contacts::get(&state.db, &scope, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Contact::from_model(contact)))
}
