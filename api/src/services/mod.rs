//! Use cases: each takes the caller's scope, calls the repo, returns domain values. No actix here.
pub mod apps;
pub mod auth;
pub mod cc_emails;
pub mod contact_profile;
pub mod contact_profile_view;
pub mod contact_writes;
pub mod contacts;
pub mod conversations;
pub mod custom_data;
pub mod erasure;
pub mod events;
pub mod identify;
pub mod replies;
pub mod sidebar;
pub mod tags;
pub mod transaction;
pub mod widget;
