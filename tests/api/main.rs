//! The one integration-test binary: every test starts the real server on port 0 with its own
//! database, on SQLite and on PostgreSQL.
mod helpers;

mod apps;
mod auth;
mod contacts;
mod errors;
mod openapi;
mod seed;
mod spa;
mod tenancy;
