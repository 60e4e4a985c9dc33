//! The background Shopify sync each API process runs: every couple of seconds it looks for
//! organizations whose sync is due and runs those it can lease.
use crate::configuration::Settings;
use crate::domain::secret::random_hex;
use crate::integrations::shopify_partner::PartnerClient;
use crate::repo;
use crate::services::shopify_sync;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// `client` is shared with the connect handler, so both are paced as one Partner API client.
pub fn spawn(
    db: DatabaseConnection,
    settings: Arc<Settings>,
    client: Arc<PartnerClient>,
) -> anyhow::Result<()> {
    let owner = random_hex(12);
    let poll = settings.shopify_sync_interval.min(Duration::from_secs(2));
    tokio::spawn(async move {
        loop {
            match repo::shopify::due_integrations(&db, chrono::Utc::now()).await {
                Ok(organizations) => {
                    for organization_id in organizations {
                        if let Err(err) =
                            shopify_sync::sync_if_due(&db, &client, &settings, organization_id, &owner).await
                        {
                            tracing::warn!(organization_id, error = %err, "Shopify sync bookkeeping failed");
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "looking for due Shopify syncs failed"),
            }
            tokio::time::sleep(poll).await;
        }
    });
    Ok(())
}
