//! `shopify_merchants.mrr_history`: the MRR chart's steps, derived from the ledger on every
//! sync like plan and MRR, so the sidebar (polled every few seconds, and now carrying the
//! chart) reads a few hundred bytes instead of the whole ledger. Rows synced before it read
//! the chart from the ledger until the organization's next sync writes it (merchants with no
//! news included).
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000003_merchant_mrr_history"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("shopify_merchants")
                    .add_column(text_null("mrr_history"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("shopify_merchants")
                    .drop_column("mrr_history")
                    .to_owned(),
            )
            .await
    }
}
