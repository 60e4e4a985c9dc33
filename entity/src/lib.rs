//! sea-orm entities, one module per table. Every table but `organizations` carries
//! `organization_id`; queries always filter by it first.
pub mod organization;
pub mod user;
pub mod app;
pub mod app_operator;
pub mod api_key;
pub mod contact;
pub mod app_contact;
pub mod custom_attribute;
pub mod conversation;
pub mod message;
pub mod tag;
pub mod contact_tag;
pub mod conversation_tag;
pub mod cc_email;
pub mod contact_event;
