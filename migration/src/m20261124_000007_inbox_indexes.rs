//! The organization-wide inbox (`GET /conversations`, newest activity first, optionally by
//! status) had only per-app and per-contact indexes, so PostgreSQL scanned and sorted every
//! conversation of the organization for each page; found by the `EXPLAIN` test on the
//! benchmark dataset.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000007_inbox_indexes"
    }
}

const INDEXES: &[(&str, &[&str])] = &[
    ("conversations_activity", &["last_activity_at", "id"]),
    (
        "conversations_status_activity",
        &["status", "last_activity_at", "id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            manager
                .create_index(tenant_index(name, "conversations", cols, false))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(*name).table("conversations").to_owned())
                .await?;
        }
        Ok(())
    }
}
