//! The Shopify merchant as a ledger (SPEC §2): charges kept by id, relationship state, and the
//! revenue transactions that make up lifetime value, instead of a running status that each
//! event overwrote.
//!
//! - `shopify_merchants.ledger`: the merchant's facts as JSON (`domain::shopify_ledger`);
//!   the other new columns are what it derives, kept as columns for the sidebar's one batch.
//! - `shopify_transactions`: one row per revenue transaction ever synced, kept past the 12
//!   months lifecycle events are kept, so a transaction re-read at a sync boundary is never
//!   counted twice, however old.
//! - `shopify_integrations.api_version(_warning)`: the Partner API version the last sync
//!   used and what Shopify says of it.
//!
//! Merchants synced by the old code were derived with a 90-day interval Shopify does not have
//! and from subscription sales alone; their sync cursors are reset so the next sync rebuilds
//! them from Shopify's full history, and their lifecycle log is emptied for that sync to
//! write again under the new keys.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000001_shopify_ledger"
    }
}

fn added() -> Vec<(&'static str, ColumnDef)> {
    vec![
        ("shopify_merchants", text_null("ledger")),
        ("shopify_merchants", text_null("charge_id")),
        ("shopify_merchants", boolean("test_charge", false)),
        ("shopify_merchants", timestamp_null("deactivated_at")),
        ("shopify_merchants", text_null("uninstall_description")),
        ("shopify_merchants", text_null("lifetime_value_currency")),
        ("shopify_integrations", text_null("api_version")),
        ("shopify_integrations", text_null("api_version_warning")),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds columns one at a time.
        for (table, mut column) in added() {
            manager
                .alter_table(Table::alter().table(table).add_column(&mut column).to_owned())
                .await?;
        }
        let mut transactions = tenant_table("shopify_transactions");
        transactions
            .col(text("transaction_id"))
            .col(big_int("merchant_id"))
            .col(text("transaction_type"))
            .col(text_null("charge_id"))
            .col(ColumnDef::new("net_minor").big_integer().not_null())
            .col(text("currency"))
            .col(timestamp("created_at"));
        tenant_primary_key(&mut transactions, &["transaction_id"]);
        tenant_reference(
            &mut transactions,
            "shopify_transactions",
            "merchant_id",
            "shopify_merchants",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(transactions).await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE shopify_partner_apps SET events_synced_until = NULL, transactions_synced_until = NULL",
        )
        .await?;
        // The log was keyed differently (no charge id) and held sales as `SUBSCRIPTION_SALE`:
        // kept, the rebuilding sync would log every event a second time.
        db.execute_unprepared("DELETE FROM shopify_events").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("shopify_transactions").if_exists().to_owned())
            .await?;
        for (table, column) in added().into_iter().rev() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(column.get_column_name())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
