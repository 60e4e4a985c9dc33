//! The import DTOs: an import with its progress, and a dry run's preview rows.
use crate::domain::contact_import::{
    ContactImport, ImportStatus, MappingSource, ResolvedColumn, RowAction, RowError,
};
use crate::services::contact_imports::{Preview, PreviewRow};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One column of the file and what it fills.
#[derive(Serialize, ToSchema)]
pub struct ImportColumn {
    /// 0-based position in the header.
    pub index: usize,
    pub column: String,
    /// A field name, `tags`, `custom_data:{app_id}:{key}` or `ignore`.
    pub target: String,
    pub source: MappingSource,
}

impl ImportColumn {
    fn from_record(column: ResolvedColumn) -> ImportColumn {
        ImportColumn {
            index: column.index,
            column: column.column,
            target: column.target,
            source: column.source,
        }
    }
}

/// Why one row was not imported.
#[derive(Serialize, ToSchema)]
pub struct ImportRowError {
    /// 1 for the first record after the header.
    pub row: u64,
    /// The file's column at fault, when one is.
    pub column: Option<String>,
    /// `invalid_field`, `invalid_tag`, `tag_scope_mismatch`, `email_taken`,
    /// `external_id_taken`, `missing_identity`, `wrong_field_count`, `malformed_csv`, ….
    pub code: String,
    pub message: String,
}

impl ImportRowError {
    fn from_record(error: RowError) -> ImportRowError {
        ImportRowError {
            row: error.row,
            column: error.column,
            code: error.code,
            message: error.message,
        }
    }
}

/// An import and how far it got.
#[derive(Serialize, ToSchema)]
pub struct ContactImportView {
    pub id: i64,
    pub status: ImportStatus,
    pub file_name: String,
    pub created_by_user_id: Option<i64>,
    pub columns: Vec<ImportColumn>,
    /// Records after the header.
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    /// Found, with every value already stored: nothing written.
    pub unchanged_count: i64,
    pub failed_count: i64,
    /// The first 1,000 row errors, by row.
    pub errors: Vec<ImportRowError>,
    /// Row errors past the first 1,000, counted only.
    pub errors_dropped: i64,
    /// Why a `failed` import stopped.
    pub failure: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl ContactImportView {
    pub fn from_record(import: ContactImport) -> ContactImportView {
        ContactImportView {
            id: import.id,
            status: import.status,
            file_name: import.file_name,
            created_by_user_id: import.created_by_user_id,
            columns: import
                .columns
                .into_iter()
                .map(ImportColumn::from_record)
                .collect(),
            total_rows: import.total_rows,
            processed_rows: import.counts.processed,
            created_count: import.counts.created,
            updated_count: import.counts.updated,
            unchanged_count: import.counts.unchanged,
            failed_count: import.counts.failed,
            errors: import
                .errors
                .into_iter()
                .map(ImportRowError::from_record)
                .collect(),
            errors_dropped: import.errors_dropped,
            failure: import.failure,
            created_at: import.created_at,
            started_at: import.started_at,
            finished_at: import.finished_at,
        }
    }
}

/// A custom-data value a row would set, typed (`true`/`false`, numbers, else text).
#[derive(Serialize, ToSchema)]
pub struct PreviewCustomData {
    pub app_id: i64,
    pub key: String,
    #[schema(value_type = crate::routes::custom_data::ScalarValue)]
    pub value: Value,
}

/// One row as it would be imported.
#[derive(Serialize, ToSchema)]
pub struct ImportPreviewRow {
    pub row: u64,
    /// `create`, `update` (of `contact_id`), `unchanged` or `failed` (see `errors`).
    pub action: RowAction,
    pub contact_id: Option<i64>,
    /// The profile fields the row sets, after validation (e-mail lower-cased, …).
    pub fields: BTreeMap<String, String>,
    /// Normalized tag names.
    pub tags: Vec<String>,
    pub custom_data: Vec<PreviewCustomData>,
    pub errors: Vec<ImportRowError>,
}

impl ImportPreviewRow {
    fn from_record(row: PreviewRow) -> ImportPreviewRow {
        use crate::domain::profile::Patch;
        let patch = &row.parsed.patch;
        let mut fields = BTreeMap::new();
        for (name, value) in [
            ("email", &patch.email),
            ("external_id", &patch.external_id),
            ("name", &patch.name),
            ("phone", &patch.phone),
            ("company", &patch.company),
            ("city", &patch.city),
            ("region", &patch.region),
            ("country", &patch.country),
            ("time_zone", &patch.time_zone),
            ("avatar_url", &patch.avatar_url),
        ] {
            if let Patch::Set(value) = value {
                fields.insert(name.to_owned(), value.clone());
            }
        }
        if let Some(domain) = &row.parsed.shopify_domain {
            fields.insert("shopify_domain".to_owned(), domain.clone());
        }
        let custom_data = row
            .parsed
            .custom_data
            .iter()
            .flat_map(|(app_id, changes)| {
                changes.iter().filter_map(move |(key, value)| {
                    value.as_ref().map(|value| PreviewCustomData {
                        app_id: *app_id,
                        key: key.clone(),
                        value: value.clone(),
                    })
                })
            })
            .collect();
        ImportPreviewRow {
            row: row.result.row,
            action: row.result.action,
            contact_id: row.result.contact_id,
            fields,
            tags: row.parsed.tags.clone(),
            custom_data,
            errors: row
                .result
                .errors
                .into_iter()
                .map(ImportRowError::from_record)
                .collect(),
        }
    }
}

/// What a dry run answers: nothing was written.
#[derive(Serialize, ToSchema)]
pub struct ImportPreview {
    pub dry_run: bool,
    pub total_rows: u64,
    pub columns: Vec<ImportColumn>,
    /// The first 20 rows.
    pub rows: Vec<ImportPreviewRow>,
}

impl ImportPreview {
    pub fn from_record(preview: Preview) -> ImportPreview {
        ImportPreview {
            dry_run: true,
            total_rows: preview.total_rows,
            columns: preview
                .columns
                .into_iter()
                .map(ImportColumn::from_record)
                .collect(),
            rows: preview
                .rows
                .into_iter()
                .map(ImportPreviewRow::from_record)
                .collect(),
        }
    }
}
