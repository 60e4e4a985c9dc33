//! `GET /contacts/export.csv`: the contacts list, filtered as `GET /contacts` filters it, as a
//! streamed CSV download.
use crate::auth::Caller;
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{BadQuery, Unauthenticated};
use crate::services;
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType, CONTENT_TYPE};
use actix_web::{get, web, HttpResponse};
use futures_util::TryStreamExt;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportSearch {
    /// As on `GET /contacts`: case-insensitive text found in name, email, company or external_id.
    pub q: Option<String>,
    /// As on `GET /contacts`: only contacts with this tag (by name); an unknown tag exports
    /// the header alone.
    pub tag: Option<String>,
    /// Follow each custom-data column with `…:provenance`: `{source} {updated_at}`.
    #[serde(default)]
    pub provenance: bool,
}

/// The filtered contacts as CSV (RFC 4180, UTF-8, CRLF): `id, email, external_id, name, phone,
/// company, city, region, country, time_zone, shopify_domain, avatar_url, created_at,
/// updated_at, tags`, then one `app:{app name}:{key}` column per custom-data key of the
/// organization (by app name, then key), each followed by `app:{app name}:{key}:provenance`
/// with `provenance=true`. Newest contact first. Text cells that a spreadsheet would run as a
/// formula (leading `=`, `+`, `-`, `@`, tab, CR) start with `'`.
///
/// Streamed: the body is written chunk by chunk as the contacts are read, so there is no
/// `Content-Length` and no row count up front. A database failure after the first byte ends
/// the response without its final chunk (the download fails; it never looks complete).
/// Owners and admins; API keys are refused (403).
#[utoipa::path(
    tag = "contacts",
    params(ExportSearch),
    responses(
        (status = 200, description = "The CSV, as an attachment `contacts-YYYY-MM-DD.csv`", content_type = "text/csv", body = String),
        BadQuery, Unauthenticated,
        (status = 403, description = "An agent, or an API key: `forbidden`", body = ErrorBody),
        (status = 422, description = "`q` over 200 characters: `validation_failed`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/export.csv")]
pub async fn export_contacts_csv(
    state: web::Data<AppState>,
    caller: Caller,
    search: web::Query<ExportSearch>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.require_agent("Exports")?;
    let search = search.into_inner();
    let export = services::contact_export::start(
        &state.db,
        scope,
        search.q.as_deref(),
        search.tag.as_deref(),
        search.provenance,
    )
    .await?;
    let filename = format!("contacts-{}.csv", time::now().format("%Y-%m-%d"));
    let body = export.into_stream().map_ok(web::Bytes::from).inspect_err(|err| {
        tracing::error!(error = ?err, "contact export failed mid-stream; the response ends unfinished");
    });
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .streaming(body))
}
