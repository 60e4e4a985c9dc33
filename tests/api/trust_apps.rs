//! App boundaries inside one organization (SPEC §2): an agent of one app, or one app's API
//! key, never reads another app's events, keys, live notices or Shopify revenue.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

struct TwoApps {
    owner: String,
    agent: String,
    reviews: DemoApp,
    reviews_key: String,
    upsell_key: String,
}

async fn two_apps(app: &TestApp) -> TwoApps {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    let scopes = ["contacts:read", "contacts:write", "events:write"];
    let reviews_key = app.api_key(&owner, reviews.id, &scopes).await;
    let upsell_key = app.api_key(&owner, upsell.id, &scopes).await;
    TwoApps {
        owner,
        agent,
        reviews,
        reviews_key,
        upsell_key,
    }
}

async fn post_event(
    app: &TestApp,
    key: &str,
    contact: i64,
    idempotency: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut request = app.request(
        Method::POST,
        &format!("/api/v1/contacts/{contact}/events"),
        Some(key),
    );
    if let Some(idempotency) = idempotency {
        request = request.header("Idempotency-Key", idempotency);
    }
    let response = request.json(body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn events_of_apps_an_agent_does_not_operate_are_hidden_with_a_count(app: TestApp) {
    let apps = two_apps(&app).await;
    let (contact, conversation) = app.latest_conversation(&apps.agent, "priya@lotusleaf.in").await;
    app.db_execute(&format!(
        "DELETE FROM contact_events WHERE contact_id = {contact}"
    ))
    .await;
    for i in 0..2 {
        let (status, _) = post_event(
            &app,
            &apps.reviews_key,
            contact,
            None,
            &json!({"name": "review_written", "properties": {"n": i}}),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    for i in 0..3 {
        let body = json!({"name": "upsell_purchased", "properties": {"secret_price": 999 + i}});
        let (status, _) = post_event(&app, &apps.upsell_key, contact, None, &body).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let path = format!("/api/v1/contacts/{contact}/events");
    let (status, as_agent) = app.get_json(&path, &apps.agent).await;
    assert_eq!(status, StatusCode::OK, "{as_agent}");
    assert_eq!(
        names(&as_agent["items"]),
        vec!["review_written", "review_written"]
    );
    assert_eq!(as_agent["hidden_count"], 3);
    assert!(!as_agent.to_string().contains("secret_price"));
    let (_, as_key) = app.get_json(&path, &apps.reviews_key).await;
    assert_eq!(
        (
            as_key["items"].as_array().unwrap().len(),
            as_key["hidden_count"].clone()
        ),
        (2, json!(3))
    );
    let (_, as_upsell) = app.get_json(&path, &apps.upsell_key).await;
    assert_eq!(
        (
            as_upsell["items"].as_array().unwrap().len(),
            as_upsell["hidden_count"].clone()
        ),
        (3, json!(2))
    );
    let (_, as_owner) = app.get_json(&path, &apps.owner).await;
    assert_eq!(
        (
            as_owner["items"].as_array().unwrap().len(),
            as_owner["hidden_count"].clone()
        ),
        (5, json!(0))
    );
    // The name filter keeps the boundary too.
    let (_, filtered) = app
        .get_json(&format!("{path}?name=upsell_purchased"), &apps.agent)
        .await;
    assert_eq!(filtered["items"], json!([]));

    let (_, sidebar) = app
        .get_json(
            &format!("/api/v1/conversations/{conversation}/sidebar"),
            &apps.agent,
        )
        .await;
    assert_eq!(
        names(&sidebar["events"]["items"]),
        vec!["review_written", "review_written"]
    );
    assert_eq!(sidebar["events"]["hidden_count"], 3);
    assert!(!sidebar.to_string().contains("secret_price"));
    let (_, profile) = app
        .get_json(&format!("/api/v1/contacts/{contact}"), &apps.agent)
        .await;
    assert_eq!(profile["counts"]["events"], 2, "{profile}");
}

async fn idempotency_keys_of_two_apps_never_collide(app: TestApp) {
    let apps = two_apps(&app).await;
    let (contact, _) = app.latest_conversation(&apps.owner, "priya@lotusleaf.in").await;
    let first = json!({"name": "order_placed", "properties": {"order": "A-1"}});
    let (status, reviews_event) = post_event(&app, &apps.reviews_key, contact, Some("order-1"), &first).await;
    assert_eq!(status, StatusCode::CREATED);
    // The other app happens to choose the same key: its own event, with its own body.
    let other = json!({"name": "upsell_accepted", "properties": {"offer": "B-9"}});
    let (status, upsell_event) = post_event(&app, &apps.upsell_key, contact, Some("order-1"), &other).await;
    assert_eq!(status, StatusCode::CREATED, "{upsell_event}");
    assert_ne!(upsell_event["id"], reviews_event["id"]);
    assert_eq!(upsell_event["name"], "upsell_accepted");
    // Even the same body under the same key is another app's own event.
    let (status, same_body) = post_event(&app, &apps.upsell_key, contact, Some("order-2"), &first).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, reviews_same) = post_event(&app, &apps.reviews_key, contact, Some("order-2"), &first).await;
    assert_eq!(status, StatusCode::CREATED, "{reviews_same}");
    assert_ne!(same_body["id"], reviews_same["id"]);
    // Each app's retry still replays its own first event.
    let (status, replay) = post_event(&app, &apps.upsell_key, contact, Some("order-1"), &other).await;
    assert_eq!(
        (status, replay["id"].clone()),
        (StatusCode::OK, upsell_event["id"].clone())
    );
    let (status, replay) = post_event(&app, &apps.reviews_key, contact, Some("order-1"), &first).await;
    assert_eq!(
        (status, replay["id"].clone()),
        (StatusCode::OK, reviews_event["id"].clone())
    );
}

/// Reads server-sent events until `needle` shows up (or the deadline passes); returns all
/// text seen, so a test can check what came before it.
async fn read_until(stream: &mut reqwest::Response, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while !seen.contains(needle) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no `{needle}` within 10 s; the stream said: {seen}"
        );
        match tokio::time::timeout(left, stream.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(other) => panic!("the stream ended before `{needle}`: {other:?}; it said: {seen}"),
            Err(_) => panic!("no `{needle}` within 10 s; the stream said: {seen}"),
        }
    }
    seen
}

async fn open_stream(app: &TestApp, token: &str, last_event_id: Option<&str>) -> reqwest::Response {
    let mut request = app.request(Method::GET, "/api/v1/stream", Some(token));
    if let Some(id) = last_event_id {
        request = request.header("Last-Event-ID", id);
    }
    let mut stream = request.send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    read_until(&mut stream, "event: ready").await;
    stream
}

fn event_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("id: "))
        .map(str::to_owned)
        .collect()
}

async fn the_live_stream_keeps_to_the_agents_apps_and_ends_for_a_deleted_user(app: TestApp) {
    let apps = two_apps(&app).await;
    let (priya, _) = app.latest_conversation(&apps.owner, "priya@lotusleaf.in").await;
    let (olivia, _) = app
        .latest_conversation(&apps.owner, "olivia@northwind-outfitters.com")
        .await;
    let mut agent_stream = open_stream(&app, &apps.agent, None).await;
    let mut owner_stream = open_stream(&app, &apps.owner, None).await;
    // Another app's write first, then one of the agent's app: the stream is in order, so the
    // second arriving without the first proves the first was withheld.
    let (status, _) = post_event(
        &app,
        &apps.upsell_key,
        olivia,
        None,
        &json!({"name": "upsell_only"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post_event(
        &app,
        &apps.reviews_key,
        priya,
        None,
        &json!({"name": "reviews_event"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let seen = read_until(&mut agent_stream, &format!("\"contact_id\":{priya}")).await;
    assert!(!seen.contains(&format!("\"contact_id\":{olivia}")), "{seen}");
    let owner_seen = read_until(&mut owner_stream, &format!("\"contact_id\":{priya}")).await;
    assert!(
        owner_seen.contains(&format!("\"contact_id\":{olivia}")),
        "owners see every app: {owner_seen}"
    );

    // Ids are opaque: neither numbers nor a visible sequence, and they resume only here.
    let ids = event_ids(&owner_seen);
    assert_eq!(ids.len(), 2, "{owner_seen}");
    for id in &ids {
        assert!(id.parse::<i64>().is_err(), "a bare sequence number: {id}");
        assert_eq!(id.len(), 22, "{id}");
    }
    let mut resumed = open_stream(&app, &apps.owner, Some(&ids[0])).await;
    read_until(&mut resumed, &format!("id: {}", ids[1])).await;
    // A user removed while the stream is open stops receiving: the stream ends.
    app.db_execute(
        "INSERT INTO users (organization_id, email, name, password_hash, role, created_at) \
         SELECT organization_id, 'leaver@convot.test', 'Leaver', password_hash, 'agent', created_at \
         FROM users WHERE email = 'agent@convot.test'",
    )
    .await;
    app.db_execute(
        "INSERT INTO app_operators (organization_id, app_id, user_id, created_at) \
         SELECT u.organization_id, o.app_id, u.id, o.created_at FROM users u, app_operators o \
         WHERE u.email = 'leaver@convot.test' AND o.user_id = (SELECT id FROM users WHERE email = 'agent@convot.test')",
    )
    .await;
    let leaver = app.login("leaver@convot.test").await;
    let mut leaver_stream = open_stream(&app, &leaver, None).await;
    app.db_execute("DELETE FROM users WHERE email = 'leaver@convot.test'")
        .await;
    let (status, _) = post_event(
        &app,
        &apps.reviews_key,
        priya,
        None,
        &json!({"name": "after_removal"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut after_removal = String::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "the removed user's stream is still open: {after_removal}"
        );
        match tokio::time::timeout(left, leaver_stream.chunk()).await {
            Ok(Ok(Some(chunk))) => after_removal.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(_) => break,
            Err(_) => panic!("the removed user's stream is still open: {after_removal}"),
        }
    }
    assert!(!after_removal.contains("contact_id"), "{after_removal}");
}

async fn shopify_details_keep_revenue_and_other_apps_merchants_from_agents(app: TestApp) {
    let apps = two_apps(&app).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let path = format!("/api/v1/contacts/{olivia}/shopify");
    let (_, as_owner) = app.get_json(&path, &apps.owner).await;
    let owner_merchants = as_owner["merchants"].as_array().unwrap();
    assert_eq!(
        owner_merchants.len(),
        2,
        "Olivia's shop uses both Partner apps: {as_owner}"
    );
    assert!(
        as_owner.to_string().contains("\"amount\""),
        "owners see charge amounts"
    );
    let (status, as_agent) = app.get_json(&path, &apps.agent).await;
    assert_eq!(status, StatusCode::OK, "{as_agent}");
    let merchants = as_agent["merchants"].as_array().unwrap();
    assert_eq!(
        merchants.len(),
        1,
        "only the Partner app of the agent's app: {as_agent}"
    );
    assert_eq!(merchants[0]["app_id"], apps.reviews.id);
    let reviews_partner_app = merchants[0]["partner_app_id"].clone();
    for event in as_agent["events"].as_array().unwrap() {
        assert_eq!(event["partner_app_id"], reviews_partner_app, "{event}");
        for money in ["amount", "gross_minor", "net_minor"] {
            assert!(event["details"].get(money).is_none(), "{money} in {event}");
        }
    }
    assert!(
        as_agent["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event_type"]
                .as_str()
                .unwrap()
                .starts_with("SUBSCRIPTION_CHARGE")),
        "the charge events are still there, without amounts: {as_agent}"
    );
}

on_all_databases!(
    events_of_apps_an_agent_does_not_operate_are_hidden_with_a_count,
    idempotency_keys_of_two_apps_never_collide,
    the_live_stream_keeps_to_the_agents_apps_and_ends_for_a_deleted_user,
    shopify_details_keep_revenue_and_other_apps_merchants_from_agents,
);
