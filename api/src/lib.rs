//! The Convot API server as a library, so the integration tests start it in-process.
pub mod auth;
pub mod configuration;
pub mod db;
pub mod dev_secrets;
pub mod domain;
pub mod error;
pub mod http;
pub mod integrations;
pub mod openapi;
pub mod repo;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod workers;
