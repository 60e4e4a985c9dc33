//! The Convot API server as a library, so the integration tests start it in-process.
pub mod auth;
pub mod configuration;
pub mod db;
pub mod domain;
pub mod error;
pub mod maintenance;
pub mod openapi;
pub mod rate_limit;
pub mod repo;
pub mod routes;
pub mod security_headers;
pub mod seed;
pub mod services;
pub mod spa;
pub mod startup;
pub mod state;
pub mod telemetry;
