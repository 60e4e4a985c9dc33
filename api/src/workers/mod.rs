//! Background work an API process runs beside the HTTP server, as `CONVOT_WORKERS` selects
//! (`selection`): email delivery from the outbox, the Shopify sync, contact CSV
//! imports, upkeep of short-lived tables, and the webhook sender.
pub mod imports;
pub mod outbox;
pub mod selection;
pub mod shopify;
pub mod upkeep;
pub mod webhook_send;
pub mod webhooks;

use crate::repo::claiming::Claiming;
use sea_orm::DatabaseConnection;

/// How this database lets the claim lease rows, asked until the database answers.
pub(crate) async fn claiming_of(db: &DatabaseConnection, retry_every: std::time::Duration) -> Claiming {
    loop {
        match Claiming::of(db).await {
            Ok(claiming) => return claiming,
            Err(err) => {
                tracing::warn!(error = %err, "reading the database's kind failed; retrying");
                tokio::time::sleep(retry_every).await;
            }
        }
    }
}
