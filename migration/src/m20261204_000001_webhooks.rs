//! Webhooks: an app's endpoints, the outbox of messages to each (written in the transaction of
//! the change that caused them) and every attempt to send one, for the delivery log.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000001_webhooks"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        let mut endpoints = tenant_table("webhook_endpoints");
        with_serial_id(backend, &mut endpoints, "webhook_endpoints");
        endpoints
            .col(big_int("app_id"))
            .col(text("url"))
            .col(text("description"))
            // JSON array of topic names; matched with LIKE '%"topic"%' inside the emitting insert.
            .col(text("topics"))
            .col(boolean("enabled", true))
            .col(text_null("disabled_reason"))
            // Sealed with CONVOT_ENCRYPTION_KEY: the secret is shown again on "reveal".
            .col(text("secret"))
            .col(text_null("previous_secret"))
            .col(timestamp_null("previous_secret_expires_at"))
            // Start of the current run of failed attempts; cleared by any success.
            .col(timestamp_null("failing_since"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"));
        tenant_reference(
            &mut endpoints,
            "webhook_endpoints",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(endpoints).await?;
        manager
            .create_index(tenant_index(
                "webhook_endpoints_by_app",
                "webhook_endpoints",
                &["app_id", "id"],
                false,
            ))
            .await?;

        // One row per message, whatever the number of endpoints it goes to: the body is
        // stored once, and the deliveries (rewritten on every claim and attempt) stay small.
        let mut messages = tenant_table("webhook_messages");
        with_serial_id(backend, &mut messages, "webhook_messages");
        messages
            // `msg_<uuid>`: the webhook-id header, the same on every retry.
            .col(text("message_id"))
            .col(text("topic"))
            // The exact body that is signed and sent, fixed when the change was written.
            .col(text("payload"))
            // The contact the message is about: erasing it deletes the message (SPEC §5);
            // none for a test, or for the contact.deleted that outlives it.
            .col(big_int_null("contact_id"))
            .col(timestamp("created_at"));
        manager.create_table(messages).await?;
        manager
            .create_index(tenant_index(
                "webhook_messages_by_contact",
                "webhook_messages",
                &["contact_id"],
                false,
            ))
            .await?;

        let mut deliveries = tenant_table("webhook_deliveries");
        with_serial_id(backend, &mut deliveries, "webhook_deliveries");
        deliveries
            .col(big_int("endpoint_id"))
            // The message sent (webhook_messages.id in the same organization).
            .col(big_int("message_pk"))
            .col(text("status"))
            .col(ColumnDef::new("attempts").integer().not_null().default(0))
            .col(timestamp_null("next_attempt_at"))
            .col(timestamp_null("claimed_until"))
            .col(text_null("claim_token"))
            .col(big_int_null("last_status_code"))
            .col(text_null("last_error"))
            .col(timestamp("created_at"))
            .col(timestamp_null("finished_at"));
        // No foreign key to the endpoint: every event insert writes a row per subscribed
        // endpoint, and on PostgreSQL each key check share-locks the endpoint's row, so
        // concurrent writers pile multixacts onto the same few rows. Deleting an endpoint
        // deletes its deliveries itself (`repo::webhook_endpoints::delete`); the senders' claim
        // joins on the endpoint. Nor one to the message (written by the same statement), nor
        // a unique (endpoint, message) index: one statement queues a message once per
        // endpoint, so they would only cost every insert more index work.
        manager.create_table(deliveries).await?;
        // The endpoint's delivery log, newest first.
        manager
            .create_index(tenant_index(
                "webhook_deliveries_by_endpoint",
                "webhook_deliveries",
                &["endpoint_id", "id"],
                false,
            ))
            .await?;
        // The workers' queue scan across organizations.
        manager
            .create_index(
                Index::create()
                    .name("webhook_deliveries_queue")
                    .table("webhook_deliveries")
                    .col("status")
                    .col("next_attempt_at")
                    .to_owned(),
            )
            .await?;

        let mut attempts = tenant_table("webhook_attempts");
        with_serial_id(backend, &mut attempts, "webhook_attempts");
        attempts
            .col(big_int("delivery_id"))
            .col(big_int("endpoint_id"))
            .col(timestamp("attempted_at"))
            .col(big_int_null("status_code"))
            .col(big_int("duration_ms"))
            .col(text_null("error"))
            // At most 1 KiB of what the receiver answered.
            .col(text_null("response_body"));
        tenant_reference(
            &mut attempts,
            "webhook_attempts",
            "delivery_id",
            "webhook_deliveries",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(attempts).await?;
        manager
            .create_index(tenant_index(
                "webhook_attempts_by_delivery",
                "webhook_attempts",
                &["delivery_id", "id"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "webhook_attempts",
            "webhook_deliveries",
            "webhook_messages",
            "webhook_endpoints",
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
