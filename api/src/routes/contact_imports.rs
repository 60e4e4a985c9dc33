//! `/contacts/imports`: upload a contact CSV (multipart field `file`, or a `text/csv` body),
//! preview it (`dry_run=true`) or queue it, and follow its progress.
use crate::auth::AgentScope;
use crate::domain::contact_import::MAX_FILE_BYTES;
use crate::domain::page::PageParams;
use crate::error::{ApiError, ErrorBody};
use crate::routes::contact_import_views::{ContactImportView, ImportPreview};
use crate::routes::list::ListOf;
use crate::routes::responses::{BadId, BadQuery, OwnerOrAdminOnly, PageInvalid, Unauthenticated};
use crate::services::contact_imports::{self, Started, Upload};
use crate::state::AppState;
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A mapping larger than this is not a mapping.
const MAX_MAPPING_BYTES: usize = 256 * 1024;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportOptions {
    /// `true`: answer the first 20 rows as they would be imported, and write nothing.
    pub dry_run: Option<bool>,
    /// JSON object, column → `email` (or another field), `tags`,
    /// `custom_data:{app_id}:{key}` or `ignore`; a multipart `mapping` field wins over it.
    pub mapping: Option<String>,
    /// The name shown for a `text/csv` body (a multipart file carries its own).
    pub file_name: Option<String>,
}

/// The multipart form.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The CSV file (UTF-8, header row first), at most 50 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// JSON object, column → target (see the `mapping` query parameter).
    mapping: Option<String>,
}

fn too_large() -> ApiError {
    ApiError::payload_too_large(format!(
        "The file is larger than {} MiB",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Reads a body or a multipart part, refusing it once it passes `limit`.
async fn read_limited<S, E>(mut stream: S, limit: usize, over: fn() -> ApiError) -> Result<Vec<u8>, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|err| {
            ApiError::bad_request("malformed_body", format!("The upload could not be read: {err}"))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(over());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn parse_mapping(text: &str) -> Result<BTreeMap<String, String>, ApiError> {
    serde_json::from_str(text).map_err(|err| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_mapping",
            format!("mapping must be a JSON object of column names to targets: {err}"),
        )
    })
}

fn mapping_too_large() -> ApiError {
    ApiError::payload_too_large("The mapping is larger than 256 KiB")
}

/// The file (and the multipart mapping, if any) from the body.
async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    options: &ImportOptions,
) -> Result<Upload, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut mapping = options.mapping.as_deref().map(parse_mapping).transpose()?;
    let default_name = options
        .file_name
        .clone()
        .unwrap_or_else(|| "contacts.csv".to_owned());
    if content_type.starts_with("multipart/form-data") {
        let mut form = actix_multipart::Multipart::new(req.headers(), payload);
        let mut file = None;
        while let Some(field) = form.next().await {
            let field = field.map_err(|err| {
                ApiError::bad_request("malformed_body", format!("The form could not be read: {err}"))
            })?;
            match field.name() {
                Some("file") => {
                    let name = field
                        .content_disposition()
                        .and_then(|d| d.get_filename())
                        .map(str::to_owned)
                        .unwrap_or_else(|| default_name.clone());
                    file = Some((name, read_limited(field, MAX_FILE_BYTES, too_large).await?));
                }
                Some("mapping") => {
                    let bytes = read_limited(field, MAX_MAPPING_BYTES, mapping_too_large).await?;
                    let text = String::from_utf8_lossy(&bytes);
                    if !text.trim().is_empty() {
                        mapping = Some(parse_mapping(&text)?);
                    }
                }
                // Other parts are read past and ignored.
                _ => {
                    read_limited(field, MAX_FILE_BYTES, too_large).await?;
                }
            }
        }
        let (file_name, bytes) = file.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "missing_file",
                "The form has no `file` field",
            )
        })?;
        return Ok(Upload {
            file_name,
            bytes,
            mapping: mapping.unwrap_or_default(),
        });
    }
    let csv = ["text/csv", "application/csv", "text/plain"];
    if !csv.iter().any(|t| content_type.starts_with(t)) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the CSV as multipart/form-data (field `file`) or as a text/csv body",
        ));
    }
    Ok(Upload {
        file_name: default_name,
        bytes: read_limited(payload, MAX_FILE_BYTES, too_large).await?,
        mapping: mapping.unwrap_or_default(),
    })
}

/// Imports contacts from a CSV (the export's format: columns named like fields map
/// themselves, `app:{app name}:{key}` is that app's custom data). Rows find-or-create by
/// external_id, then email, with the server API's rules; empty cells change nothing. With
/// `dry_run=true`, 200 with the first 20 rows as they would be imported and nothing
/// written; otherwise 202 and the import runs in the background (follow `Location`).
/// Owners and admins.
#[utoipa::path(
    tag = "contacts",
    params(ImportOptions),
    request_body(content(
        (ImportForm = "multipart/form-data"),
        (String = "text/csv"),
    ), description = "The CSV, at most 50 MiB"),
    responses(
        (status = 200, description = "Dry run: what would be imported; nothing was written", body = ImportPreview),
        (status = 202, description = "Queued; `Location` is the import", body = ContactImportView),
        BadQuery,
        Unauthenticated, OwnerOrAdminOnly,
        (status = 413, description = "The file is larger than 50 MiB: `payload_too_large`", body = ErrorBody),
        (status = 415, description = "Neither multipart/form-data nor text/csv: `unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "The file or mapping is refused as a whole, `details.column` naming the column where one is at fault: `empty_file`, `invalid_encoding`, `missing_header`, `no_rows`, `malformed_csv`, `missing_file`, `invalid_mapping`, `unknown_column`, `unknown_mapping_target`, `unknown_app`, `duplicate_column`, `duplicate_mapping_target`, `invalid_custom_data_key`, `missing_identity_column`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[post("/contacts/imports")]
pub async fn create_import(
    state: web::Data<AppState>,
    scope: AgentScope,
    req: HttpRequest,
    options: web::Query<ImportOptions>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    // Before the upload is read: an agent's file is never read at all.
    scope.require_owner_or_admin()?;
    let upload = read_upload(&req, payload, &options).await?;
    let dry_run = options.dry_run.unwrap_or(false);
    match contact_imports::start(&state.db, &scope, upload, dry_run).await? {
        Started::Preview(preview) => Ok(HttpResponse::Ok().json(ImportPreview::from_record(preview))),
        Started::Queued(import) => Ok(HttpResponse::Accepted()
            .insert_header((
                header::LOCATION,
                format!("/api/v1/contacts/imports/{}", import.id),
            ))
            .json(ContactImportView::from_record(import))),
    }
}

/// An import's status, counts, progress and row errors. Owners and admins; another
/// organization's import is 404.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Import id")),
    responses(
        (status = 200, description = "OK", body = ContactImportView),
        BadId, Unauthenticated, OwnerOrAdminOnly,
        (status = 404, description = "No such import in your organization: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let import = contact_imports::get(&state.db, &scope, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ContactImportView::from_record(import)))
}

/// The organization's imports, newest first. Owners and admins.
#[utoipa::path(
    tag = "contacts",
    params(PageParams),
    responses(
        (status = 200, description = "OK", body = ListOf<ContactImportView>),
        BadQuery, Unauthenticated, OwnerOrAdminOnly, PageInvalid,
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/imports")]
pub async fn list_imports(
    state: web::Data<AppState>,
    scope: AgentScope,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let imports = contact_imports::list(&state.db, &scope, &page).await?;
    Ok(HttpResponse::Ok().json(ListOf::from_page(imports, ContactImportView::from_record)))
}
