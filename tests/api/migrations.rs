//! Migrations run up, down and up again on both databases, and upgrading from the previous
//! release's schema (the newest migration rolled back) keeps every row.
use crate::helpers::*;
use crate::on_both_databases;
use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

/// Migrations added since the last release (the webhooks tables): rolling them back gives its
/// schema.
const THIS_RELEASE: u32 = 1;

/// Emptied on purpose by the ledger migration (going up again past it): the sync that
/// rebuilds the merchants logs every event again under the new keys.
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

/// Data of every kind, taken back to the previous release's schema (this release's
/// migrations' `down`), then upgraded again: nothing the previous release held is lost.
async fn upgrading_from_the_previous_schema_keeps_every_row(app: TestApp) {
    app.seed_demo().await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    Migrator::down(&app.db, Some(THIS_RELEASE))
        .await
        .expect("the previous release's schema");
    assert_eq!(
        Migrator::get_pending_migrations(&app.db).await.unwrap().len(),
        THIS_RELEASE as usize
    );
    let before = row_counts(&app).await;
    assert!(before.iter().filter(|(_, n)| *n > 0).count() >= 10, "{before:?}");
    Migrator::up(&app.db, None).await.expect("upgrade");
    let after = row_counts(&app).await;
    for (table, rows) in &before {
        let kept = after.iter().find(|(name, _)| name == table).map(|(_, n)| *n);
        assert_eq!(kept, Some(*rows), "every row of {table} kept");
    }
    let token = app.login(ACME_OWNER).await;
    let (status, _) = app.get_json("/api/v1/conversations", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    // This release's tables arrive empty and every read that joins them works on old rows.
    for table in [
        "webhook_endpoints",
        "webhook_messages",
        "webhook_deliveries",
        "webhook_attempts",
    ] {
        assert_eq!(app.count(table).await, 0, "{table} starts empty");
    }
    let (_, conversation) = app
        .latest_conversation(&token, "olivia@northwind-outfitters.com")
        .await;
    let (status, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &token)
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{sidebar}");
    let (status, profile) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &token).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{profile}");
    // Rows written before the upgrade are searchable after it (SQLite indexes them on upgrade).
    let (status, found) = app.get_json("/api/v1/contacts?q=lotusleaf", &token).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
}

/// Merchants synced before the `mrr_history` column existed (its migration rolled back and
/// run again): the sidebar's chart comes from their ledger until the next sync writes it.
async fn merchants_synced_before_the_mrr_history_column_keep_their_chart(app: TestApp) {
    app.seed_demo().await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let migrations = Migrator::migrations();
    let position = migrations
        .iter()
        .position(|m| m.name() == "m20261202_000003_merchant_mrr_history")
        .expect("the mrr_history migration");
    Migrator::down(&app.db, Some((migrations.len() - position) as u32))
        .await
        .expect("down past the mrr_history migration");
    Migrator::up(&app.db, None).await.expect("up again");
    let token = app.login(ACME_OWNER).await;
    // Merchants synced before `mrr_history` existed: the sidebar's chart comes from their
    // ledger until the next sync writes the column.
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM shopify_merchants WHERE mrr_history IS NULL")
            .await,
        app.count("shopify_merchants").await
    );
    let (_, conversation) = app
        .latest_conversation(&token, "olivia@northwind-outfitters.com")
        .await;
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &token)
        .await;
    let (_, merchants) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/shopify"), &token)
        .await;
    let chart = &sidebar["shopify"]["mrr_history"];
    assert!(!chart.as_array().unwrap().is_empty(), "{sidebar}");
    let same = merchants["merchants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["partner_app_id"] == sidebar["shopify"]["partner_app_id"])
        .unwrap();
    assert_eq!(chart, &same["mrr_history"]);
    // The organization's next sync writes the column for every merchant, quiet ones included;
    // the chart is unchanged and no longer read from the ledger.
    let acme = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await;
    let written = api::repo::shopify::backfill_mrr_history(&app.db, acme)
        .await
        .unwrap();
    let acme_merchants = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM shopify_merchants WHERE organization_id = {acme}"
        ))
        .await;
    assert!(acme_merchants > 0);
    assert_eq!(written as i64, acme_merchants);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM shopify_merchants WHERE organization_id = {acme} AND mrr_history IS NULL"
        ))
        .await,
        0
    );
    let (_, again) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &token)
        .await;
    assert_eq!(&again["shopify"]["mrr_history"], chart);
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

// Not on Citus: these walk the migrations down and up on a migrated database, and there the
// tables are distributed, so a migration's CREATE TABLE with foreign keys to them is refused
// (Citus cannot hold a local table referencing a distributed one). docs/scaling.md says how a
// migration that adds a tenant table must run on a distributed database.
on_both_databases!(
    migrations_go_down_and_up_again,
    upgrading_from_the_previous_schema_keeps_every_row,
    merchants_synced_before_the_mrr_history_column_keep_their_chart,
    the_trust_migration_keeps_every_row_and_trusts_what_was_written_before
);
