//! `contact_merges`: the tombstone of each manual merge (SPEC §5). The merged-away contact's
//! row is deleted, so `merged_contact_id` has no foreign key; the trail hangs off the
//! survivor (`into_contact_id`, cascading, so erasing the survivor erases it too). When the
//! survivor is merged again its tombstones are re-pointed to the new survivor, so one lookup
//! by `merged_contact_id` always names the contact that lives now.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000002_contact_merges"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut merges = tenant_table("contact_merges");
        with_serial_id(backend, &mut merges, "contact_merges");
        merges
            .col(big_int("merged_contact_id"))
            .col(big_int("into_contact_id"))
            // No foreign key: the activity line outlives the user who merged.
            .col(big_int_null("merged_by_user_id"))
            // The merged contact's display name when it went, for the activity line.
            .col(text("merged_contact_label"))
            .col(timestamp("merged_at"));
        tenant_reference(
            &mut merges,
            "contact_merges",
            "into_contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(merges).await?;
        // A contact id is merged away at most once (ids are never reused).
        manager
            .create_index(tenant_index(
                "contact_merges_merged",
                "contact_merges",
                &["merged_contact_id"],
                true,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "contact_merges_into",
                "contact_merges",
                &["into_contact_id", "merged_at"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("contact_merges").to_owned())
            .await
    }
}
