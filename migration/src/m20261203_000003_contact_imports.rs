//! Contact CSV imports: one row per upload, holding the file itself, the resolved column
//! mapping and the run's progress, claimed by a worker under an expiring lease.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000003_contact_imports"
    }
}

fn counter(name: &'static str) -> ColumnDef {
    let mut col = ColumnDef::new(name);
    col.big_integer().not_null().default(0);
    col
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut imports = tenant_table("contact_imports");
        with_serial_id(backend, &mut imports, "contact_imports");
        imports
            .col(text("status"))
            // A user may leave; the import stays as the record of what was done.
            .col(ColumnDef::new("created_by_user_id").big_integer().null())
            .col(text("file_name"))
            // The CSV itself: the run re-reads it after a restart, so it must outlive the request.
            .col(text("content"))
            .col(text("mapping"))
            .col(counter("total_rows"))
            .col(counter("processed_rows"))
            .col(counter("created_count"))
            .col(counter("updated_count"))
            .col(counter("unchanged_count"))
            .col(counter("failed_count"))
            .col(text("errors"))
            .col(counter("errors_dropped"))
            .col(text_null("failure"))
            .col(timestamp_null("claimed_until"))
            .col(text_null("claim_token"))
            .col(timestamp("created_at"))
            .col(timestamp_null("started_at"))
            .col(timestamp_null("finished_at"));
        manager.create_table(imports).await?;
        // The organization's imports, newest first.
        manager
            .create_index(tenant_index(
                "contact_imports_by_org",
                "contact_imports",
                &["id"],
                false,
            ))
            .await?;
        // The worker's queue scan across organizations.
        manager
            .create_index(
                Index::create()
                    .name("contact_imports_queue")
                    .table("contact_imports")
                    .col("status")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("contact_imports").if_exists().to_owned())
            .await
    }
}
