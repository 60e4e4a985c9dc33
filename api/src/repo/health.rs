//! The readiness probe's query.
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

/// A round trip to the database that reads no table.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
