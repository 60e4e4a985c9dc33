//! The tag library and tagging: normalization, palette, scope, roles.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn agents_create_normalized_tags_and_names_are_unique(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let (status, tag) = app
        .send_json(
            Method::POST,
            "/api/v1/tags",
            Some(&agent),
            &json!({"name": "  VIP Customer!", "color": "purple", "scope": "contact"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{tag}");
    assert_eq!(tag["name"], "vip-customer");
    assert_eq!(tag["color"], "purple");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/tags",
            Some(&agent),
            &json!({"name": "vip customer"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "tag_exists");
    assert_eq!(body["error"]["details"]["tag_id"], tag["id"]);
    for bad in [
        json!({"name": "x", "color": "magenta"}),
        json!({"name": "!!!"}),
        json!({"name": "x", "scope": "everything"}),
    ] {
        let (status, _) = app
            .send_json(Method::POST, "/api/v1/tags", Some(&agent), &bad)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (_, list) = app.get_json("/api/v1/tags?scope=conversation", &agent).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"follow-up") && names.contains(&"bug") && !names.contains(&"vip"),
        "{names:?}"
    );
    let (_, found) = app.get_json("/api/v1/tags?q=VIP", &agent).await;
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["vip", "vip-customer"]);
}

async fn only_owners_and_admins_rename_and_delete_and_deleting_untags(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let owner = app.login(ACME_OWNER).await;
    let vip = app.scalar_i64("SELECT id FROM tags WHERE name = 'vip'").await;
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/tags/{vip}"),
            Some(&agent),
            &json!({"name": "renamed"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/tags/{vip}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, renamed) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/tags/{vip}"),
            Some(&owner),
            &json!({"name": "Key Account", "color": "red"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (renamed["name"].as_str(), renamed["color"].as_str()),
        (Some("key-account"), Some("red"))
    );
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/tags/{vip}"),
            Some(&owner),
            &json!({"name": "wholesale"}),
        )
        .await;
    assert_eq!((status, error_code(&body)), (StatusCode::CONFLICT, "tag_exists"));
    assert!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM contact_tags WHERE tag_id = {vip}"))
            .await
            > 0
    );
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/tags/{vip}"),
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM contact_tags WHERE tag_id = {vip}"))
            .await,
        0
    );
}

async fn tags_go_only_where_their_scope_allows_and_removal_keeps_the_library(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let (contact, conversation) = app.latest_conversation(&agent, "priya@lotusleaf.in").await;
    let bug = app.scalar_i64("SELECT id FROM tags WHERE name = 'bug'").await;
    let wholesale = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'wholesale'")
        .await;
    let follow_up = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'follow-up'")
        .await;
    let (status, body) = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/contacts/{contact}/tags/{bug}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "tag_scope_mismatch")
    );
    let (status, body) = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/conversations/{conversation}/tags/{wholesale}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "tag_scope_mismatch")
    );
    for _ in 0..2 {
        let (status, _) = app
            .send_json(
                Method::PUT,
                &format!("/api/v1/contacts/{contact}/tags/{wholesale}"),
                Some(&agent),
                &json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "tagging is idempotent");
        let (status, _) = app
            .send_json(
                Method::PUT,
                &format!("/api/v1/conversations/{conversation}/tags/{follow_up}"),
                Some(&agent),
                &json!(null),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &agent)
        .await;
    assert!(sidebar["contact_tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "wholesale"));
    assert_eq!(
        sidebar["conversation_tags"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["name"] == "follow-up")
            .count(),
        1
    );
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/contacts/{contact}/tags/{wholesale}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/contacts/{contact}/tags/{wholesale}"),
            Some(&agent),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no longer on the contact");
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM tags WHERE id = {wholesale}"))
            .await,
        1,
        "kept in the library"
    );
}

on_all_databases!(
    agents_create_normalized_tags_and_names_are_unique,
    only_owners_and_admins_rename_and_delete_and_deleting_untags,
    tags_go_only_where_their_scope_allows_and_removal_keeps_the_library,
);
