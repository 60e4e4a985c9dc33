//! The distribution step `convot migrate` runs after the migrations: on a PostgreSQL with the
//! `citus` extension, every tenant table becomes distributed by `organization_id`, all of them
//! co-located (so a join on the organization stays on one node), the four tables looked up
//! before any organization is known become reference tables, and `login_throttles` is
//! distributed by its own key. On SQLite and plain PostgreSQL it does nothing.
//!
//! It runs after every `migrate`, not as one numbered migration, because a table a later
//! release adds must be distributed too; tables already distributed are skipped, so it is
//! idempotent, and a table created and distributed carries its rows along.
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait,
};
use std::collections::{BTreeMap, BTreeSet};

/// Looked up before the organization is known (login by email, the widget by public key, an
/// API key by id) and small: replicated to every node. In foreign-key order.
pub const REFERENCE_TABLES: [&str; 4] = ["organizations", "users", "apps", "api_keys"];
/// Sign-in attempt counters of no organization, keyed by a hash: distributed by that key.
pub const KEYED_TABLES: [(&str, &str); 1] = [("login_throttles", "key")];
/// The migration tool's bookkeeping stays on the coordinator.
const LOCAL_TABLES: [&str; 1] = ["seaql_migrations"];
/// The first tenant table distributed, so it fixes the co-location group's shards.
const COLOCATION_ANCHOR: &str = "contacts";
pub const DISTRIBUTION_COLUMN: &str = "organization_id";

/// What the step did, for `convot migrate` to print.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Distribution {
    /// False on SQLite and PostgreSQL without the extension: nothing was looked at.
    pub citus: bool,
    pub reference: Vec<String>,
    pub distributed: Vec<String>,
}

/// All of it in one transaction: a database is distributed entirely or not at all.
pub async fn distribute(db: &DatabaseConnection) -> Result<Distribution, DbErr> {
    if db.get_database_backend() != DbBackend::Postgres || !has_citus(db).await? {
        return Ok(Distribution::default());
    }
    let txn = db.begin().await?;
    // Otherwise making `organizations` a reference table turns every local table that points
    // at it into a "Citus local table", which create_distributed_table then has to convert
    // back, and Citus cannot convert a table with an identity column (every `id` here).
    txn.execute_unprepared("SET LOCAL citus.enable_local_reference_table_foreign_keys = off")
        .await?;
    let report = distribute_in(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

async fn distribute_in<C: ConnectionTrait>(db: &C) -> Result<Distribution, DbErr> {
    let mut report = Distribution {
        citus: true,
        ..Default::default()
    };
    let done = already_distributed(db).await?;
    for table in REFERENCE_TABLES {
        if !done.contains(table) {
            exec(db, &format!("SELECT create_reference_table('{table}')")).await?;
            report.reference.push(table.to_owned());
        }
    }
    for (table, key) in KEYED_TABLES {
        if !done.contains(table) && table_exists(db, table).await? {
            exec(
                db,
                &format!("SELECT create_distributed_table('{table}', '{key}', colocate_with => 'none')"),
            )
            .await?;
            report.distributed.push(table.to_owned());
        }
    }
    let pending: Vec<String> = tenant_tables(db)
        .await?
        .into_iter()
        .filter(|table| !done.contains(table.as_str()))
        .collect();
    let references = tenant_references(db).await?;
    for table in in_foreign_key_order(pending, &references) {
        // `default` co-locates every table distributed by a bigint with the same shard count:
        // one co-location group for all tenant tables, the anchor's.
        exec(
            db,
            &format!(
                "SELECT create_distributed_table('{table}', '{DISTRIBUTION_COLUMN}', colocate_with => 'default')"
            ),
        )
        .await?;
        report.distributed.push(table);
    }
    Ok(report)
}

/// Orders tables so each comes after the tenant tables its foreign keys point at (Citus
/// distributes a table only once the tables it references are distributed). The anchor goes
/// first when nothing it references is pending, so the rest co-locate with it.
pub fn in_foreign_key_order(
    pending: Vec<String>,
    references: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut left: BTreeSet<String> = pending.into_iter().collect();
    let mut ordered = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|table| {
                references
                    .get(*table)
                    .is_none_or(|targets| targets.iter().all(|t| t == *table || !left.contains(t)))
            })
            .cloned()
            .collect();
        // A cycle cannot be ordered: hand the rest over as they are and let Citus say why.
        let batch = if ready.is_empty() {
            left.iter().cloned().collect()
        } else {
            ready
        };
        let (mut anchor, rest): (Vec<String>, Vec<String>) =
            batch.into_iter().partition(|t| t == COLOCATION_ANCHOR);
        anchor.extend(rest);
        for table in anchor {
            left.remove(&table);
            ordered.push(table);
        }
    }
    ordered
}

async fn has_citus<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(!strings(
        db,
        "SELECT extname::text FROM pg_extension WHERE extname = 'citus'",
    )
    .await?
    .is_empty())
}

async fn table_exists<C: ConnectionTrait>(db: &C, table: &str) -> Result<bool, DbErr> {
    Ok(!strings(
        db,
        &format!(
            "SELECT to_regclass('public.{table}')::text WHERE to_regclass('public.{table}') IS NOT NULL"
        ),
    )
    .await?
    .is_empty())
}

async fn already_distributed<C: ConnectionTrait>(db: &C) -> Result<BTreeSet<String>, DbErr> {
    Ok(
        strings(db, "SELECT logicalrelid::regclass::text FROM pg_dist_partition")
            .await?
            .into_iter()
            .collect(),
    )
}

/// Base tables of the public schema with an `organization_id`, but not the reference tables.
async fn tenant_tables<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let tables = strings(
        db,
        "SELECT c.table_name::text FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE' \
         ORDER BY 1",
    )
    .await?;
    Ok(tables
        .into_iter()
        .filter(|t| {
            !REFERENCE_TABLES.contains(&t.as_str())
                && !LOCAL_TABLES.contains(&t.as_str())
                && !KEYED_TABLES.iter().any(|(k, _)| k == t)
        })
        .collect())
}

/// Which tables each table's foreign keys point at.
async fn tenant_references<C: ConnectionTrait>(db: &C) -> Result<BTreeMap<String, BTreeSet<String>>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint \
             WHERE contype = 'f' AND connamespace = 'public'::regnamespace",
        ))
        .await?;
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        let from: String = row.try_get_by_index(0)?;
        let to: String = row.try_get_by_index(1)?;
        map.entry(from).or_default().insert(to);
    }
    Ok(map)
}

async fn strings<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await?;
    rows.iter().map(|row| row.try_get_by_index::<String>(0)).collect()
}

async fn exec<C: ConnectionTrait>(db: &C, sql: &str) -> Result<(), DbErr> {
    db.query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(pairs: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            map.entry(from.to_string()).or_default().insert(to.to_string());
        }
        map
    }

    #[test]
    fn referenced_tables_come_first_and_the_anchor_leads() {
        let pending = ["messages", "conversations", "contacts", "app_contacts", "tags"]
            .map(String::from)
            .to_vec();
        let order = in_foreign_key_order(
            pending,
            &refs(&[
                ("messages", "conversations"),
                ("conversations", "contacts"),
                ("app_contacts", "contacts"),
                ("app_contacts", "apps"),
                ("contacts", "organizations"),
                ("contacts", "contacts"),
            ]),
        );
        assert_eq!(order[0], "contacts");
        let at = |t: &str| order.iter().position(|x| x == t).unwrap();
        assert!(at("conversations") < at("messages"));
        assert!(at("contacts") < at("app_contacts"));
        assert_eq!(order.len(), 5);
    }

    #[test]
    fn a_cycle_still_yields_every_table() {
        let order = in_foreign_key_order(vec!["a".into(), "b".into()], &refs(&[("a", "b"), ("b", "a")]));
        assert_eq!(order.len(), 2);
    }
}
