//! Contact events: recording with `Idempotency-Key`, limits, and the keyset timeline.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::collections::HashSet;

async fn setup(app: &TestApp) -> (String, i64) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(&owner, reviews.id, &["contacts:read", "events:write"])
        .await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'sofia@pastaria.it'")
        .await;
    (key, contact)
}

async fn post_event(
    app: &TestApp,
    key: &str,
    contact: i64,
    idempotency_key: Option<&str>,
    body: &serde_json::Value,
) -> (StatusCode, String) {
    let mut request = app
        .request(
            Method::POST,
            &format!("/api/v1/contacts/{contact}/events"),
            Some(key),
        )
        .json(body);
    if let Some(k) = idempotency_key {
        request = request.header("Idempotency-Key", k);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn an_idempotent_retry_returns_the_first_event_byte_for_byte(app: TestApp) {
    let (key, contact) = setup(&app).await;
    let body = json!({"name": "plan_upgraded", "properties": {"to": "pro", "seats": 3}});
    let before = app.count("contact_events").await;
    let (status, first) = post_event(&app, &key, contact, Some("req-1"), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = post_event(&app, &key, contact, Some("req-1"), &body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first, "byte for byte");
    assert_eq!(app.count("contact_events").await, before + 1);
    let (status, reused) = post_event(&app, &key, contact, Some("req-1"), &json!({"name": "other"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.contains("idempotency_key_reused"), "{reused}");
    let (status, _) = post_event(&app, &key, contact, None, &body).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "without a key, a repeat is a new event"
    );
    assert_eq!(app.count("contact_events").await, before + 2);
}

async fn concurrent_duplicates_store_one_event(app: TestApp) {
    let (key, contact) = setup(&app).await;
    let before = app.count("contact_events").await;
    let body = json!({"name": "checkout_completed", "properties": {"order": 1001}});
    let attempts = (0..20).map(|_| post_event(&app, &key, contact, Some("order-1001"), &body));
    let results = futures_util::future::join_all(attempts).await;
    let bodies: HashSet<&String> = results.iter().map(|(_, b)| b).collect();
    assert!(
        results
            .iter()
            .all(|(s, _)| *s == StatusCode::CREATED || *s == StatusCode::OK),
        "{results:?}"
    );
    assert_eq!(
        results.iter().filter(|(s, _)| *s == StatusCode::CREATED).count(),
        1
    );
    assert_eq!(bodies.len(), 1, "every answer is the same event");
    assert_eq!(app.count("contact_events").await, before + 1);
}

async fn event_limits_are_422(app: TestApp) {
    let (key, contact) = setup(&app).await;
    let before = app.count("contact_events").await;
    let many: serde_json::Map<String, serde_json::Value> =
        (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    let future = (chrono::Utc::now() + chrono::Duration::hours(25)).to_rfc3339();
    for (label, body) in [
        ("empty name", json!({"name": ""})),
        ("long name", json!({"name": "n".repeat(101)})),
        ("control characters", json!({"name": "a\u{7}b"})),
        ("far future", json!({"name": "x", "occurred_at": future})),
        ("not a time", json!({"name": "x", "occurred_at": "yesterday"})),
        (
            "year 0 (1 BC)",
            json!({"name": "x", "occurred_at": "0000-12-31T23:00:00Z"}),
        ),
        ("51 properties", json!({"name": "x", "properties": many})),
        (
            "17 KiB properties",
            json!({"name": "x", "properties": {"blob": "x".repeat(17 * 1024)}}),
        ),
        (
            "properties not an object",
            json!({"name": "x", "properties": [1]}),
        ),
    ] {
        let (status, text) = post_event(&app, &key, contact, None, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {text}");
    }
    assert_eq!(app.count("contact_events").await, before);
}

async fn the_timeline_pages_newest_first_and_filters_by_name(app: TestApp) {
    let (key, contact) = setup(&app).await;
    let base = chrono::Utc::now() - chrono::Duration::days(1);
    for i in 0..25 {
        // Several events share a timestamp so the id breaks ties.
        let at = (base + chrono::Duration::minutes(i / 3)).to_rfc3339();
        let name = if i % 2 == 0 {
            "page_viewed"
        } else {
            "button_clicked"
        };
        let (status, _) = post_event(
            &app,
            &key,
            contact,
            None,
            &json!({"name": name, "occurred_at": at}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let total = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contact_events WHERE contact_id = {contact}"
        ))
        .await;
    let agent = app.login(ACME_AGENT).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/contacts/{contact}/events?limit=7&cursor={c}"),
            None => format!("/api/v1/contacts/{contact}/events?limit=7"),
        };
        let (status, page) = app.get_json(&path, &agent).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for item in page["items"].as_array().unwrap() {
            seen.push((
                item["occurred_at"].as_str().unwrap().to_owned(),
                item["id"].as_i64().unwrap(),
            ));
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len() as i64, total);
    assert_eq!(
        seen.iter().map(|(_, id)| id).collect::<HashSet<_>>().len(),
        seen.len(),
        "no duplicates"
    );
    let parsed: Vec<(chrono::DateTime<chrono::Utc>, i64)> =
        seen.iter().map(|(t, id)| (t.parse().unwrap(), *id)).collect();
    assert!(parsed.windows(2).all(|w| w[0] > w[1]), "newest first, ties by id");
    let (_, filtered) = app
        .get_json(
            &format!("/api/v1/contacts/{contact}/events?name=button_clicked&limit=100"),
            &agent,
        )
        .await;
    let items = filtered["items"].as_array().unwrap();
    assert_eq!(items.len(), 12);
    assert!(items.iter().all(|e| e["name"] == "button_clicked"));
}

/// Any number JSON accepts is stored and read back as the same number. PostgreSQL prints
/// jsonb numbers as exact decimals (f64::MAX as 309 digits); reading those back once failed
/// with a 500 after the event was already committed (found by Schemathesis).
async fn extreme_numbers_in_properties_read_back_unchanged(app: TestApp) {
    let (key, contact) = setup(&app).await;
    let owner = app.login(ACME_OWNER).await;
    let numbers = json!({
        "max": f64::MAX, "lowest": -1.797_693_134_862_315_5e308, "subnormal": 5e-324,
        "tiny": -8.014_456_302_820_49e-294, "big": 4.566_661_778_518_736e38,
        "u64": u64::MAX, "i64": i64::MIN, "tenth": 0.1,
        "nested": [[-1.797_693_134_862_315_5e308, true]],
    });
    // Only these events, so the sidebar's ten most recent hold them.
    app.db
        .execute_unprepared(&format!(
            "DELETE FROM contact_events WHERE contact_id = {contact}"
        ))
        .await
        .unwrap();
    // The earliest time accepted reads back as sent too (PostgreSQL prints year 0 as "1 BC").
    let earliest = json!({"name": "earliest", "occurred_at": "0001-01-01T00:00:00Z"});
    let (status, created) = post_event(&app, &key, contact, None, &earliest).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let body = json!({"name": "extreme_numbers", "properties": numbers});
    let (status, created) = post_event(&app, &key, contact, None, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    assert_eq!(created["properties"], numbers);
    let (status, timeline) = app
        .get_json(&format!("/api/v1/contacts/{contact}/events?limit=5"), &owner)
        .await;
    assert_eq!(status, StatusCode::OK, "{timeline}");
    assert_eq!(timeline["items"][0]["properties"], numbers);
    assert_eq!(timeline["items"][1]["occurred_at"], "0001-01-01T00:00:00Z");
    let (_, conversation) = app.latest_conversation(&owner, "sofia@pastaria.it").await;
    let (status, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
        .await;
    assert_eq!(status, StatusCode::OK, "{sidebar}");
    assert_eq!(sidebar["events"]["items"][0]["properties"], numbers);
    assert_eq!(
        sidebar["events"]["items"][1]["occurred_at"],
        "0001-01-01T00:00:00Z"
    );
}

on_all_databases!(
    extreme_numbers_in_properties_read_back_unchanged,
    an_idempotent_retry_returns_the_first_event_byte_for_byte,
    concurrent_duplicates_store_one_event,
    event_limits_are_422,
    the_timeline_pages_newest_first_and_filters_by_name,
);
