//! The email outbox: one row per CC copy of an outgoing reply, written in the reply's
//! transaction and delivered by a worker that claims rows with an expiring lease.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000005_outbox"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut outbox = tenant_table("outbox_emails");
        with_serial_id(backend, &mut outbox, "outbox_emails");
        outbox
            .col(ColumnDef::new("conversation_id").uuid().not_null())
            .col(big_int("message_id"))
            .col(text("recipient"))
            .col(text("subject"))
            .col(text("body"))
            .col(text("message_id_header"))
            .col(text("status"))
            .col(ColumnDef::new("attempts").integer().not_null().default(0))
            .col(timestamp("next_attempt_at"))
            .col(timestamp_null("claimed_until"))
            .col(text_null("claim_token"))
            .col(text_null("last_error"))
            .col(timestamp("created_at"))
            .col(timestamp_null("sent_at"));
        tenant_reference(
            &mut outbox,
            "outbox_emails",
            "message_id",
            "messages",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut outbox,
            "outbox_emails",
            "conversation_id",
            "conversations",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(outbox).await?;
        manager
            .create_index(tenant_index(
                "outbox_emails_message",
                "outbox_emails",
                &["message_id"],
                false,
            ))
            .await?;
        // The delivery worker's queue scan.
        manager
            .create_index(
                Index::create()
                    .name("outbox_emails_queue")
                    .table("outbox_emails")
                    .col("status")
                    .col("next_attempt_at")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("outbox_emails").if_exists().to_owned())
            .await
    }
}
