//! Statement budgets: the agent's hot reads run the same number of SQL statements for a
//! contact with one conversation and one event as for one with hundreds and thousands —
//! no per-row queries hiding behind a loop. (The sidebar's own budget is in sidebar.rs.)
use crate::fixtures::*;
use crate::helpers::*;
use crate::on_all_databases;
use uuid::Uuid;

/// The hot reads for one contact, each followed one page deeper where it pages.
async fn hot_read_paths(app: &TestApp, token: &str, label: &str, conversation: Uuid) -> Vec<String> {
    let contact = app
        .scalar_i64(&format!(
            "SELECT id FROM contacts WHERE email = '{label}@history.test'"
        ))
        .await;
    let timeline = format!("/api/v1/contacts/{contact}/events?limit=5");
    let notes = format!("/api/v1/contacts/{contact}/notes?limit=5");
    let mut paths = vec![
        format!("/api/v1/contacts/{contact}"),
        format!("/api/v1/contacts/{contact}/conversations?limit=5"),
        "/api/v1/conversations?limit=5".to_owned(),
        format!("/api/v1/conversations/{conversation}/messages"),
        timeline.clone(),
        notes.clone(),
    ];
    for list in [timeline, notes] {
        let (_, page) = app.get_json(&list, token).await;
        if let Some(cursor) = page["next_cursor"].as_str() {
            paths.push(format!("{list}&cursor={cursor}"));
        }
    }
    paths
}

async fn hot_reads_run_a_constant_number_of_statements_whatever_the_history(app: TestApp) {
    app.seed_demo().await;
    let small = contact_with_history(&app, "small", 1, 1, 1).await;
    let large = contact_with_history(&app, "large", 60, 400, 15).await;
    for user in [ACME_OWNER, ACME_AGENT] {
        let token = app.login(user).await;
        let small_paths = hot_read_paths(&app, &token, "small", small).await;
        let large_paths = hot_read_paths(&app, &token, "large", large).await;
        // The small contact's timeline and notes have one page only; compare the pages both
        // have.
        assert_eq!(large_paths.len(), small_paths.len() + 2, "{large_paths:?}");
        for (small_path, large_path) in small_paths.iter().zip(&large_paths) {
            let small_count = app.statements_for_get(small_path, &token).await;
            let large_count = app.statements_for_get(large_path, &token).await;
            assert_eq!(
                small_count, large_count,
                "{user}: {large_path} ran {large_count} statements, {small_path} {small_count}"
            );
            assert!(
                (2..=10).contains(&large_count),
                "{user}: {large_path} ran {large_count} statements"
            );
        }
        // A deeper page costs what the first page does: the timeline's, then the notes'.
        for (first, second) in [(4, 6), (5, 7)] {
            let first_count = app.statements_for_get(&large_paths[first], &token).await;
            let second_count = app.statements_for_get(&large_paths[second], &token).await;
            assert_eq!(
                first_count, second_count,
                "{user}: {} page 2 differs from page 1",
                large_paths[first]
            );
        }
    }
}

on_all_databases!(hot_reads_run_a_constant_number_of_statements_whatever_the_history);
