//! Contact CSV imports (SPEC §5 "Import"): the file's shape, which column fills what, each
//! record as a contact write, and the import's stored record. Pure: the service reads and
//! writes, this decides.
pub mod cells;
pub mod columns;
pub mod file;

pub use cells::{parse_row, ParsedRow};
pub use columns::{resolve, ColumnProblem, ImportTarget, KnownApp, MappingSource, ResolvedColumn};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The largest upload accepted; bigger is 413. 50 MiB holds several hundred thousand
/// typical contact rows, and the file is kept in the import's row until it is done.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Rows a dry run shows.
pub const PREVIEW_ROWS: usize = 20;
/// Rows written per transaction: progress is committed with each batch.
pub const BATCH_ROWS: usize = 500;
/// Row errors kept on an import; later ones are counted in `errors_dropped`.
pub const MAX_KEPT_ERRORS: usize = 1000;

crate::domain::text_enum::text_enum! {
    /// Where an import is.
    pub enum ImportStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

/// What went wrong with one row; the row is skipped, the others go on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1 for the first record after the header.
    pub row: u64,
    /// The file's column, when one cell is at fault.
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

impl RowError {
    pub fn new(row: u64, column: Option<String>, code: &str, message: String) -> RowError {
        RowError {
            row,
            column,
            code: code.to_owned(),
            message,
        }
    }
}

/// What one row did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
    /// Found, and every value it carries is already stored.
    Unchanged,
    Failed,
}

/// Rows by what they did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub processed: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub failed: i64,
}

impl ImportCounts {
    pub fn add(&mut self, action: RowAction) {
        self.processed += 1;
        match action {
            RowAction::Create => self.created += 1,
            RowAction::Update => self.updated += 1,
            RowAction::Unchanged => self.unchanged += 1,
            RowAction::Failed => self.failed += 1,
        }
    }
}

/// A stored import, without its file.
#[derive(Clone, Debug)]
pub struct ContactImport {
    pub id: i64,
    pub organization_id: i64,
    pub status: ImportStatus,
    pub created_by_user_id: Option<i64>,
    pub file_name: String,
    pub columns: Vec<ResolvedColumn>,
    pub total_rows: i64,
    pub counts: ImportCounts,
    pub errors: Vec<RowError>,
    pub errors_dropped: i64,
    /// Why a failed import stopped.
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Keeps the first [`MAX_KEPT_ERRORS`] errors and counts the rest.
pub fn keep_errors(kept: &mut Vec<RowError>, dropped: &mut i64, new: Vec<RowError>) {
    for error in new {
        if kept.len() < MAX_KEPT_ERRORS {
            kept.push(error);
        } else {
            *dropped += 1;
        }
    }
}
