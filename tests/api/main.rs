//! The one integration-test binary: every test starts the real server on port 0 with its own
//! database, on SQLite and on PostgreSQL.
mod helpers;

mod api_keys;
mod apps;
mod auth;
mod cc_emails;
mod contact_writes;
mod contacts;
mod conversations;
mod demo;
mod distribution;
mod errors;
mod events;
mod faults;
mod fixtures;
mod identify;
mod identify_race;
mod multi_process;
mod openapi;
mod outbox;
mod partner_server;
mod profile;
mod query_budgets;
mod query_plans;
mod security;
mod seed;
mod server_process;
mod shopify;
mod sidebar;
mod smtp_server;
mod spa;
mod stream;
mod tags;
mod tcp_proxy;
mod tenancy;
mod widget_http;
