//! CC addresses: valid, lower-cased, unique, at most 10, never the contact's own.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn cc_rules_hold(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (_, conversation) = app.latest_conversation(&owner, "jonas@bergschuh.de").await;
    let path = format!("/api/v1/conversations/{conversation}/cc_emails");
    let existing = app.get_json(&path, &owner).await.1["items"]
        .as_array()
        .unwrap()
        .len();
    let (status, added) = app
        .send_json(
            Method::POST,
            &path,
            Some(&owner),
            &json!({"email": " Boss@Bergschuh.DE "}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["email"], "boss@bergschuh.de");
    let (status, body) = app
        .send_json(
            Method::POST,
            &path,
            Some(&owner),
            &json!({"email": "boss@bergschuh.de"}),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "cc_email_exists")
    );
    for bad in ["not-an-email", "jonas@bergschuh.de", "JONAS@bergschuh.de"] {
        let (status, body) = app
            .send_json(Method::POST, &path, Some(&owner), &json!({"email": bad}))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(body["error"]["details"]["fields"]["email"].is_string(), "{body}");
    }
    for i in (existing + 1)..10 {
        let (status, _) = app
            .send_json(
                Method::POST,
                &path,
                Some(&owner),
                &json!({"email": format!("cc{i}@example.com")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = app
        .send_json(
            Method::POST,
            &path,
            Some(&owner),
            &json!({"email": "eleventh@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, listed) = app.get_json(&path, &owner).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 10);
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("{path}/BOSS@bergschuh.de"),
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("{path}/boss@bergschuh.de"),
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
        .await;
    assert_eq!(sidebar["cc_emails"].as_array().unwrap().len(), 9);
}

on_all_databases!(cc_rules_hold);
