//! The one seam between the repository and the two databases Convot runs on. Every place a
//! query differs between SQLite and PostgreSQL asks the [`Dialect`] here instead of matching
//! on the backend itself, so the differences are listed once, each with why it exists.
//! What both spell alike stays out: upserts are `INSERT ... ON CONFLICT ... DO UPDATE/NOTHING`
//! with `excluded.` on both (SQLite since 3.24), and `RETURNING` on both (SQLite since 3.35).
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, QuerySelect, Select, Statement, StatementBuilder, Value,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// How the contact list finds a search term in name, email, company or external id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextSearch {
    /// `LOWER(column) LIKE '%term%'` served by PostgreSQL's `pg_trgm` GIN indexes.
    Trigram,
    /// SQLite's FTS5 trigram table `contacts_search` (migration 8).
    Fts5,
    /// `LIKE` over the organization's contacts walked in list order: no index serves it.
    Scan,
}

impl Dialect {
    /// The dialect of the connection (or transaction) a query runs on.
    pub fn of(db: &impl ConnectionTrait) -> Self {
        Self::from_backend(db.get_database_backend())
    }

    pub fn from_backend(backend: DbBackend) -> Self {
        match backend {
            DbBackend::Sqlite => Self::Sqlite,
            DbBackend::Postgres => Self::Postgres,
            other => panic!("Convot runs on SQLite or PostgreSQL, not {other:?}"),
        }
    }

    pub fn backend(self) -> DbBackend {
        match self {
            Self::Sqlite => DbBackend::Sqlite,
            Self::Postgres => DbBackend::Postgres,
        }
    }

    /// A sea-query statement rendered for this database: sea-query numbers the placeholders
    /// and quotes the names in each database's spelling.
    pub fn build(self, statement: &impl StatementBuilder) -> Statement {
        self.backend().build(statement)
    }

    /// A raw statement written with `$1`-style placeholders, for the few queries the builders
    /// cannot express portably (upserts, set-based moves). PostgreSQL numbers parameters
    /// `$n`; SQLite reads `$1` as a *named* parameter, numbered by first appearance (so
    /// `$2 ... $1` would bind the wrong values), and numbers positional ones `?n`.
    pub fn statement(self, sql: &str, values: Vec<Value>) -> Statement {
        let sql = match self {
            Self::Sqlite => sql.replace('$', "?"),
            Self::Postgres => sql.to_owned(),
        };
        Statement::from_sql_and_values(self.backend(), sql, values)
    }

    /// The clause that ends a queue's `SELECT ... LIMIT n` so concurrent workers claim
    /// different rows. PostgreSQL workers run in parallel: `FOR UPDATE SKIP LOCKED` passes
    /// over rows another worker is claiming instead of waiting for it or claiming them twice.
    /// SQLite has no row locks (nor the syntax): one writer at a time, so the claiming update
    /// is already exclusive.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// For a transaction whose loss in a crash is harmless (it is redone): on PostgreSQL its
    /// commit does not wait for the WAL flush. The webhook senders' bookkeeping is such: a
    /// lost claim or a lost "sent" only means the message is sent again, with the same
    /// `webhook-id`, which at-least-once delivery allows. Never for a user's write.
    pub fn relaxed_commit(self) -> Option<&'static str> {
        match self {
            Self::Sqlite => None,
            Self::Postgres => Some("SET LOCAL synchronous_commit TO OFF"),
        }
    }

    /// [`Self::skip_locked`] for a select that joins: locks only the rows of `table` (an alias
    /// of the query), so the joined rows stay free for other writers.
    pub fn skip_locked_of(self, table: &str) -> String {
        match self {
            Self::Sqlite => String::new(),
            Self::Postgres => format!(" FOR UPDATE OF {table} SKIP LOCKED"),
        }
    }

    /// The select, locking the rows it reads until the transaction ends (`FOR UPDATE`) where
    /// that is needed: a row read, changed and written back on PostgreSQL could be overwritten
    /// by a concurrent transaction that read it too. SQLite's write transactions are serial
    /// already (and it has no `FOR UPDATE`).
    pub fn locked_for_update<E: EntityTrait>(self, select: Select<E>) -> Select<E> {
        match self {
            Self::Sqlite => select,
            Self::Postgres => select.lock_exclusive(),
        }
    }

    /// Whether independent reads are worth combining into one statement
    /// (`repo::batch`). PostgreSQL is across the network, so a page of ten small reads pays
    /// ten round trips unless they go as one; SQLite runs in-process with no round trip to
    /// save (and has no `json_agg`), so there they run one by one.
    pub fn combines_reads(self) -> bool {
        self == Self::Postgres
    }

    /// Whether one statement can insert into two tables: PostgreSQL allows `INSERT` inside
    /// `WITH` (data-modifying CTEs), SQLite only `SELECT`, so there the inserts take a
    /// transaction of their own.
    pub fn writes_in_ctes(self) -> bool {
        self == Self::Postgres
    }

    /// Which index finds `text` in the contacts. PostgreSQL's `pg_trgm` GIN indexes serve a
    /// `LIKE '%text%'` directly. SQLite cannot use an index for a `LIKE` with a leading
    /// wildcard, so it keeps an FTS5 trigram table; that holds three-character pieces, so a
    /// shorter term is matched by walking the organization's contacts.
    pub fn text_search(self, text: &str) -> TextSearch {
        match self {
            Self::Postgres => TextSearch::Trigram,
            Self::Sqlite if text.chars().count() >= 3 => TextSearch::Fts5,
            Self::Sqlite => TextSearch::Scan,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_statements_take_each_databases_placeholders() {
        let sql = "SELECT 1 WHERE a = $2 AND b = $1";
        assert_eq!(Dialect::Postgres.statement(sql, vec![]).sql, sql);
        assert_eq!(
            Dialect::Sqlite.statement(sql, vec![]).sql,
            "SELECT 1 WHERE a = ?2 AND b = ?1"
        );
    }

    #[test]
    fn the_backend_round_trips() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            assert_eq!(Dialect::from_backend(dialect.backend()), dialect);
        }
    }

    #[test]
    fn short_terms_scan_on_sqlite_only() {
        assert_eq!(Dialect::Sqlite.text_search("ab"), TextSearch::Scan);
        assert_eq!(Dialect::Sqlite.text_search("abc"), TextSearch::Fts5);
        assert_eq!(Dialect::Postgres.text_search("ab"), TextSearch::Trigram);
    }
}
