//! Raw statements for the few queries the builders cannot express portably (upserts,
//! set-based moves). Written with `$1` placeholders; SQLite gets its `?1` spelling.
use sea_orm::{DbBackend, Statement, Value};

pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}
