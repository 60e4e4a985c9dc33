//! Background work each API process runs beside the HTTP server (unless `CONVOT_WORKERS=off`):
//! email delivery from the outbox, the Shopify sync, contact CSV imports, and upkeep of
//! short-lived tables.
pub mod imports;
pub mod outbox;
pub mod shopify;
pub mod upkeep;
pub mod webhook_send;
pub mod webhooks;
