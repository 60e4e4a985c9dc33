//! Whether the database is one node (SQLite, or one PostgreSQL) or a Citus coordinator over
//! shards. Read once when a process starts; the few statements whose best form differs ask it:
//! the cross-organization claims (`claiming`) and the event insert, whose one writing CTE is a
//! single round trip on one PostgreSQL but which Citus can only run as steps through the
//! coordinator (it plans every writing CTE as a subplan with an intermediate result).
use crate::repo::dialect::Dialect;
use sea_orm::{ConnectionTrait, DbErr, Statement};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Topology {
    /// SQLite, or PostgreSQL without the `citus` extension.
    #[default]
    OneNode,
    /// PostgreSQL with the `citus` extension: tables distributed by `organization_id`.
    Citus,
}

impl Topology {
    pub async fn of(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        if Dialect::of(db) != Dialect::Postgres {
            return Ok(Topology::OneNode);
        }
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT 1 AS found FROM pg_extension WHERE extname = 'citus'",
            ))
            .await?;
        Ok(match row {
            Some(_) => Topology::Citus,
            None => Topology::OneNode,
        })
    }
}
