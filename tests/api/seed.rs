//! `convot seed` loads the SPEC §11 demo data once, however often it runs.
use crate::helpers::*;
use crate::on_all_databases;

async fn seeding_twice_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let tables = [
        "organizations",
        "users",
        "apps",
        "contacts",
        "conversations",
        "messages",
        "tags",
        "contact_events",
        "custom_attributes",
        "contact_notes",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push(app.count(table).await);
    }
    app.seed_demo().await;
    for (table, count) in tables.iter().zip(before) {
        assert_eq!(app.count(table).await, count, "{table}");
        assert!(count > 0, "{table} has demo rows");
    }
    assert_eq!(app.count("organizations").await, 2);
    let conversations_per_app = app
        .scalar_i64("SELECT COUNT(DISTINCT app_id) FROM conversations")
        .await;
    assert_eq!(
        conversations_per_app, 3,
        "conversations across both Acme apps and Globex's"
    );
}

on_all_databases!(seeding_twice_changes_nothing);
