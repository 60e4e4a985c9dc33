//! Ordered schema migrations, written with sea-query builders so SQLite and PostgreSQL share them.
pub use sea_orm_migration::prelude::*;

pub mod citus;

mod m20261124_000001_core;
mod m20261124_000002_ingestion;
mod m20261124_000003_change_feed;
mod m20261124_000004_contact_search;
mod m20261124_000005_outbox;
mod m20261124_000006_shopify;
mod m20261124_000007_inbox_indexes;
mod m20261124_000008_sqlite_contact_search;
mod m20261201_000001_trust;
mod m20261201_000002_login_throttle;
mod m20261202_000001_shopify_ledger;
mod m20261202_000002_contact_sort;
mod m20261202_000003_merchant_mrr_history;
mod m20261203_000001_contact_notes;
mod m20261203_000002_contact_merges;
mod m20261203_000003_contact_imports;
mod m20261204_000001_webhooks;
mod tenant_schema;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_core::Migration),
            Box::new(m20261124_000002_ingestion::Migration),
            Box::new(m20261124_000003_change_feed::Migration),
            Box::new(m20261124_000004_contact_search::Migration),
            Box::new(m20261124_000005_outbox::Migration),
            Box::new(m20261124_000006_shopify::Migration),
            Box::new(m20261124_000007_inbox_indexes::Migration),
            Box::new(m20261124_000008_sqlite_contact_search::Migration),
            Box::new(m20261201_000001_trust::Migration),
            Box::new(m20261201_000002_login_throttle::Migration),
            Box::new(m20261202_000001_shopify_ledger::Migration),
            Box::new(m20261202_000002_contact_sort::Migration),
            Box::new(m20261202_000003_merchant_mrr_history::Migration),
            Box::new(m20261203_000001_contact_notes::Migration),
            Box::new(m20261203_000002_contact_merges::Migration),
            Box::new(m20261203_000003_contact_imports::Migration),
            Box::new(m20261204_000001_webhooks::Migration),
        ]
    }
}
