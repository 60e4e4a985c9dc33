//! Migrations run up, down and up again on both databases, and upgrading from the previous
//! release's schema (the newest migration rolled back) keeps every row.
use crate::helpers::*;
use crate::on_both_databases;
use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

/// Emptied on purpose by the ledger migration: the sync that rebuilds the merchants logs
/// every event again under the new keys.
const REBUILT_BY_THE_NEXT_SYNC: &[&str] = &["shopify_events"];

/// Row counts of every product table, by name.
pub async fn row_counts(app: &TestApp) -> Vec<(String, i64)> {
    let listing = match app.db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'seaql_migrations' ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY 1",
    };
    let tables = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            listing,
        ))
        .await
        .unwrap();
    let mut counts = Vec::new();
    for row in tables {
        let table: String = row.try_get_by_index(0).unwrap();
        let count = app.scalar_i64(&format!("SELECT COUNT(*) FROM {table}")).await;
        counts.push((table, count));
    }
    counts
}

async fn migrations_go_down_and_up_again(app: TestApp) {
    app.seed_demo().await;
    Migrator::down(&app.db, None)
        .await
        .expect("every migration reverts");
    assert!(
        row_counts(&app).await.is_empty(),
        "down leaves no table behind: {:?}",
        row_counts(&app).await
    );
    Migrator::up(&app.db, None).await.expect("up again");
    assert!(Migrator::get_pending_migrations(&app.db)
        .await
        .unwrap()
        .is_empty());
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let (status, _) = app.get_json("/api/v1/conversations", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK);
}

/// Data of every kind, taken back to the previous release's schema (the newest migration's
/// `down`), then upgraded again: nothing the previous release held is lost.
async fn upgrading_from_the_previous_schema_keeps_every_row(app: TestApp) {
    app.seed_demo().await;
    Migrator::down(&app.db, Some(1))
        .await
        .expect("the previous release's schema");
    assert_eq!(Migrator::get_pending_migrations(&app.db).await.unwrap().len(), 1);
    let before = row_counts(&app).await;
    assert!(before.iter().filter(|(_, n)| *n > 0).count() >= 10, "{before:?}");
    Migrator::up(&app.db, None).await.expect("upgrade");
    let after = row_counts(&app).await;
    for (table, rows) in before
        .iter()
        .filter(|(t, _)| !REBUILT_BY_THE_NEXT_SYNC.contains(&t.as_str()))
    {
        let kept = after.iter().find(|(name, _)| name == table).map(|(_, n)| *n);
        assert_eq!(kept, Some(*rows), "every row of {table} kept");
    }
    // Merchants derived by the old rules are rebuilt from Shopify's history at the next sync.
    let cursors = app
        .scalar_i64("SELECT COUNT(*) FROM shopify_partner_apps WHERE events_synced_until IS NOT NULL OR transactions_synced_until IS NOT NULL")
        .await;
    assert_eq!(cursors, 0, "the ledger migration resets the sync cursors");
    assert_eq!(
        app.count("shopify_events").await,
        0,
        "and empties the log it will write again"
    );
    let token = app.login(ACME_OWNER).await;
    let (status, _) = app.get_json("/api/v1/conversations", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    // Rows written before the upgrade are searchable after it (SQLite indexes them on upgrade).
    let (status, found) = app.get_json("/api/v1/contacts?q=lotusleaf", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
}

/// The trust migration adds columns to tables full of rows: rows written before it count as
/// trusted (an app's existing keys and avatars keep working), and it rolls back cleanly.
async fn the_trust_migration_keeps_every_row_and_trusts_what_was_written_before(app: TestApp) {
    app.seed_demo().await;
    let migrations = Migrator::migrations();
    let position = migrations
        .iter()
        .position(|m| m.name() == "m20261201_000001_trust")
        .expect("the trust migration");
    let from_trust_on = (migrations.len() - position) as u32;
    let before = row_counts(&app).await;
    Migrator::down(&app.db, Some(from_trust_on))
        .await
        .expect("down past the trust migration");
    let after_down = row_counts(&app).await;
    for (table, rows) in &after_down {
        let kept = before.iter().find(|(name, _)| name == table).map(|(_, n)| *n);
        assert_eq!(kept, Some(*rows), "every row of {table} kept going down");
    }
    Migrator::up(&app.db, None).await.expect("up again");
    let after = row_counts(&app).await;
    // Tables that later migrations create are dropped on the way down, and their rows with them.
    for (table, rows) in after_down
        .iter()
        .filter(|(t, _)| !REBUILT_BY_THE_NEXT_SYNC.contains(&t.as_str()))
    {
        let kept = after.iter().find(|(name, _)| name == table).map(|(_, n)| *n);
        assert_eq!(kept, Some(*rows), "every row of {table} kept");
    }
    let untrusted = app
        .scalar_i64("SELECT (SELECT COUNT(*) FROM custom_attributes WHERE NOT verified) + (SELECT COUNT(*) FROM contacts WHERE NOT avatar_trusted)")
        .await;
    assert_eq!(untrusted, 0, "what was written before the rules stays trusted");
    let token = app.login(ACME_OWNER).await;
    let (_, conversation) = app.latest_conversation(&token, "priya@lotusleaf.in").await;
    let (status, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &token)
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{sidebar}");
}

on_both_databases!(
    migrations_go_down_and_up_again,
    upgrading_from_the_previous_schema_keeps_every_row,
    the_trust_migration_keeps_every_row_and_trusts_what_was_written_before
);
