//! The contact profile API (SPEC §5): the full profile, erasure, and timelines that stay
//! stable while new events arrive.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::collections::HashSet;

async fn the_profile_groups_custom_data_by_app_with_tags_and_counts(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, profile) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &owner).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["display_name"], "Olivia Bennett");
    let apps: Vec<&str> = profile["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["app_name"].as_str().unwrap())
        .collect();
    assert_eq!(apps, vec!["Product Reviews", "Upsell Pro"]);
    assert!(profile["custom_data"][0]["items"][0]["source"].is_string());
    assert_eq!(profile["tags"][0]["name"], "vip");
    let conversations = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM conversations WHERE contact_id = {olivia}"
        ))
        .await;
    let events = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contact_events WHERE contact_id = {olivia}"
        ))
        .await;
    assert_eq!(profile["counts"]["conversations"], conversations);
    assert_eq!(profile["counts"]["events"], events);
    let (_, seen_by_agent) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &agent).await;
    let apps: Vec<&str> = seen_by_agent["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["app_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        apps,
        vec!["Product Reviews"],
        "agents see only the apps they operate"
    );
    assert!(seen_by_agent["counts"]["conversations"].as_i64().unwrap() < conversations);
}

async fn search_finds_contacts_by_company_substring(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (_, found) = app.get_json("/api/v1/contacts?q=ceramic", &owner).await;
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Kenji Sato"]);
    let (_, found) = app.get_json("/api/v1/contacts?q=SURF%20CO", &owner).await;
    assert_eq!(found["items"][0]["name"], "Lucas Silva");
    let (status, body) = app
        .get_json(&format!("/api/v1/contacts?q={}", "x".repeat(201)), &owner)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

async fn erasure_leaves_no_row_of_the_contact_behind(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    // Give her a CC address and a conversation tag so every dependent table has a row.
    let (olivia, conversation) = app
        .latest_conversation(&owner, "olivia@northwind-outfitters.com")
        .await;
    let bug = app.scalar_i64("SELECT id FROM tags WHERE name = 'bug'").await;
    app.send_json(
        Method::PUT,
        &format!("/api/v1/conversations/{conversation}/tags/{bug}"),
        Some(&owner),
        &json!(null),
    )
    .await;
    app.send_json(
        Method::POST,
        &format!("/api/v1/conversations/{conversation}/cc_emails"),
        Some(&owner),
        &json!({"email": "finance@northwind.test"}),
    )
    .await;
    let conversations_of = format!("(SELECT id FROM conversations WHERE contact_id = {olivia})");
    let queries = [
        format!("SELECT COUNT(*) FROM contacts WHERE id = {olivia}"),
        format!("SELECT COUNT(*) FROM app_contacts WHERE contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM contact_tags WHERE contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM contact_events WHERE contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM conversations WHERE contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM messages WHERE conversation_id IN {conversations_of} OR author_contact_id = {olivia}"),
        format!("SELECT COUNT(*) FROM conversation_tags WHERE conversation_id IN {conversations_of}"),
        format!("SELECT COUNT(*) FROM cc_emails WHERE conversation_id IN {conversations_of}"),
        format!("SELECT COUNT(*) FROM change_events WHERE contact_id = {olivia}"),
    ];
    for query in &queries[..9] {
        assert!(app.scalar_i64(query).await > 0, "before erasure: {query}");
    }
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/contacts/{olivia}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "agents may not erase");
    let others_before = app.count("contacts").await;
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/contacts/{olivia}"),
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for query in &queries {
        assert_eq!(app.scalar_i64(query).await, 0, "after erasure: {query}");
    }
    assert_eq!(app.count("contacts").await, others_before - 1, "only she is gone");
    let globex_olivia = app
        .scalar_i64("SELECT COUNT(*) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    assert_eq!(globex_olivia, 1, "Globex's contact with the same email stays");
    let (status, _) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &owner).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn timeline_pages_have_no_duplicates_or_gaps_while_events_arrive(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["events:write"]).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let snapshot: HashSet<i64> = {
        let (_, all) = app
            .get_json(&format!("/api/v1/contacts/{olivia}/events?limit=100"), &owner)
            .await;
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let mut seen = Vec::new();
    let mut path = format!("/api/v1/contacts/{olivia}/events?limit=5");
    loop {
        let (_, page) = app.get_json(&path, &owner).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_i64().unwrap()),
        );
        // New events land at the head of the timeline between page requests.
        let (status, _) = app
            .send_json(
                Method::POST,
                &format!("/api/v1/contacts/{olivia}/events"),
                Some(&key),
                &json!({"name": "page_viewed"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/contacts/{olivia}/events?limit=5&cursor={cursor}"),
            None => break,
        }
    }
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    assert_eq!(
        unique, snapshot,
        "no gaps: exactly the events that existed when paging began"
    );
}

on_all_databases!(
    the_profile_groups_custom_data_by_app_with_tags_and_counts,
    search_finds_contacts_by_company_substring,
    erasure_leaves_no_row_of_the_contact_behind,
    timeline_pages_have_no_duplicates_or_gaps_while_events_arrive,
);
