//! API keys: created once, hashed at rest, scoped, revocable, and confined to their organization.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn a_key_is_shown_once_stored_hashed_and_revocable(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let (status, created) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{}/api_keys", reviews.id),
            Some(&owner),
            &json!({"name": "Backend", "scopes": ["contacts:read", "contacts:write", "contacts:read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let token = created["token"].as_str().unwrap().to_owned();
    let (prefix, secret) = token.split_once(':').unwrap();
    assert_eq!(prefix, format!("ck_{}", created["id"]));
    assert_eq!(created["scopes"], json!(["contacts:read", "contacts:write"]));
    let stored = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM api_keys WHERE secret_hash LIKE '%{secret}%' OR name LIKE '%{secret}%'"
        ))
        .await;
    assert_eq!(stored, 0, "the secret is not stored in plaintext");

    let (_, listed) = app
        .get_json(&format!("/api/v1/apps/{}/api_keys", reviews.id), &owner)
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(
        !listed.to_string().contains(secret),
        "the token is never shown again"
    );

    let (status, _) = app.get_json("/api/v1/contacts?limit=1", &token).await;
    assert_eq!(status, StatusCode::OK, "the key works");
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/apps/{}/api_keys/{}", reviews.id, created["id"]),
            Some(&owner),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get_json("/api/v1/contacts?limit=1", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "revoked on the next request");
    assert_eq!(error_code(&body), "unauthenticated");
    let (status, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/apps/{}/api_keys/{}", reviews.id, created["id"]),
            Some(&owner),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "already revoked");
}

async fn a_missing_scope_is_403_and_a_bad_key_is_401(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let read_only = app.api_key(&owner, reviews.id, &["contacts:read"]).await;
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&read_only),
            &json!({"email": "x@y.co"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["details"]["required_scope"], "contacts:write");
    let wrong_secret = format!("{}:{}", read_only.split(':').next().unwrap(), "0".repeat(64));
    for token in [wrong_secret.as_str(), "ck_999999:abc", "ck_nope", "ck_1"] {
        let (status, _) = app.get_json("/api/v1/contacts", token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token}");
    }
}

async fn only_owners_and_admins_manage_apps_and_keys(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/v1/apps/{}/api_keys", reviews.id),
            json!({"name": "x", "scopes": ["contacts:read"]}),
        ),
        (
            Method::GET,
            format!("/api/v1/apps/{}/api_keys", reviews.id),
            json!(null),
        ),
        (
            Method::PATCH,
            format!("/api/v1/apps/{}", reviews.id),
            json!({"name": "Renamed"}),
        ),
        (
            Method::POST,
            format!("/api/v1/apps/{}/identity_secret", reviews.id),
            json!(null),
        ),
    ] {
        let (status, body) = app.send_json(method.clone(), &path, Some(&agent), &body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {body}");
    }
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", upsell.id),
            Some(&agent),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an app the agent cannot see is 404, not 403"
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM apps WHERE name = 'Renamed'")
            .await,
        0
    );
}

async fn rotating_the_identity_secret_invalidates_old_hashes(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let (status, rotated) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{}/identity_secret", reviews.id),
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let new_secret = rotated["identity_secret"].as_str().unwrap();
    assert_ne!(new_secret, reviews.secret);
    assert_eq!(new_secret.len(), 64);
    let session = app.widget_session(&reviews.public_key).await;
    let (_, old) = app
        .identify(
            &session,
            json!({"external_id": "u1", "user_hash": user_hash(&reviews.secret, "u1")}),
        )
        .await;
    assert_eq!(old["verified"], false);
    let (_, new) = app
        .identify(
            &session,
            json!({"external_id": "u1", "user_hash": user_hash(new_secret, "u1")}),
        )
        .await;
    assert_eq!(new["verified"], true);
    let (status, renamed) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", reviews.id),
            Some(&owner),
            &json!({"name": "Reviews+"}),
        )
        .await;
    assert_eq!(
        (status, renamed["name"].as_str()),
        (StatusCode::OK, Some("Reviews+"))
    );
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", reviews.id),
            Some(&owner),
            &json!({"public_key": "app_mine"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the public key is immutable"
    );
}

async fn a_key_of_another_organization_sees_nothing_and_writes_nothing(app: TestApp) {
    app.seed_demo().await;
    let globex_owner = app.login(GLOBEX_OWNER).await;
    let forms = app.demo_app("Globex Forms").await;
    let globex_key = app
        .api_key(
            &globex_owner,
            forms.id,
            &["contacts:read", "contacts:write", "events:write"],
        )
        .await;
    let acme_contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'priya@lotusleaf.in'")
        .await;
    let reviews = app.demo_app("Product Reviews").await;
    let events_before = app.count("contact_events").await;
    let attributes_before = app.count("custom_attributes").await;
    let (status, _) = app
        .get_json(&format!("/api/v1/contacts/{acme_contact}"), &globex_key)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get_json(&format!("/api/v1/contacts/{acme_contact}/events"), &globex_key)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{acme_contact}"),
            Some(&globex_key),
            &json!({"name": "Owned"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{acme_contact}/events"),
            Some(&globex_key),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{acme_contact}/custom_data/{}", reviews.id),
            Some(&globex_key),
            &json!({"k": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The same email through POST /contacts creates Globex's own contact, never touching Acme's.
    let (status, created) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&globex_key),
            &json!({"email": "priya@lotusleaf.in", "name": "Globex Priya"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(created["id"].as_i64().unwrap(), acme_contact);
    let acme_priya = app.contact_where(&format!("id = {acme_contact}")).await.unwrap();
    assert_eq!(acme_priya["name"], "Priya Raman");
    assert_eq!(app.count("contact_events").await, events_before);
    assert_eq!(app.count("custom_attributes").await, attributes_before);
    // Globex's owner cannot manage Acme's app either.
    let (status, _) = app
        .get_json(&format!("/api/v1/apps/{}/api_keys", reviews.id), &globex_owner)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

on_all_databases!(
    a_key_is_shown_once_stored_hashed_and_revocable,
    a_missing_scope_is_403_and_a_bad_key_is_401,
    only_owners_and_admins_manage_apps_and_keys,
    rotating_the_identity_secret_invalidates_old_hashes,
    a_key_of_another_organization_sees_nothing_and_writes_nothing,
);
