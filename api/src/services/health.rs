//! Readiness: whether the database answers in time.
use crate::repo;
use sea_orm::DatabaseConnection;
use std::time::Duration;

pub async fn database_answers(db: &DatabaseConnection, within: Duration) -> bool {
    matches!(
        tokio::time::timeout(within, repo::health::ping(db)).await,
        Ok(Ok(()))
    )
}
