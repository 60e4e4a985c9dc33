//! The inbox list, one conversation and its thread.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::StatusCode;
use std::collections::HashSet;

async fn the_inbox_lists_by_app_and_status_newest_first_in_pages(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let expected = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM conversations WHERE app_id = {} AND status = 'open'",
            reviews.id
        ))
        .await;
    assert!(expected > 5);
    let mut seen = Vec::new();
    let mut path = format!("/api/v1/conversations?app_id={}&status=open&limit=4", reviews.id);
    loop {
        let (status, page) = app.get_json(&path, &owner).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for item in page["items"].as_array().unwrap() {
            assert_eq!(item["status"], "open");
            assert_eq!(item["app_name"], "Product Reviews");
            assert!(item["contact"]["display_name"].is_string());
            seen.push((
                item["last_activity_at"]
                    .as_str()
                    .unwrap()
                    .parse::<chrono::DateTime<chrono::Utc>>()
                    .unwrap(),
                item["id"].as_str().unwrap().to_owned(),
            ));
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => {
                path = format!(
                    "/api/v1/conversations?app_id={}&status=open&limit=4&cursor={cursor}",
                    reviews.id
                )
            }
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, expected);
    assert_eq!(
        seen.iter().map(|(_, id)| id).collect::<HashSet<_>>().len(),
        seen.len()
    );
    assert!(seen.windows(2).all(|w| w[0].0 >= w[1].0), "newest activity first");
    for refused in ["closed", "", "OPEN"] {
        let (status, body) = app
            .get_json(&format!("/api/v1/conversations?status={refused}"), &owner)
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "status={refused}: {body}"
        );
        assert_eq!(body["error"]["code"], "validation_failed");
    }
}

async fn an_agent_lists_only_operated_apps_and_reads_threads_with_authors(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let (_, page) = app.get_json("/api/v1/conversations?limit=100", &agent).await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["app_name"] == "Product Reviews"));
    let upsell = app.demo_app("Upsell Pro").await;
    let (_, filtered) = app
        .get_json(&format!("/api/v1/conversations?app_id={}", upsell.id), &agent)
        .await;
    assert!(
        filtered["items"].as_array().unwrap().is_empty(),
        "an app the agent cannot see lists nothing"
    );
    let with_reply = items.iter().find(|c| c["preview"].is_string()).unwrap();
    let id = with_reply["id"].as_str().unwrap();
    let (status, conversation) = app.get_json(&format!("/api/v1/conversations/{id}"), &agent).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(conversation["id"], id);
    let (_, thread) = app
        .get_json(&format!("/api/v1/conversations/{id}/messages"), &agent)
        .await;
    let messages = thread["items"].as_array().unwrap();
    assert_eq!(messages[0]["type"], "incoming");
    assert_eq!(messages[0]["author"]["kind"], "contact");
    assert_eq!(
        messages[0]["author"]["name"],
        conversation["contact"]["display_name"]
    );
    let times: Vec<&str> = messages
        .iter()
        .map(|m| m["created_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    if let Some(reply) = messages.iter().find(|m| m["type"] == "outgoing") {
        assert_eq!(reply["author"]["kind"], "user");
        assert_eq!(reply["author"]["name"], "Dana Demo");
    }
}

on_all_databases!(
    the_inbox_lists_by_app_and_status_newest_first_in_pages,
    an_agent_lists_only_operated_apps_and_reads_threads_with_authors,
);
