//! `PATCH /contacts/{id}/custom_data/{app_id}`: per-key merge into one app's custom data.
use crate::auth::Caller;
use crate::domain::account::Scope;
use crate::domain::custom_data::{CustomAttribute, CustomDataSource};
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{BadJsonOrId, Unauthenticated};
use crate::services::contact_writes;
use crate::state::AppState;
use actix_web::{patch, web, HttpResponse};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A custom-data value: a string, number or boolean.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ScalarValue {
    Text(String),
    Number(f64),
    Flag(bool),
}

/// One custom-data key with its provenance.
#[derive(Serialize, ToSchema)]
pub struct CustomDataEntry {
    pub key: String,
    #[schema(value_type = ScalarValue)]
    pub value: Value,
    /// Who set it: `identify`, `api` or `agent`.
    pub source: CustomDataSource,
    /// Whether a trusted writer set it: a verified identify, an API key or an agent. An
    /// unverified identify's keys are shown as the visitor's claim.
    pub verified: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AppCustomData {
    pub app_id: i64,
    /// Ordered by key.
    pub items: Vec<CustomDataEntry>,
}

impl CustomDataEntry {
    pub fn from_record(row: CustomAttribute) -> CustomDataEntry {
        CustomDataEntry {
            key: row.key,
            value: row.value,
            source: row.source,
            verified: row.verified,
            updated_at: row.updated_at,
        }
    }
}

/// Sets the keys sent and deletes those sent as `null`; other keys are untouched, so two
/// writers never overwrite each other's keys. API keys may write only their own app (403
/// otherwise) and need `contacts:write`; agents may write any app they see.
#[utoipa::path(
    tag = "contacts",
    params(
        ("id" = i64, Path, description = "Contact id"),
        ("app_id" = i64, Path, description = "App id"),
    ),
    request_body(
        content = std::collections::HashMap<String, ScalarValue>,
        description = "`{key: string | number | boolean | null}`; `null` deletes the key; at most 100 keys"
    ),
    responses(
        (status = 200, description = "The app's custom data after the merge", body = AppCustomData),
        BadJsonOrId, Unauthenticated,
        (status = 403, description = "Another app's data, or no `contacts:write`: `forbidden`", body = ErrorBody),
        (status = 404, description = "No such contact or app in your organization: `not_found`", body = ErrorBody),
        (status = 422, description = "Bad values or limits: `validation_failed`, with `details.fields`", body = ErrorBody),
    ),
    security(("agent_token" = []), ("api_key" = []))
)]
#[patch("/contacts/{id}/custom_data/{app_id}")]
pub async fn patch_custom_data(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
    body: web::Json<Map<String, Value>>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::ContactsWrite)?;
    let (contact_id, app_id) = path.into_inner();
    let rows =
        contact_writes::patch_app_custom_data(&state.db, &caller, contact_id, app_id, &body, time::now())
            .await?;
    Ok(HttpResponse::Ok().json(AppCustomData {
        app_id,
        items: rows.into_iter().map(CustomDataEntry::from_record).collect(),
    }))
}
