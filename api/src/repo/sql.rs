//! Raw statements for the few queries the builders cannot express portably (upserts,
//! set-based moves), for callers that hold a backend rather than a connection. Written with
//! `$1` placeholders; [`Dialect::statement`] gives each database its spelling.
use crate::repo::dialect::Dialect;
use sea_orm::{DbBackend, Statement, Value};

pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    Dialect::from_backend(backend).statement(sql, values)
}
