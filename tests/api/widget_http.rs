//! The widget endpoints as a browser meets them: CORS, rate limits, body limits, presence.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::json;

async fn widget_routes_are_open_to_any_origin_and_agent_routes_are_not(app: TestApp) {
    app.seed_demo().await;
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/widget/identify", None)
        .header("Origin", "https://merchant-store.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    assert!(preflight
        .headers()
        .get("access-control-allow-credentials")
        .is_none());
    let reviews = app.demo_app("Product Reviews").await;
    let response = app
        .request(Method::POST, "/api/v1/widget/sessions", None)
        .header("Origin", "https://merchant-store.example")
        .json(&json!({"app_id": reviews.public_key}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");

    let token = app.login(ACME_OWNER).await;
    let agent = app
        .request(Method::GET, "/api/v1/me", Some(&token))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(agent.headers().get("access-control-allow-origin").is_none());
    let agent_preflight = app
        .request(Method::OPTIONS, "/api/v1/contacts", None)
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert!(agent_preflight
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

async fn an_oversized_identify_is_413(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(&session, json!({"name": "x".repeat(300 * 1024)}))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "payload_too_large");
}

async fn heartbeats_drive_presence_and_repeat_beats_are_not_rewritten(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    app.identify(&session, json!({"email": "present@example.com"}))
        .await;
    let id = app.contact_where("email = 'present@example.com'").await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let owner = app.login(ACME_OWNER).await;
    let beat = |visible: bool, active: bool| {
        let body = json!({"visible": visible, "active": active});
        let session = session.clone();
        let app = &app;
        async move {
            app.send_json(Method::POST, "/api/v1/widget/heartbeat", Some(&session), &body)
                .await
        }
    };
    let presence =
        || async { app.get_json(&format!("/api/v1/contacts/{id}"), &owner).await.1["presence"].clone() };

    assert_eq!(beat(true, true).await.0, StatusCode::NO_CONTENT);
    assert_eq!(presence().await, "online");
    let written = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE id = {id} AND last_heartbeat_at IS NOT NULL"
        ))
        .await;
    assert_eq!(written, 1);
    let stamp_sql = format!("SELECT last_heartbeat_at FROM contacts WHERE id = {id}");
    let stamp = || async {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                stamp_sql.clone(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<chrono::DateTime<chrono::Utc>>(0).unwrap()
    };
    let first = stamp().await;
    beat(true, true).await;
    assert_eq!(
        stamp().await,
        first,
        "an unchanged beat within 15 s writes nothing"
    );
    beat(false, false).await;
    assert_ne!(stamp().await, first, "a visibility change is written at once");
    assert_eq!(presence().await, "idle");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/heartbeat",
            Some(&session),
            &json!({"visible": "yes"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

async fn a_visitor_message_reopens_a_recently_resolved_conversation(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (_, first) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "First question"}),
        )
        .await;
    let conversation_of_first = "(SELECT conversation_id FROM messages WHERE content = 'First question')";
    let resolve = format!("UPDATE conversations SET status = 'resolved', resolved_at = last_activity_at WHERE id = {conversation_of_first}");
    app.db.execute_unprepared(&resolve).await.unwrap();
    let (status, second) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "Follow-up"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(second["conversation_id"], first["conversation_id"]);
    let open = app.scalar_i64(&format!("SELECT COUNT(*) FROM conversations WHERE status = 'open' AND resolved_at IS NULL AND id = {conversation_of_first}")).await;
    assert_eq!(open, 1);
    let (status, _) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "   "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn no_api_key_or_session_secret_is_stored_or_logged_in_plaintext(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["contacts:read"]).await;
    let key_secret = key.split_once(':').unwrap().1.to_owned();
    let session = app.widget_session(&reviews.public_key).await;
    let session_secret = session.rsplit('.').next().unwrap().to_owned();
    app.get_json("/api/v1/contacts?limit=1", &key).await;
    app.get_json("/api/v1/contacts?limit=1", &format!("{key}x")).await;
    app.identify(&session, json!({"email": "dump@example.com"})).await;
    let dump = database_dump(&app).await;
    assert!(dump.len() > 10_000, "the dump holds the data");
    assert!(dump.contains("dump@example.com"), "the dump is readable");
    for secret in [&key_secret, &session_secret] {
        assert!(
            !dump.contains(secret.as_str()),
            "a plaintext secret in the database"
        );
        assert!(
            !captured_logs().contains(secret.as_str()),
            "a plaintext secret in the logs"
        );
    }
}

/// Every row of every table as text.
async fn database_dump(app: &TestApp) -> String {
    let backend = app.db.get_database_backend();
    let tables = [
        "users",
        "apps",
        "api_keys",
        "contacts",
        "widget_sessions",
        "custom_attributes",
        "contact_events",
        "conversations",
        "messages",
    ];
    let mut dump = String::new();
    for table in tables {
        let rows = app
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                backend,
                format!("SELECT * FROM {table}"),
            ))
            .await
            .unwrap();
        for row in rows {
            for column in row.column_names() {
                let value = row
                    .try_get::<Option<String>>("", &column)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        row.try_get::<Option<serde_json::Value>>("", &column)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    });
                if let Some(value) = value {
                    dump.push_str(&value);
                    dump.push('\n');
                }
            }
        }
    }
    dump
}

on_all_databases!(
    widget_routes_are_open_to_any_origin_and_agent_routes_are_not,
    an_oversized_identify_is_413,
    heartbeats_drive_presence_and_repeat_beats_are_not_rewritten,
    a_visitor_message_reopens_a_recently_resolved_conversation,
    no_api_key_or_session_secret_is_stored_or_logged_in_plaintext,
);

#[tokio::test]
async fn the_widget_is_rate_limited_per_app_and_client() {
    let app = spawn_app_with(Backend::Sqlite, |settings| settings.widget_rate_limit = 5).await;
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    for _ in 0..5 {
        app.widget_session(&reviews.public_key).await;
    }
    let response = app
        .request(Method::POST, "/api/v1/widget/sessions", None)
        .json(&json!({"app_id": reviews.public_key}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    let upsell = app.demo_app("Upsell Pro").await;
    app.widget_session(&upsell.public_key).await;
}

/// Behind a trusted proxy each visitor is counted under their own address (the one the proxy
/// puts in `X-Forwarded-For`), not the proxy's, so one busy visitor cannot throttle every
/// other; without the proxy trusted, the header buys a client no new budget.
#[tokio::test]
async fn the_widget_limit_counts_visitors_behind_a_trusted_proxy_apart() {
    async fn start(app: &TestApp, public_key: &str, forwarded_for: &str) -> StatusCode {
        app.request(Method::POST, "/api/v1/widget/sessions", None)
            .header("X-Forwarded-For", forwarded_for)
            .json(&json!({"app_id": public_key}))
            .send()
            .await
            .unwrap()
            .status()
    }
    let behind_proxy = spawn_app_with(Backend::Sqlite, |settings| {
        settings.widget_rate_limit = 2;
        settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    behind_proxy.seed_demo().await;
    let key = behind_proxy.demo_app("Product Reviews").await.public_key;
    for _ in 0..2 {
        assert_eq!(
            start(&behind_proxy, &key, "203.0.113.7").await,
            StatusCode::CREATED
        );
    }
    assert_eq!(
        start(&behind_proxy, &key, "203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        start(&behind_proxy, &key, "203.0.113.8").await,
        StatusCode::CREATED,
        "another visitor behind the same proxy has a budget of their own"
    );

    let direct = spawn_app_with(Backend::Sqlite, |settings| settings.widget_rate_limit = 2).await;
    direct.seed_demo().await;
    let key = direct.demo_app("Product Reviews").await.public_key;
    for n in 0..2 {
        assert_eq!(
            start(&direct, &key, &format!("198.51.100.{n}")).await,
            StatusCode::CREATED
        );
    }
    assert_eq!(
        start(&direct, &key, "198.51.100.9").await,
        StatusCode::TOO_MANY_REQUESTS,
        "an untrusted peer's X-Forwarded-For is not believed"
    );
}
