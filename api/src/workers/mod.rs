//! Background work an API process runs beside the HTTP server, as `CONVOT_WORKERS` selects
//! (`crate::worker_set`): email delivery from the outbox, the Shopify sync, contact CSV
//! imports, upkeep of short-lived tables, and the webhook sender.
pub mod imports;
pub mod outbox;
pub mod shopify;
pub mod upkeep;
pub mod webhook_send;
pub mod webhooks;
