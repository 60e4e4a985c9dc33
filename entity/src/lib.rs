//! sea-orm entities, one module per table. Every table but `organizations` carries
//! `organization_id`; queries always filter by it first.
pub mod api_key;
pub mod app;
pub mod app_contact;
pub mod app_operator;
pub mod cc_email;
pub mod change_event;
pub mod contact;
pub mod contact_event;
pub mod contact_import;
pub mod contact_merge;
pub mod contact_note;
pub mod contact_tag;
pub mod conversation;
pub mod conversation_tag;
pub mod custom_attribute;
pub mod message;
pub mod organization;
pub mod outbox_email;
pub mod shopify_event;
pub mod shopify_integration;
pub mod shopify_merchant;
pub mod shopify_partner_app;
pub mod shopify_transaction;
pub mod tag;
pub mod user;
pub mod widget_session;
