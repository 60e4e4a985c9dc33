//! What operators read: one structured line per request, in its span, and settings that
//! never print a secret.
use crate::helpers::*;
use crate::server_process::ServerProcess;
use crate::waiting::eventually;
use serde_json::Value;
use std::time::Duration;

/// The `request finished` line of the real binary for `route`, parsed (JSON logs).
async fn finished_line(server: &ServerProcess, route: &str) -> Value {
    let what = format!("a `request finished` line for {route}");
    eventually(&what, Duration::from_secs(10), || async {
        server.log_lines().into_iter().find_map(|line| {
            let value: Value = serde_json::from_str(&line).ok()?;
            let finished = value["fields"]["message"] == "request finished";
            (finished && value["span"]["http.route"] == route).then_some(value)
        })
    })
    .await
}

#[tokio::test]
async fn each_request_logs_a_json_line_with_method_route_status_latency_and_organization() {
    let app = spawn_app(Backend::Sqlite).await;
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    let acme = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await;
    let server = ServerProcess::start(
        &app,
        &[
            ("CONVOT_LOG_FORMAT", "json"),
            ("CONVOT_LOG", "info,sqlx=warn,sea_orm=warn"),
        ],
    )
    .await;
    let client = reqwest::Client::new();
    let me = client
        .get(format!("{}/api/v1/me", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let missing = client
        .get(format!("{}/api/v1/contacts/999999999", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let line = finished_line(&server, "/api/v1/me").await;
    let span = &line["span"];
    assert_eq!(span["http.method"], "GET");
    assert_eq!(span["organization_id"], acme, "the caller's organization: {line}");
    assert_eq!(line["fields"]["status"], 200);
    assert!(
        line["fields"]["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{line}"
    );
    // The route is the pattern, so ids do not explode the number of distinct routes.
    let line = finished_line(&server, "/api/v1/contacts/{id}").await;
    assert_eq!(line["fields"]["status"], 404);
    assert_eq!(line["span"]["organization_id"], acme);
    // A request nobody authenticated has no organization.
    let health = client
        .get(format!("{}/api/health", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let line = finished_line(&server, "/api/health").await;
    assert!(line["span"].get("organization_id").is_none(), "{line}");
}

#[test]
fn settings_debug_output_names_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(
        "postgres://convot:db-hunter2@db.internal/convot".into(),
        dir.path(),
    );
    settings.smtp_url = Some("smtp://mailer:smtp-hunter2@mail.internal:587".to_owned().into());
    let printed = format!("{settings:?}");
    for secret in [JWT_SECRET, ENCRYPTION_KEY, "db-hunter2", "smtp-hunter2"] {
        assert!(!printed.contains(secret), "Debug printed {secret:?}: {printed}");
    }
    // Everything else is still there to debug with.
    assert!(printed.contains("127.0.0.1:0"), "{printed}");
}
