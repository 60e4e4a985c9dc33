//! What the trust rules of SPEC §2–§3 need stored: whether a custom-data key and an avatar
//! came from a verified writer (unverified keys have their own, smaller room; an untrusted
//! avatar is never loaded by agents' browsers), which app a change-feed entry belongs to (the
//! live stream shows agents only their apps), and idempotency keys scoped per app (two apps
//! choosing the same key must never see each other's events).
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000001_trust"
    }
}

/// Rows written before this migration were written by the rules of their day; they are kept
/// as trusted so that no app's existing data suddenly stops counting as its own.
const ADDED: &[(&str, &str, bool)] = &[
    ("custom_attributes", "verified", true),
    ("contacts", "avatar_trusted", true),
];

const OLD_IDEMPOTENCY_INDEX: &str = "contact_events_idempotency_key";
const IDEMPOTENCY_INDEX: &str = "contact_events_app_idempotency_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column, default) in ADDED {
            manager
                .alter_table(
                    Table::alter()
                        .table(*table)
                        .add_column(boolean(column, *default))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("change_events")
                    .add_column(big_int_null("app_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OLD_IDEMPOTENCY_INDEX)
                    .table("contact_events")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(tenant_index(
                IDEMPOTENCY_INDEX,
                "contact_events",
                &["contact_id", "app_id", "idempotency_key"],
                true,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(IDEMPOTENCY_INDEX)
                    .table("contact_events")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(tenant_index(
                OLD_IDEMPOTENCY_INDEX,
                "contact_events",
                &["contact_id", "idempotency_key"],
                true,
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("change_events")
                    .drop_column("app_id")
                    .to_owned(),
            )
            .await?;
        for (table, column, _) in ADDED.iter().rev() {
            manager
                .alter_table(Table::alter().table(*table).drop_column(*column).to_owned())
                .await?;
        }
        Ok(())
    }
}
