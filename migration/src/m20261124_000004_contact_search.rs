//! Contact search by substring of name, email, company or external_id. On PostgreSQL,
//! trigram GIN indexes over the lower-cased columns serve `LOWER(col) LIKE '%q%'`; SQLite got
//! its FTS5 trigram index in migration 8.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000004_contact_search"
    }
}

const COLUMNS: [&str; 4] = ["name", "email", "company", "external_id"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        // pg_trgm is a trusted extension: the database owner may create it.
        db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            .await?;
        for column in COLUMNS {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS contacts_{column}_trgm ON contacts USING gin (LOWER({column}) gin_trgm_ops)"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for column in COLUMNS {
            manager
                .get_connection()
                .execute_unprepared(&format!("DROP INDEX IF EXISTS contacts_{column}_trgm"))
                .await?;
        }
        Ok(())
    }
}
