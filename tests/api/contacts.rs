//! `GET /contacts` (search, tag filter, keyset pages) and `GET /contacts/{id}`.
use crate::helpers::*;
use crate::on_both_databases;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashSet;

async fn pages_walk_every_contact_once_newest_first(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let total = app.scalar_i64("SELECT COUNT(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE o.name = 'Acme Apps'").await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/contacts?limit=6".to_owned();
    loop {
        let (status, page) = app.get_json(&path, &token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 6);
        seen.extend(items.iter().map(|c| c["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/contacts?limit=6&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        seen.len(),
        "no duplicates"
    );
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");
}

async fn search_matches_name_email_company_and_external_id_case_insensitively(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let names = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    for (query, expected) in [
        ("priya", "Priya Raman"),
        ("BERGSCHUH.DE", "Jonas Weber"),
        ("kumo ceramics", "Kenji Sato"),
        ("praia-surf.myshopify", "Lucas Silva"),
    ] {
        let (status, body) = app
            .get_json(&format!("/api/v1/contacts?q={}", urlencode(query)), &token)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(names(&body), vec![expected.to_owned()], "query {query}");
    }
    // LIKE wildcards are literal characters, not patterns.
    let (_, body) = app.get_json("/api/v1/contacts?q=%25", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty(), "{body}");
    let (_, body) = app.get_json("/api/v1/contacts?q=_", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty(), "{body}");
}

async fn the_tag_filter_returns_only_tagged_contacts(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let tagged = app
        .scalar_i64("SELECT COUNT(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id AND t.organization_id = ct.organization_id WHERE t.name = 'beta-tester'")
        .await;
    assert!(tagged > 1, "the demo data tags several beta testers");
    let (_, body) = app
        .get_json("/api/v1/contacts?tag=Beta-Tester&limit=100", &token)
        .await;
    assert_eq!(body["items"].as_array().unwrap().len() as i64, tagged);
    let (_, body) = app.get_json("/api/v1/contacts?tag=no-such-tag", &token).await;
    assert!(body["items"].as_array().unwrap().is_empty());
}

async fn a_contact_shows_its_details_and_an_anonymous_one_is_a_numbered_visitor(app: TestApp) {
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, body) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["display_name"], "Olivia Bennett");
    assert_eq!(body["initials"], "OB");
    assert_eq!(body["location"]["city"], "Portland");
    assert_eq!(body["time_zone"], "America/Los_Angeles");
    assert!(["online", "idle", "offline"].contains(&body["presence"].as_str().unwrap()));
    let visitor = app
        .scalar_i64("SELECT id FROM contacts WHERE email IS NULL AND name IS NULL")
        .await;
    let (_, body) = app.get_json(&format!("/api/v1/contacts/{visitor}"), &token).await;
    assert_eq!(body["display_name"], format!("Visitor #{visitor}"));
    assert_eq!(body["initials"], "V");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

on_both_databases!(
    pages_walk_every_contact_once_newest_first,
    search_matches_name_email_company_and_external_id_case_insensitively,
    the_tag_filter_returns_only_tagged_contacts,
    a_contact_shows_its_details_and_an_anonymous_one_is_a_numbered_visitor,
);
