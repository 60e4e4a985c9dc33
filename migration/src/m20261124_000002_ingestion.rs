//! Ingestion: anonymous widget sessions, and the API-key lookup by id.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000002_ingestion"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // A browser's visitor session. The token names (organization, id) and carries a secret
        // of which only a hash is stored.
        let mut sessions = tenant_table("widget_sessions");
        with_serial_id(backend, &mut sessions, "widget_sessions");
        sessions
            .col(big_int("app_id"))
            .col(text("token_hash"))
            .col(big_int_null("contact_id"))
            .col(boolean("identity_verified", false))
            .col(timestamp_null("last_heartbeat_at"))
            .col(boolean("heartbeat_visible", false))
            .col(timestamp("created_at"));
        tenant_reference(
            &mut sessions,
            "widget_sessions",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        tenant_reference(
            &mut sessions,
            "widget_sessions",
            "contact_id",
            "contacts",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(sessions).await?;
        manager
            .create_index(tenant_index(
                "widget_sessions_contact",
                "widget_sessions",
                &["contact_id"],
                false,
            ))
            .await?;

        // `ck_<id>:<secret>` names the key by id alone: API keys are a small reference table.
        manager
            .create_index(
                Index::create()
                    .name("api_keys_id_lookup")
                    .table("api_keys")
                    .col("id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("api_keys_id_lookup")
                    .table("api_keys")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("widget_sessions").if_exists().to_owned())
            .await
    }
}
