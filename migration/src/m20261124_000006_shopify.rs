//! The Shopify Partner integration: the connection (token encrypted at rest), the partner
//! apps mapped to Convot apps, merchants, and their lifecycle events.
use crate::tenant_schema::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000006_shopify"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut integrations = tenant_table("shopify_integrations");
        integrations
            .col(text("partner_organization_id"))
            .col(text("token_ciphertext"))
            .col(text("status"))
            .col(text_null("last_error"))
            .col(timestamp_null("last_synced_at"))
            .col(timestamp_null("next_sync_at"))
            .col(
                ColumnDef::new("consecutive_failures")
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(boolean("retries_exhausted", false))
            .col(text_null("lease_owner"))
            .col(timestamp_null("lease_until"))
            .col(timestamp("created_at"))
            .col(timestamp("updated_at"));
        tenant_primary_key(&mut integrations, &[]);
        manager.create_table(integrations).await?;

        let mut apps = tenant_table("shopify_partner_apps");
        apps.col(text("partner_app_id"))
            .col(big_int_null("app_id"))
            .col(timestamp_null("events_synced_until"))
            .col(timestamp_null("transactions_synced_until"));
        tenant_primary_key(&mut apps, &["partner_app_id"]);
        tenant_reference(
            &mut apps,
            "shopify_partner_apps",
            "app_id",
            "apps",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(apps).await?;

        let mut merchants = tenant_table("shopify_merchants");
        with_serial_id(backend, &mut merchants, "shopify_merchants");
        merchants
            .col(text("partner_app_id"))
            .col(text("shop_domain"))
            .col(text_null("plan_name"))
            .col(text("subscription_status"))
            .col(ColumnDef::new("mrr_minor").big_integer().not_null().default(0))
            .col(
                ColumnDef::new("lifetime_value_minor")
                    .big_integer()
                    .not_null()
                    .default(0),
            )
            .col(text_null("currency"))
            .col(text_null("billing_interval"))
            .col(
                ColumnDef::new("last_charge_minor")
                    .big_integer()
                    .not_null()
                    .default(0),
            )
            .col(timestamp_null("installed_at"))
            .col(timestamp_null("uninstalled_at"))
            .col(text_null("uninstall_reason"))
            .col(timestamp("updated_at"));
        manager.create_table(merchants).await?;
        manager
            .create_index(tenant_index(
                "shopify_merchants_app_shop_key",
                "shopify_merchants",
                &["partner_app_id", "shop_domain"],
                true,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "shopify_merchants_shop",
                "shopify_merchants",
                &["shop_domain"],
                false,
            ))
            .await?;

        let mut events = tenant_table("shopify_events");
        with_serial_id(backend, &mut events, "shopify_events");
        events
            .col(big_int("merchant_id"))
            .col(text("event_key"))
            .col(text("event_type"))
            .col(timestamp("occurred_at"))
            .col(json("details"));
        tenant_reference(
            &mut events,
            "shopify_events",
            "merchant_id",
            "shopify_merchants",
            ForeignKeyAction::Cascade,
        );
        manager.create_table(events).await?;
        manager
            .create_index(tenant_index(
                "shopify_events_key",
                "shopify_events",
                &["event_key"],
                true,
            ))
            .await?;
        manager
            .create_index(tenant_index(
                "shopify_events_merchant_time",
                "shopify_events",
                &["merchant_id", "occurred_at"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "shopify_events",
            "shopify_merchants",
            "shopify_partner_apps",
            "shopify_integrations",
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
