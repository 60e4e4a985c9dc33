//! The change feed behind live updates: every write that an open sidebar should notice adds
//! a row, and each API process streams new rows of an organization to its subscribers. Being
//! in the database, it works across any number of API processes.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000003_change_feed"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut changes = tenant_table("change_events");
        with_serial_id(backend, &mut changes, "change_events");
        changes
            .col(text("kind"))
            .col(big_int_null("contact_id"))
            .col(ColumnDef::new("conversation_id").uuid().null())
            .col(timestamp("created_at"));
        manager.create_table(changes).await?;
        manager
            .create_index(tenant_index(
                "change_events_feed",
                "change_events",
                &["id"],
                false,
            ))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("change_events_age")
                    .table("change_events")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("change_events").if_exists().to_owned())
            .await
    }
}
