//! Independent reads in one round trip. Where the database combines reads
//! ([`Dialect::combines_reads`], PostgreSQL) every statement of the batch becomes a `json_agg`
//! column of a single SELECT, so a page that needs ten small reads waits for the network once,
//! not ten times (the sidebar's cost was round trips, not query work). Elsewhere (SQLite, in
//! process) the statements run one by one and decode as usual. The caller builds each
//! statement for [`Batch::backend`] and never needs to know which way it goes.
use crate::repo::dialect::Dialect;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, QueryResult, Statement, Value};
use serde::de::DeserializeOwned;

/// Where one statement's rows are in the batch's results.
#[derive(Clone, Copy, Debug)]
pub struct Slot(usize);

pub struct Batch {
    dialect: Dialect,
    statements: Vec<Statement>,
}

enum Rows {
    Decoded(Vec<QueryResult>),
    Json(serde_json::Value),
}

pub struct BatchRows {
    rows: Vec<Option<Rows>>,
}

impl Batch {
    /// A batch for the connection it will run on.
    pub fn of(db: &impl ConnectionTrait) -> Self {
        Self {
            dialect: Dialect::of(db),
            statements: Vec::new(),
        }
    }

    /// What the batch's statements are built for.
    pub fn backend(&self) -> DbBackend {
        self.dialect.backend()
    }

    pub fn add(&mut self, statement: Statement) -> Slot {
        self.statements.push(statement);
        Slot(self.statements.len() - 1)
    }

    pub async fn run(self, db: &impl ConnectionTrait) -> Result<BatchRows, DbErr> {
        let rows = if self.dialect.combines_reads() && !self.statements.is_empty() {
            let width = self.statements.len();
            let row = db
                .query_one_raw(combine(self.statements))
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("batch row".to_owned()))?;
            (0..width)
                .map(|i| {
                    row.try_get_by_index::<serde_json::Value>(i)
                        .map(|v| Some(Rows::Json(v)))
                })
                .collect::<Result<_, _>>()?
        } else {
            let mut rows = Vec::with_capacity(self.statements.len());
            for statement in self.statements {
                rows.push(Some(Rows::Decoded(db.query_all_raw(statement).await?)));
            }
            rows
        };
        Ok(BatchRows { rows })
    }
}

impl BatchRows {
    /// Every row of a slot's statement, in the statement's order. Each slot is taken once.
    pub fn all<T: FromQueryResult + DeserializeOwned>(&mut self, slot: Slot) -> Result<Vec<T>, DbErr> {
        match self.rows.get_mut(slot.0).and_then(Option::take) {
            Some(Rows::Decoded(rows)) => rows.iter().map(|row| T::from_query_result(row, "")).collect(),
            Some(Rows::Json(array)) => {
                serde_json::from_value(array).map_err(|e| DbErr::Type(format!("batch slot {}: {e}", slot.0)))
            }
            None => Err(DbErr::Custom(format!("batch slot {} read twice", slot.0))),
        }
    }

    /// The first row of a slot's statement, if any.
    pub fn one<T: FromQueryResult + DeserializeOwned>(&mut self, slot: Slot) -> Result<Option<T>, DbErr> {
        Ok(self.all(slot)?.into_iter().next())
    }
}

/// `SELECT (SELECT COALESCE(json_agg(q), '[]'::json) FROM (<statement 1>) q), ...` with every
/// statement's `$n` placeholders shifted past the ones before it. Rows reach `json_agg` in the
/// subquery's order: PostgreSQL documents feeding an aggregate from a sorted subquery as
/// working in practice rather than guaranteed, and here nothing could reorder them (ORDER BY
/// keeps the subquery from being flattened, `json_agg` has no parallel form); the sidebar
/// tests check the order on both databases. The `json` type keeps numbers exactly as stored.
fn combine(statements: Vec<Statement>) -> Statement {
    let mut values: Vec<Value> = Vec::new();
    let columns: Vec<String> = statements
        .into_iter()
        .enumerate()
        .map(|(i, statement)| {
            debug_assert_eq!(
                highest_placeholder(&statement.sql),
                statement.values.as_ref().map_or(0, |v| v.0.len()),
                "one value per placeholder, none inside a literal: {}",
                statement.sql
            );
            let sql = shift_placeholders(&statement.sql, values.len());
            values.extend(statement.values.map(|v| v.0).unwrap_or_default());
            format!("(SELECT COALESCE(json_agg(q), '[]'::json) FROM ({sql}) q) AS s{i}")
        })
        .collect();
    Statement::from_sql_and_values(
        Dialect::Postgres.backend(),
        format!("SELECT {}", columns.join(", ")),
        values,
    )
}

/// Renumbers `$n` to `$(n + by)`. The statements batched here are built by the repository
/// (sea-query or `repo::sql`), whose literals never contain `$`.
fn shift_placeholders(sql: &str, by: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&digits),
        }
    }
    out
}

fn highest_placeholder(sql: &str) -> usize {
    sql.split('$')
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_shift_past_the_previous_statements() {
        assert_eq!(
            shift_placeholders("a = $1 AND (b, c) < ($2, $10) LIMIT $3", 4),
            "a = $5 AND (b, c) < ($6, $14) LIMIT $7"
        );
        assert_eq!(shift_placeholders("no parameters", 3), "no parameters");
    }

    #[test]
    fn statements_combine_into_one_select_with_their_values_in_order() {
        let first = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT x FROM t WHERE a = $1",
            [1i64.into()],
        );
        let second = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT y FROM u WHERE b = $1 AND c = $2",
            [2i64.into(), 3i64.into()],
        );
        let combined = combine(vec![first, second]);
        assert_eq!(
            combined.sql,
            "SELECT (SELECT COALESCE(json_agg(q), '[]'::json) FROM (SELECT x FROM t WHERE a = $1) q) AS s0, \
             (SELECT COALESCE(json_agg(q), '[]'::json) FROM (SELECT y FROM u WHERE b = $2 AND c = $3) q) AS s1"
        );
        let values: Vec<Value> = combined.values.unwrap().0;
        assert_eq!(
            values,
            vec![Value::from(1i64), Value::from(2i64), Value::from(3i64)]
        );
    }
}
