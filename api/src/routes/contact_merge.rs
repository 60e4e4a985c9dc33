//! `POST /contacts/{id}/merge`: fold a duplicate into the contact in the path (SPEC §5).
use crate::auth::AgentScope;
use crate::domain::contact_merge::parse_choices;
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::contact_views::ContactProfile;
use crate::routes::responses::{BadJsonOrId, Unauthenticated};
use crate::services;
use crate::services::contact_merge::MergeRequest;
use crate::state::AppState;
use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The contact to merge away and, per differing field, which value stays.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The duplicate: it is deleted, and its id answers 404 with `details.merged_into`.
    pub from_contact_id: i64,
    /// `{field: "from" | "into"}`. Fields: `name`, `email`, `phone`, `company`,
    /// `external_id`, `avatar_url`, `location` (city, region and country together),
    /// `time_zone`, `shopify_domain`, or `custom_data:{app_id}:{key}`. Unchosen fields keep
    /// the survivor's non-empty value, else the merged contact's; unchosen custom-data keys
    /// keep the newer value (with its provenance).
    #[serde(default)]
    #[schema(example = json!({"name": "from", "custom_data:1:plan": "into"}))]
    pub choose: BTreeMap<String, String>,
}

/// Merges `from_contact_id` into this contact in one transaction: conversations, events,
/// widget sessions, app data, custom data, tags (a union) and presence move; the merged
/// contact is deleted and its id answers 404 with `details.merged_into`. Owners, admins, and
/// agents who operate the apps of every conversation of both contacts. Answers the
/// survivor's profile, whose `merges` now lists this merge.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "The surviving contact's id")),
    request_body = MergeBody,
    responses(
        (status = 200, description = "Merged: the survivor's profile", body = ContactProfile),
        BadJsonOrId, Unauthenticated,
        (status = 403, description = "An agent, and one of the contacts has conversations in apps they do not operate: `forbidden`, with `details.contact_id`", body = ErrorBody),
        (status = 404, description = "Either contact is not in your organization: `not_found`; `details.merged_into` names the survivor when that contact was merged away", body = ErrorBody),
        (status = 409, description = "The contacts have different external ids (different people): `external_id_conflict`", body = ErrorBody),
        (status = 422, description = "Merging a contact into itself, an unknown `choose` key or a value other than `from`/`into`: `validation_failed`, with `details.fields`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/contacts/{id}/merge")]
pub async fn merge_contact(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
    body: web::Json<MergeBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let choices = parse_choices(body.choose.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(ApiError::validation)?;
    let request = MergeRequest {
        from_contact_id: body.from_contact_id,
        choices,
    };
    let survivor =
        services::contact_merge::merge(&state.db, &scope, id.into_inner(), &request, time::now()).await?;
    Ok(HttpResponse::Ok().json(ContactProfile::from_data(survivor)))
}
