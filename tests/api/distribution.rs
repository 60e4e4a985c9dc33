//! The schema can be distributed by organization (Citus): every tenant table carries
//! `organization_id`, and every primary key, unique index and foreign key between tenant
//! tables includes it. Read from PostgreSQL's catalog, so a new table is checked too.
use crate::helpers::*;
use sea_orm::ConnectionTrait;
use std::collections::BTreeSet;

/// Looked up before any organization is known (login by email, the widget by public key, an
/// API key by id); small, so they become Citus reference tables replicated to every node.
const REFERENCE_TABLES: &[&str] = &["organizations", "users", "apps", "api_keys"];
/// Written on every sign-in attempt before any organization is known, and for emails of no
/// organization at all: distributed by its own `key` (a hash), not by organization.
const KEYED_BY_ATTEMPT: &[&str] = &["login_throttles"];
/// Bookkeeping of the migration tool, not product data.
const NOT_PRODUCT_DATA: &[&str] = &["seaql_migrations"];

async fn rows(app: &TestApp, sql: &str) -> Vec<Vec<String>> {
    let result = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap();
    result
        .iter()
        .map(|row| {
            (0..row.column_names().len())
                .map(|i| row.try_get_by_index::<String>(i).unwrap_or_default())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn every_tenant_key_index_and_foreign_key_includes_the_organization() {
    let app = spawn_app(Backend::Postgres).await;
    let tables: BTreeSet<String> = rows(&app, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        .await
        .into_iter()
        .map(|r| r[0].clone())
        .filter(|t| !NOT_PRODUCT_DATA.contains(&t.as_str()) && !KEYED_BY_ATTEMPT.contains(&t.as_str()))
        .collect();
    assert!(tables.len() > 15, "the catalog lists the schema: {tables:?}");
    let tenant: BTreeSet<&String> = tables
        .iter()
        .filter(|t| !REFERENCE_TABLES.contains(&t.as_str()) && *t != "organizations")
        .collect();
    let mut problems = Vec::new();
    for table in &tables {
        if table == "organizations" {
            continue;
        }
        let has_org = rows(&app, &format!("SELECT column_name::text FROM information_schema.columns WHERE table_name = '{table}' AND column_name = 'organization_id'")).await;
        if has_org.is_empty() {
            problems.push(format!("{table} has no organization_id"));
        }
    }
    // Primary keys and unique indexes of tenant tables, with their columns.
    let indexes = rows(
        &app,
        "SELECT t.relname::text, i.relname::text, array_to_string(array_agg(a.attname::text), ',') \
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary) GROUP BY t.relname, i.relname",
    )
    .await;
    for row in &indexes {
        if tenant.contains(&row[0]) && !row[2].split(',').any(|c| c == "organization_id") {
            problems.push(format!(
                "unique index {} on {} ({}) lacks organization_id",
                row[1], row[0], row[2]
            ));
        }
    }
    // Foreign keys from a tenant table to another tenant table.
    let foreign_keys = rows(
        &app,
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname::text, \
         array_to_string(array(SELECT attname::text FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey)), ',') \
         FROM pg_constraint c WHERE c.contype = 'f'",
    )
    .await;
    let mut checked = 0;
    for row in &foreign_keys {
        if tenant.contains(&row[0]) && tenant.contains(&row[1]) {
            checked += 1;
            if !row[3].split(',').any(|c| c == "organization_id") {
                problems.push(format!(
                    "foreign key {} from {} to {} ({}) lacks organization_id",
                    row[2], row[0], row[1], row[3]
                ));
            }
        }
    }
    assert!(
        checked > 10,
        "tenant-to-tenant foreign keys were found and checked ({checked})"
    );
    assert!(
        problems.is_empty(),
        "not distributable by organization:\n{}",
        problems.join("\n")
    );
}
