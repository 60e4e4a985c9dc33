//! Every query of the product. Each one filters by `organization_id` first, so no query can
//! cross organizations; handlers and services never build SQL themselves. Sign-in is the
//! exception: it finds the user by email and counts attempts before any organization is known.
pub mod access_request;
pub mod api_keys;
pub mod app_contacts;
pub mod apps;
pub mod batch;
pub mod cc_emails;
pub mod changes;
pub mod claiming;
pub mod contact_export;
pub mod contact_imports;
pub mod contact_merge;
pub mod contact_merges;
pub mod contacts;
pub mod conversations;
pub mod custom_data;
pub mod dialect;
pub mod events;
pub mod health;
pub mod login_throttles;
pub mod messages;
pub mod notes;
pub mod organizations;
pub mod outbox;
pub mod records;
pub mod shopify;
pub mod sidebar;
pub mod tags;
pub mod topology;
pub mod users;
pub mod visibility;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_leases;
pub mod widget_sessions;
