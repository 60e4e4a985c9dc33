//! The contacts list sorts by last seen (the default) and by name, not only newest first
//! (issue 15): one index per order, on the very expressions `repo::contacts` orders by, so a
//! page is an index seek to the cursor (a row-value comparison) on PostgreSQL and SQLite
//! alike. Both take the parenthesized expression form; each index leads with
//! `organization_id` like every tenant index, which also keeps it local to a shard on Citus.
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000002_contact_sort"
    }
}

const INDEXES: &[(&str, &str)] = &[
    (
        "contacts_last_seen",
        "(organization_id, (COALESCE(last_seen_at, created_at)) DESC, id DESC)",
    ),
    // Nameless contacts (no name and no email) sort last: the flag leads the key.
    (
        "contacts_name",
        "(organization_id, (LOWER(COALESCE(name, email)) IS NULL), (LOWER(COALESCE(name, email))), id)",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, columns) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON contacts {columns}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(*name).table("contacts").to_owned())
                .await?;
        }
        Ok(())
    }
}
