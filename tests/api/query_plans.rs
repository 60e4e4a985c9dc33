//! On PostgreSQL holding the generated benchmark dataset (`convot seed --bench`, at a
//! twentieth of full size so the suite stays quick), every statement the hot endpoints run
//! is `EXPLAIN`ed with its real parameters: none may scan contacts, events, conversations
//! or messages sequentially. The statements come from the running server, not copies, so a
//! new query on these paths is checked too.
use crate::helpers::*;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{json, Value};

const LARGE_TABLES: &[&str] = &["contacts", "contact_events", "conversations", "messages"];
const BENCH_SCALE: f64 = 0.05;

/// The sequential scans of large tables in one statement's plan, as "table" names.
async fn sequential_scans(app: &TestApp, statement: &sea_orm::Statement) -> Vec<String> {
    let mut explain = statement.clone();
    explain.sql = format!("EXPLAIN (FORMAT JSON) {}", statement.sql);
    // Substring search over several columns: on this twentieth-size dataset PostgreSQL may
    // rightly prefer one scan of 14k rows to four trigram-index scans (its estimate varies), so
    // the check is that the trigram indexes can serve the query at all.
    let txn = app.db.begin().await.unwrap();
    if statement.sql.contains(" LIKE ") {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
    }
    let row = txn
        .query_one_raw(explain)
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN {}: {e}", statement.sql))
        .unwrap();
    txn.rollback().await.unwrap();
    let plan: Value = row.try_get_by_index(0).unwrap();
    let mut found = Vec::new();
    collect_seq_scans(&plan[0]["Plan"], &mut found);
    found
}

fn collect_seq_scans(node: &Value, found: &mut Vec<String>) {
    if node["Node Type"] == "Seq Scan" {
        let relation = node["Relation Name"].as_str().unwrap_or_default();
        if LARGE_TABLES.contains(&relation) {
            found.push(relation.to_owned());
        }
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        collect_seq_scans(child, found);
    }
}

pub fn explainable(sql: &str) -> bool {
    let head = sql.trim_start().to_ascii_uppercase();
    ["SELECT", "WITH", "UPDATE", "DELETE", "INSERT"]
        .iter()
        .any(|verb| head.starts_with(verb))
}

/// Runs the hot requests of an agent, the widget and an app against the dataset.
pub async fn exercise_hot_paths(app: &TestApp) {
    let owner = app.login("owner1@bench.convot.test").await;
    // A number, not a subquery: Citus routes `organization_id = 7` to one shard.
    let org = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Bench 1'")
        .await;
    let heavy = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM contacts WHERE organization_id = {org}"
        ))
        .await;
    let get = |path: String| {
        let owner = owner.clone();
        async move {
            let (status, body) = app.get_json(&path, &owner).await;
            assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
            body
        }
    };
    let conversations = get(format!("/api/v1/contacts/{heavy}/conversations?limit=20")).await;
    let conversation = conversations["items"][0]["id"].as_str().unwrap().to_owned();
    let cursor = conversations["next_cursor"]
        .as_str()
        .expect("a heavy contact pages");
    get(format!(
        "/api/v1/contacts/{heavy}/conversations?limit=20&cursor={cursor}"
    ))
    .await;
    get(format!("/api/v1/conversations/{conversation}/sidebar")).await;
    get(format!("/api/v1/conversations/{conversation}/messages")).await;
    get(format!("/api/v1/contacts/{heavy}")).await;
    let inbox = get("/api/v1/conversations?limit=25".into()).await;
    let cursor = inbox["next_cursor"].as_str().expect("the inbox pages");
    get(format!("/api/v1/conversations?limit=25&cursor={cursor}")).await;
    get("/api/v1/conversations?limit=25&status=open".into()).await;
    let mut timeline = format!("/api/v1/contacts/{heavy}/events?limit=50");
    for _ in 0..3 {
        let page = get(timeline.clone()).await;
        let cursor = page["next_cursor"].as_str().expect("a heavy timeline pages");
        timeline = format!("/api/v1/contacts/{heavy}/events?limit=50&cursor={cursor}");
    }
    for q in ["grace", "user123", "ext-1-42", "lund%20labs"] {
        get(format!("/api/v1/contacts?q={q}")).await;
    }
    for sort in ["last_seen", "name", "created"] {
        let listing = get(format!("/api/v1/contacts?sort={sort}&limit=25")).await;
        let cursor = listing["next_cursor"].as_str().expect("the contact list pages");
        get(format!("/api/v1/contacts?sort={sort}&limit=25&cursor={cursor}")).await;
    }
    get("/api/v1/contacts?q=grace&sort=name".into()).await;

    let bench_app = app
        .scalar_i64(&format!("SELECT MIN(id) FROM apps WHERE organization_id = {org}"))
        .await;
    let (_, apps) = app.get_json("/api/v1/apps", &owner).await;
    let public_key = apps["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == bench_app)
        .unwrap()["public_key"]
        .as_str()
        .unwrap()
        .to_owned();
    // A subscribed endpoint, so the identify and the event below queue webhook deliveries
    // (nothing is sent: the statements are what is looked at).
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{bench_app}/webhooks"),
            Some(&owner),
            &json!({"url": "http://127.0.0.1:9/plans", "topics": ["contact.created", "contact.identified", "contact.updated", "event.created"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let session = app.widget_session(&public_key).await;
    for email in ["user77@org1.bench.test", "someone-new@plans.test"] {
        let (status, body) = app
            .identify(&session, json!({"email": email, "name": "Plan"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, _) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/heartbeat",
            Some(&session),
            &json!({"visible": true, "active": true}),
        )
        .await;
    assert!(status.is_success(), "{status}");
    let key = app
        .api_key(&owner, bench_app, &["events:write", "contacts:write"])
        .await;
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{heavy}/events"),
            Some(&key),
            &json!({"name": "plan_checked", "properties": {"n": 1}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn hot_queries_use_indexes_on_the_generated_dataset() {
    let app = spawn_app(Backend::Postgres).await;
    api::seed::bench::seed_bench(&app.db, BENCH_SCALE)
        .await
        .expect("bench dataset");
    app.db.execute_unprepared("ANALYZE").await.unwrap();

    // The detector itself: a query that can only scan is reported.
    let scan = sea_orm::Statement::from_string(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT id FROM contact_events WHERE properties::text LIKE '%x%'",
    );
    assert_eq!(sequential_scans(&app, &scan).await, ["contact_events"]);

    *app.recorded.lock().unwrap() = Some(Vec::new());
    exercise_hot_paths(&app).await;
    let statements = app.recorded.lock().unwrap().take().unwrap();
    let mut explained = 0;
    let mut failures = Vec::new();
    for statement in statements.iter().filter(|s| explainable(&s.sql)) {
        explained += 1;
        let scans = sequential_scans(&app, statement).await;
        if !scans.is_empty() {
            failures.push(format!("{scans:?} in: {}", statement.sql));
        }
    }
    assert!(explained >= 40, "only {explained} statements were explained");
    assert!(
        failures.is_empty(),
        "sequential scans of large tables:\n{}",
        failures.join("\n\n")
    );
}
