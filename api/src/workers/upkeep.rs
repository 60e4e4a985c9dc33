//! Background upkeep each API process runs: pruning the change feed, which live streams only
//! read for a few seconds after each write, and login throttle windows that have ended.
use crate::repo;
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;

const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(600);
const KEEP_CHANGES_FOR: Duration = Duration::hours(1);

pub fn spawn(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PRUNE_EVERY);
        loop {
            tick.tick().await;
            match repo::changes::prune_before(&db, Utc::now() - KEEP_CHANGES_FOR).await {
                Ok(0) => {}
                Ok(pruned) => tracing::debug!(pruned, "pruned the change feed"),
                Err(err) => tracing::warn!(error = %err, "pruning the change feed failed"),
            }
            match repo::login_throttles::prune_ended(&db, Utc::now()).await {
                Ok(0) => {}
                Ok(pruned) => tracing::debug!(pruned, "pruned ended login throttle windows"),
                Err(err) => tracing::warn!(error = %err, "pruning login throttle windows failed"),
            }
        }
    });
}
