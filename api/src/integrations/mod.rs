//! Clients of the outside world: SMTP for CC copies, and Shopify's Partner API (its client,
//! generated queries, the values it hands out, and its version list).
pub mod partner_nodes;
pub mod partner_queries;
pub mod partner_versions;
pub mod shopify_partner;
pub mod smtp;
pub mod webhook_sender;
