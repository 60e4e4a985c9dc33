//! Which contact a queued webhook message is about, so erasing a contact also erases its
//! messages that are still queued or kept in the delivery log (SPEC §5: nothing of an erased
//! contact stays behind). Null for messages about no contact (a "Send test").
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000002_webhook_delivery_contact"
    }
}

const INDEX: &str = "webhook_deliveries_by_contact";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("webhook_deliveries")
                    .add_column(big_int_null("contact_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(tenant_index(INDEX, "webhook_deliveries", &["contact_id"], false))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(INDEX).table("webhook_deliveries").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("webhook_deliveries")
                    .drop_column("contact_id")
                    .to_owned(),
            )
            .await
    }
}
