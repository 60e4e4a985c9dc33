//! `GET /apps` and `GET /apps/{id}`.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::StatusCode;

async fn an_owner_sees_every_app_and_its_identity_secret(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (status, apps) = app.get_json("/api/v1/apps", &owner).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(apps["next_cursor"], serde_json::Value::Null);
    let items = apps["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Product Reviews", "Upsell Pro"]);
    for item in items {
        assert!(item["public_key"].as_str().unwrap().starts_with("app_"));
        assert!(
            item.get("identity_secret").is_none(),
            "the list never carries secrets"
        );
    }
    let (_, detail) = app
        .get_json(&format!("/api/v1/apps/{}", items[0]["id"]), &owner)
        .await;
    let secret = detail["identity_secret"].as_str().unwrap();
    assert_eq!(secret.len(), 64);
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
}

on_all_databases!(an_owner_sees_every_app_and_its_identity_secret);
