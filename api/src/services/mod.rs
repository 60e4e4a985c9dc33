//! Use cases: each takes the caller's scope, calls the repo, returns domain values. No actix here.
pub mod auth;
pub mod contacts;
