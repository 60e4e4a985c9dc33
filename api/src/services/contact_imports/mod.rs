//! Contact CSV imports (SPEC §5 "Import"), owners and admins: an upload is checked as a
//! whole (encoding, header, mapping), then either previewed (`dry_run`: the first rows
//! written in a transaction that is rolled back) or stored for the background run
//! (`run.rs`), whose progress `get` reports.
pub mod batch;
pub mod run;

use crate::auth::AgentScope;
use crate::domain::contact_import::file::{self, FileProblem};
use crate::domain::contact_import::{
    parse_row, resolve, ColumnProblem, ContactImport, KnownApp, ParsedRow, ResolvedColumn, MAX_FILE_BYTES,
    PREVIEW_ROWS,
};
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::domain::time;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::begin_write;
use batch::RowResult;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;

/// What was uploaded.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Column → target, overriding what the header names.
    pub mapping: BTreeMap<String, String>,
}

/// One previewed row: what the file asks for, and what writing it would do.
pub struct PreviewRow {
    pub parsed: ParsedRow,
    pub result: RowResult,
}

pub struct Preview {
    pub columns: Vec<ResolvedColumn>,
    pub total_rows: u64,
    pub rows: Vec<PreviewRow>,
}

pub enum Started {
    Preview(Preview),
    Queued(ContactImport),
}

fn file_problem(problem: FileProblem) -> ServiceError {
    ServiceError::new(ErrorKind::Invalid, problem.code, problem.message)
}

fn column_problem(problem: ColumnProblem) -> ServiceError {
    ServiceError::new(ErrorKind::Invalid, problem.code, problem.message).with_detail("column", problem.column)
}

/// Checks the upload and previews it or queues it.
pub async fn start(
    db: &DatabaseConnection,
    scope: &AgentScope,
    upload: Upload,
    dry_run: bool,
) -> Result<Started, ServiceError> {
    scope.require_owner_or_admin()?;
    if upload.bytes.len() > MAX_FILE_BYTES {
        return Err(ServiceError::payload_too_large(format!(
            "The file is larger than {} MiB",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let text = file::text(upload.bytes).map_err(file_problem)?;
    let (headers, total_rows) = file::survey(&text).map_err(file_problem)?;
    let org = scope.organization_id;
    let apps = repo::apps::list_visible(db, org, &AppVisibility::All, None, 10_000).await?;
    let known: Vec<KnownApp<'_>> = apps
        .iter()
        .map(|app| KnownApp {
            id: app.id,
            name: &app.name,
        })
        .collect();
    let columns = resolve(&headers, &upload.mapping, &known).map_err(column_problem)?;
    if dry_run {
        return Ok(Started::Preview(
            preview(db, org, &text, columns, total_rows).await?,
        ));
    }
    let import = repo::contact_imports::insert(
        db,
        repo::contact_imports::NewImport {
            organization_id: org,
            created_by_user_id: scope.user_id,
            file_name: &upload.file_name,
            content: &text,
            columns: &columns,
            total_rows: total_rows as i64,
            at: time::now(),
        },
    )
    .await?;
    Ok(Started::Queued(import))
}

/// The first rows written exactly as the run would write them, in a transaction that is
/// rolled back: the same rules decide, and nothing is kept.
async fn preview(
    db: &DatabaseConnection,
    organization_id: i64,
    text: &str,
    columns: Vec<ResolvedColumn>,
    total_rows: u64,
) -> Result<Preview, ServiceError> {
    let parsed: Vec<ParsedRow> = file::rows(text)
        .take(PREVIEW_ROWS)
        .enumerate()
        .map(|(index, record)| {
            let row = index as u64 + 1;
            match record {
                Ok(cells) => {
                    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                    parse_row(row, &cells, &columns)
                }
                Err(problem) => ParsedRow {
                    row,
                    errors: vec![crate::domain::contact_import::RowError::new(
                        row,
                        None,
                        problem.code,
                        problem.message,
                    )],
                    ..ParsedRow::default()
                },
            }
        })
        .collect();
    let txn = begin_write(db).await?;
    let results = batch::write(&txn, organization_id, &parsed, &columns, time::now()).await;
    txn.rollback().await?;
    let rows = parsed
        .into_iter()
        .zip(results?)
        .map(|(parsed, mut result)| {
            // A contact the preview created was rolled back with it: its id means nothing.
            if result.action == crate::domain::contact_import::RowAction::Create {
                result.contact_id = None;
            }
            PreviewRow { parsed, result }
        })
        .collect();
    Ok(Preview {
        columns,
        total_rows,
        rows,
    })
}

/// One import of the caller's organization; another organization's is 404.
pub async fn get(
    db: &DatabaseConnection,
    scope: &AgentScope,
    id: i64,
) -> Result<ContactImport, ServiceError> {
    scope.require_owner_or_admin()?;
    repo::contact_imports::find(db, scope.organization_id, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Import"))
}

/// The organization's imports, newest first.
pub async fn list(
    db: &DatabaseConnection,
    scope: &AgentScope,
    page: &PageParams,
) -> Result<Page<ContactImport>, ServiceError> {
    scope.require_owner_or_admin()?;
    let limit = page.limit()?;
    let before = page.cursor.as_deref().map(cursor::decode::<i64>).transpose()?;
    let rows = repo::contact_imports::list(db, scope.organization_id, before, limit).await?;
    Ok(Page::from_overfetched(rows, limit, |import| {
        cursor::encode(&import.id)
    }))
}
