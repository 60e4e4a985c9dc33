//! `GET /stream`: changes made through any API process reach an open stream within seconds.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

/// Reads the stream until an event with `needle` arrives or the deadline passes.
pub async fn wait_for(mut response: reqwest::Response, needle: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(8);
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                seen.push_str(&String::from_utf8_lossy(&chunk));
                if seen.contains(needle) {
                    return seen;
                }
            }
            _ => break,
        }
    }
    panic!("no `{needle}` within 8 s; the stream said: {seen}");
}

async fn a_change_through_another_api_process_reaches_the_stream(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let globex = app.login(GLOBEX_OWNER).await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'emma@nordlys.dk'")
        .await;
    let stream = app
        .request(Method::GET, "/api/v1/stream", Some(&owner))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let globex_stream = app
        .request(Method::GET, "/api/v1/stream", Some(&globex))
        .send()
        .await
        .unwrap();

    let other = app.second_server().await;
    let vip = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'wholesale'")
        .await;
    let response = app
        .client
        .put(format!("{other}/api/v1/contacts/{contact}/tags/{vip}"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let seen = wait_for(stream, &format!("\"contact_id\":{contact}")).await;
    assert!(
        seen.contains("event: change") && seen.contains("\"kind\":\"contact_tags\""),
        "{seen}"
    );

    // Globex's stream never carries Acme's changes.
    let mut globex_stream = globex_stream;
    let mut globex_seen = String::new();
    let _ = tokio::time::timeout(Duration::from_millis(2500), async {
        while let Ok(Some(chunk)) = globex_stream.chunk().await {
            globex_seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(
        globex_seen.contains("event: ready"),
        "the Globex stream is live: {globex_seen}"
    );
    assert!(!globex_seen.contains("event: change"), "{globex_seen}");
    let (status, _) = app
        .send_json(Method::GET, "/api/v1/stream", None, &json!(null))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

on_all_databases!(a_change_through_another_api_process_reaches_the_stream);
