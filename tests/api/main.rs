//! The one integration-test binary: every test starts the real server on port 0 with its own
//! database, on SQLite and on PostgreSQL.
mod helpers;

mod api_keys;
mod apps;
mod auth;
mod contact_writes;
mod contacts;
mod errors;
mod events;
mod identify;
mod identify_race;
mod openapi;
mod seed;
mod spa;
mod tenancy;
mod widget_http;
