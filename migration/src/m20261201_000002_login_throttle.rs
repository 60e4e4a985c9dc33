//! Login throttle counters shared by every API process: one row per (email, client address)
//! pair and one per client address, each a failure count in a fixed window (SPEC §2 "Login").
//!
//! A global table like the users email lookup, not a tenant table: a login is counted before
//! any organization is known, and for emails that belong to no one. The per-user columns
//! `users.failed_login_count` and `users.login_blocked_until` are no longer read or written;
//! dropping them is left to a later migration so a rollback of the binary finds them in place.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000002_login_throttle"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_throttles")
                    .col(ColumnDef::new("key").text().not_null().primary_key())
                    .col(ColumnDef::new("failures").integer().not_null())
                    .col(timestamp("window_started_at"))
                    .to_owned(),
            )
            .await?;
        // The maintenance loop deletes expired windows.
        manager
            .create_index(
                Index::create()
                    .name("login_throttles_window")
                    .table("login_throttles")
                    .col("window_started_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("login_throttles").if_exists().to_owned())
            .await
    }
}
