//! Clients of the outside world: SMTP for CC copies (Shopify arrives with its integration).
pub mod partner_queries;
pub mod shopify_partner;
pub mod smtp;
