//! Running a queued import in the background: one worker holds it under a lease, rows go in
//! batches of [`BATCH_ROWS`], and each batch commits with the import's progress in one
//! transaction. A crashed worker's lease runs out and another process resumes after the last
//! committed batch; a batch is counted only by the holder of the lease, and rewriting one is
//! harmless anyway (the import writes nothing that is already stored).
use super::batch;
use crate::domain::contact_import::file;
use crate::domain::contact_import::{
    keep_errors, parse_row, ContactImport, ImportStatus, ParsedRow, ResolvedColumn, RowError, BATCH_ROWS,
};
use crate::domain::time;
use crate::repo;
use crate::repo::claiming::Claiming;
use crate::repo::contact_imports::Claimed;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::begin_write;
use chrono::Duration;
use sea_orm::DatabaseConnection;

/// How long a claim holds without the worker committing a batch.
pub fn lease() -> Duration {
    Duration::seconds(60)
}

/// Claims the next due import and runs it to the end (or until the lease is lost). `false`
/// when nothing was due.
pub async fn run_next(
    db: &DatabaseConnection,
    claiming: Claiming,
    token: &str,
) -> Result<bool, ServiceError> {
    let now = time::now();
    let Some(claimed) = repo::contact_imports::claim(db, claiming, token, now, now + lease()).await? else {
        return Ok(false);
    };
    let import = claimed.import.clone();
    match run(db, claimed, token).await {
        Ok(()) => Ok(true),
        // The database is away: the lease runs out and a worker tries again.
        Err(err) if err.kind == ErrorKind::Unavailable => Err(err),
        Err(err) => {
            tracing::error!(import_id = import.id, error = ?err, "contact import failed");
            let failure = format!(
                "The import stopped after {} rows: {}",
                import.counts.processed, err.message
            );
            repo::contact_imports::finish(
                db,
                &import,
                token,
                ImportStatus::Failed,
                Some(failure),
                time::now(),
            )
            .await?;
            Err(err)
        }
    }
}

/// The next batch's rows, numbered on from `first_row`.
fn next_batch(
    records: &mut impl Iterator<Item = Result<Vec<String>, file::FileProblem>>,
    first_row: u64,
    columns: &[ResolvedColumn],
) -> Vec<ParsedRow> {
    records
        .take(BATCH_ROWS)
        .enumerate()
        .map(|(offset, record)| {
            let row = first_row + offset as u64;
            match record {
                Ok(cells) => {
                    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                    parse_row(row, &cells, columns)
                }
                Err(problem) => ParsedRow {
                    row,
                    errors: vec![RowError::new(row, None, problem.code, problem.message)],
                    ..ParsedRow::default()
                },
            }
        })
        .collect()
}

async fn run(db: &DatabaseConnection, claimed: Claimed, token: &str) -> Result<(), ServiceError> {
    let Claimed { mut import, content } = claimed;
    let columns = import.columns.clone();
    let mut records = file::rows(&content).skip(import.counts.processed as usize);
    loop {
        let rows = next_batch(&mut records, import.counts.processed as u64 + 1, &columns);
        if rows.is_empty() {
            repo::contact_imports::finish(db, &import, token, ImportStatus::Done, None, time::now()).await?;
            return Ok(());
        }
        if !commit_batch(db, &mut import, token, &rows, &columns).await? {
            tracing::warn!(
                import_id = import.id,
                "contact import lease lost; its new holder goes on"
            );
            return Ok(());
        }
    }
}

/// Writes the rows and the progress they make in one transaction; `false` (and nothing
/// written) when this worker no longer holds the lease.
async fn commit_batch(
    db: &DatabaseConnection,
    import: &mut ContactImport,
    token: &str,
    rows: &[ParsedRow],
    columns: &[ResolvedColumn],
) -> Result<bool, ServiceError> {
    let txn = begin_write(db).await?;
    let now = time::now();
    if !repo::contact_imports::renew(&txn, import, token, now + lease()).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    let results = match batch::write(&txn, import.organization_id, rows, columns, now).await {
        Ok(results) => results,
        Err(err) => {
            let _ = txn.rollback().await;
            return Err(err);
        }
    };
    let (mut counts, mut errors, mut dropped) = (import.counts, import.errors.clone(), import.errors_dropped);
    for result in results {
        counts.add(result.action);
        keep_errors(&mut errors, &mut dropped, result.errors);
    }
    let from = import.counts.processed;
    if !repo::contact_imports::record_progress(&txn, import, token, from, &counts, &errors, dropped).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    txn.commit().await?;
    import.counts = counts;
    import.errors = errors;
    import.errors_dropped = dropped;
    Ok(true)
}
