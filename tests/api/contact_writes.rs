//! The server contacts API: find-or-create, partial updates and per-key custom data.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn writer_key(app: &TestApp) -> (String, DemoApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(
            &owner,
            reviews.id,
            &["contacts:read", "contacts:write", "events:write"],
        )
        .await;
    (key, reviews)
}

async fn post_contacts_creates_then_finds_and_overwrites(app: TestApp) {
    let (key, reviews) = writer_key(&app).await;
    let (status, created) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({
                "external_id": "crm-1", "email": "Grace@Example.com", "name": "Grace",
                "location": {"city": "Arlington", "country": "US"}, "custom_data": {"tier": "gold"}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["email"], "grace@example.com");
    assert_eq!(created["location"]["city"], "Arlington");
    let (status, found) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"external_id": "crm-1", "name": "Grace Hopper"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["id"], created["id"]);
    assert_eq!(
        found["name"], "Grace Hopper",
        "an API key is trusted: it overwrites"
    );
    assert_eq!(found["email"], "grace@example.com", "fields not sent are kept");
    let (status, by_email) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"email": "grace@example.com", "company": "Navy"}),
        )
        .await;
    assert_eq!((status, &by_email["id"]), (StatusCode::OK, &created["id"]));
    let source = app
        .scalar_i64(&format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {} AND app_id = {} AND key = 'tier' AND source = 'api'", created["id"], reviews.id))
        .await;
    assert_eq!(source, 1, "custom data goes to the key's app with api provenance");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"name": "Nobody"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an identity is required: {body}"
    );
}

async fn patch_changes_only_the_fields_sent_and_refuses_the_rest(app: TestApp) {
    let (key, _) = writer_key(&app).await;
    let agent = app.login(ACME_OWNER).await;
    let id = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'jonas@bergschuh.de'")
        .await;
    let (status, updated) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}"),
            Some(&key),
            &json!({"phone": "+49 89 1234", "company": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["phone"], "+49 89 1234");
    assert_eq!(updated["company"], Value::Null, "null clears");
    assert_eq!(updated["name"], "Jonas Weber", "untouched");
    for body in [
        json!({"id": 1}),
        json!({"organization_id": 2}),
        json!({"created_at": "2020-01-01T00:00:00Z"}),
        json!({"is_vip": true}),
    ] {
        let (status, error) = app
            .send_json(
                Method::PATCH,
                &format!("/api/v1/contacts/{id}"),
                Some(&agent),
                &body,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {error}");
    }
    let (status, error) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}"),
            Some(&agent),
            &json!({"email": "PRIYA@lotusleaf.in"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&error), "email_taken");
    let (status, error) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}"),
            Some(&agent),
            &json!({"email": "bad", "avatar_url": "ftp://x.io/a.png"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = error["error"]["details"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("email") && fields.contains_key("avatar_url"),
        "{error}"
    );
    let stored = app.contact_where(&format!("id = {id}")).await.unwrap();
    assert_eq!(stored["email"], "jonas@bergschuh.de", "nothing written on error");
}

async fn custom_data_merges_per_key_and_keys_stay_in_their_app(app: TestApp) {
    let (key, reviews) = writer_key(&app).await;
    let upsell = app.demo_app("Upsell Pro").await;
    let id = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let path = format!("/api/v1/contacts/{id}/custom_data/{}", reviews.id);
    let (status, first) = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&key),
            &json!({"seats": 5, "theme": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let keys: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"seats") && keys.contains(&"plan") && !keys.contains(&"theme"),
        "{keys:?}"
    );
    let seats = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "seats")
        .unwrap();
    assert_eq!(seats["source"], "api");
    let owner = app.login(ACME_OWNER).await;
    let (_, by_agent) = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&owner),
            &json!({"vip_note": "call first"}),
        )
        .await;
    let note = by_agent["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "vip_note")
        .unwrap();
    assert_eq!(note["source"], "agent");
    assert!(
        by_agent["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["key"] == "seats"),
        "other writers' keys survive"
    );
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{id}/custom_data/{}", upsell.id),
            Some(&key),
            &json!({"x": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a key writes only its own app");
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&key),
            &json!({"bad": {"nested": true}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_all_databases!(
    post_contacts_creates_then_finds_and_overwrites,
    patch_changes_only_the_fields_sent_and_refuses_the_rest,
    custom_data_merges_per_key_and_keys_stay_in_their_app,
);

/// `ContactPatch` and `ContactUpsert` share their profile fields: each still refuses every key
/// it does not declare, with serde's message listing the accepted ones (the 422's
/// `details.fields` names the key from it), and only the upsert takes `custom_data`.
#[test]
fn both_contact_bodies_refuse_unknown_keys_naming_the_accepted_ones() {
    use api::routes::contact_views::{ContactPatch, ContactUpsert};
    let profile = "`email`, `external_id`, `name`, `phone`, `company`, `avatar_url`, `time_zone`, `location`";
    let patch_error = |body: &str| {
        serde_json::from_str::<ContactPatch>(body)
            .err()
            .map(|e| e.to_string())
    };
    let upsert_error = |body: &str| {
        serde_json::from_str::<ContactUpsert>(body)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(
        patch_error(r#"{"is_vip": true}"#).as_deref(),
        Some(format!("unknown field `is_vip`, expected one of {profile} at line 1 column 9").as_str())
    );
    assert_eq!(
        patch_error(r#"{"custom_data": {}}"#).as_deref(),
        Some(format!("unknown field `custom_data`, expected one of {profile} at line 1 column 14").as_str())
    );
    assert_eq!(
        upsert_error(r#"{"is_vip": true}"#).as_deref(),
        Some(
            format!("unknown field `is_vip`, expected one of {profile}, `custom_data` at line 1 column 9")
                .as_str()
        )
    );
    let full = r#"{"email": "a@b.co", "external_id": null, "name": "A", "phone": null, "company": "C",
        "avatar_url": null, "time_zone": "Europe/Paris", "location": {"city": "Paris"}}"#;
    assert_eq!(patch_error(full), None);
    assert_eq!(upsert_error(full), None);
    assert_eq!(
        upsert_error(r#"{"email": "a@b.co", "custom_data": {"tier": "gold"}}"#),
        None
    );
}
