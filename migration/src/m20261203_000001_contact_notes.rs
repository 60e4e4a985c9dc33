//! `contact_notes` (issue 17): what agents write about a contact, newest first.
//!
//! The contact is a tenant foreign key with `ON DELETE CASCADE`, so erasing a contact takes its
//! notes with it. The author is deliberately not a foreign key: a composite
//! `(organization_id, author_user_id)` key cannot `SET NULL` on either database without
//! nulling `organization_id` too, and a user's removal must not fail or take the notes with it.
//! Readers join `users` instead, and a note whose author is gone reads as having no author.
//! User ids are never reused (PostgreSQL sequences, SQLite `AUTOINCREMENT`), so a dangling id
//! cannot come to name someone else.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000001_contact_notes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut notes = tenant_table("contact_notes");
        with_serial_id(backend, &mut notes, "contact_notes");
        notes
            .col(big_int("contact_id"))
            .col(big_int_null("author_user_id"))
            .col(text("body"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"));
        tenant_reference(
            &mut notes,
            "contact_notes",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(notes).await?;
        // The list's order (newest first, id breaking ties) is the index's, so a page is a
        // seek to the cursor's row value and a read of `limit + 1` entries.
        manager
            .create_index(
                Index::create()
                    .name("contact_notes_contact_newest")
                    .table("contact_notes")
                    .col(ORG)
                    .col("contact_id")
                    .col(("created_at", IndexOrder::Desc))
                    .col(("id", IndexOrder::Desc))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("contact_notes").if_exists().to_owned())
            .await
    }
}
