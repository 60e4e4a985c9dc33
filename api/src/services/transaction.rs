//! Write transactions that are safe under concurrency on both databases.
//!
//! SQLite transactions begin IMMEDIATE, so writers queue (busy timeout) instead of failing at
//! their first write. On PostgreSQL two writers can both miss a row and both insert it; the
//! unique index stops the second, and the whole unit of work is retried, finding the row.
use crate::services::error::ServiceError;
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqlErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use std::future::Future;

const ATTEMPTS: usize = 4;

pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}

/// Runs `work` in a write transaction, committing on success and retrying the whole unit when
/// a concurrent writer won a unique-constraint race.
pub async fn with_retry<T, F, Fut>(db: &DatabaseConnection, mut work: F) -> Result<T, ServiceError>
where
    F: FnMut(DatabaseTransaction) -> Fut,
    Fut: Future<Output = (DatabaseTransaction, Result<T, ServiceError>)>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let txn = begin_write(db).await?;
        let (txn, result) = work(txn).await;
        match result {
            Ok(value) => match txn.commit().await {
                Ok(()) => return Ok(value),
                Err(err) if attempt < ATTEMPTS && is_race(&err) => continue,
                Err(err) => return Err(err.into()),
            },
            Err(err) => {
                let _ = txn.rollback().await;
                if attempt < ATTEMPTS
                    && err
                        .source
                        .as_ref()
                        .and_then(|s| s.downcast_ref::<DbErr>())
                        .is_some_and(is_race)
                {
                    tokio::time::sleep(std::time::Duration::from_millis(5 * attempt as u64)).await;
                    continue;
                }
                return Err(err);
            }
        }
    }
}

/// [`with_retry`] without its ceremony: `in_write_transaction!(db, |txn| { ...; Ok(value) })`.
/// The body runs in an inner async block, so `?` ends the attempt (rolled back, perhaps
/// retried) instead of the caller; the transaction goes back to `with_retry`, which commits it.
/// A macro because a closure taking `&DatabaseTransaction` cannot return a future that borrows
/// it and is still `Send` on stable Rust.
macro_rules! in_write_transaction {
    ($db:expr, |$txn:ident| $body:expr) => {
        $crate::services::transaction::with_retry($db, |$txn| async move {
            let result = async { $body }.await;
            ($txn, result)
        })
    };
}

pub(crate) use in_write_transaction;

/// A lost race: a unique violation, a serialization failure, or SQLite's busy lock.
pub fn is_race(err: &DbErr) -> bool {
    if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        return true;
    }
    let text = err.to_string();
    text.contains("database is locked")
        || text.contains("could not serialize")
        || text.contains("deadlock detected")
}

pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
