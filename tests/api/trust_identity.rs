//! Attacks on identity through the widget (SPEC §3, "What a hash vouches for"): each test is
//! one move a hostile visitor made against the code before these rules, and what holds now.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A contact created by the app's server through the API, the way a real customer exists
/// before a hostile visitor shows up.
async fn customer(app: &TestApp, key: &str, body: Value) -> i64 {
    let (status, created) = app
        .send_json(Method::POST, "/api/v1/contacts", Some(key), &body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

async fn reviews_key(app: &TestApp) -> (DemoApp, String, String) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let owner = app.login(ACME_OWNER).await;
    let key = app
        .api_key(
            &owner,
            reviews.id,
            &["contacts:read", "contacts:write", "events:write"],
        )
        .await;
    (reviews, owner, key)
}

async fn post_message(app: &TestApp, session: &str, content: &str) -> (StatusCode, Value) {
    app.send_json(
        Method::POST,
        "/api/v1/widget/messages",
        Some(session),
        &json!({"content": content}),
    )
    .await
}

async fn sidebar_verified(app: &TestApp, owner: &str, conversation: &str) -> Value {
    let (status, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), owner)
        .await;
    assert_eq!(status, StatusCode::OK, "{sidebar}");
    sidebar["contact"]["verified"].clone()
}

async fn an_unverified_visitor_reopening_a_verified_conversation_takes_the_badge_away(app: TestApp) {
    let (reviews, owner, _) = reviews_key(&app).await;
    let email = "badge@example.com";
    let verified = app.widget_session(&reviews.public_key).await;
    let (_, body) = app
        .identify(
            &verified,
            json!({"email": email, "user_hash": user_hash(&reviews.secret, email)}),
        )
        .await;
    assert_eq!(body["verified"], true);
    let (status, posted) = post_message(&app, &verified, "Hello from the real customer").await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let conversation = posted["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(sidebar_verified(&app, &owner, &conversation).await, true);
    let (status, _) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/conversations/{conversation}/status"),
            Some(&owner),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let spoofer = app.widget_session(&reviews.public_key).await;
    let (_, body) = app.identify(&spoofer, json!({"email": email})).await;
    assert_eq!(body["verified"], false);
    let (status, posted) = post_message(&app, &spoofer, "Please change my payout address").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        posted["conversation_id"], conversation,
        "the resolved thread is reopened"
    );
    assert_eq!(
        sidebar_verified(&app, &owner, &conversation).await,
        false,
        "the badge follows the session that wrote last"
    );
    // A heartbeat of the verified session does not give it back; its next message does.
    let (status, _) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/heartbeat",
            Some(&verified),
            &json!({"visible": true, "active": true}),
        )
        .await;
    assert!(status.is_success());
    assert_eq!(sidebar_verified(&app, &owner, &conversation).await, false);
    post_message(&app, &verified, "It was not me").await;
    assert_eq!(sidebar_verified(&app, &owner, &conversation).await, true);
}

async fn a_signed_external_id_never_takes_over_a_contact_by_its_unsigned_email(app: TestApp) {
    let (reviews, _, key) = reviews_key(&app).await;
    let victim = customer(
        &app,
        &key,
        json!({"email": "victim@example.com", "name": "Vera Victim", "phone": "+1 555 0100", "custom_data": {"plan": "pro"}}),
    )
    .await;
    let attacker = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(
            &attacker,
            json!({
                "external_id": "attacker-1",
                "user_hash": user_hash(&reviews.secret, "attacker-1"),
                "email": "victim@example.com",
                "name": "Mallory",
                "phone": "+1 555 0666",
                "custom_data": {"plan": null}
            }),
        )
        .await;
    assert_eq!((status, body["verified"].clone()), (StatusCode::OK, json!(true)));
    let after = app.contact_where(&format!("id = {victim}")).await.unwrap();
    assert_eq!(after["name"], "Vera Victim");
    assert_eq!(after["phone"], "+1 555 0100");
    assert_eq!(after["external_id"], Value::Null);
    let plan = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {victim} AND key = 'plan'"
        ))
        .await;
    assert_eq!(plan, 1, "the victim's key is not deleted");
    let created = app.contact_where("external_id = 'attacker-1'").await.unwrap();
    assert_ne!(created["id"], victim);
    assert_eq!(created["email"], Value::Null, "the email stays with its owner");
    assert_eq!(created["name"], "Mallory");
}

async fn an_unverified_call_never_moves_a_contacts_shopify_domain(app: TestApp) {
    let (reviews, _, _) = reviews_key(&app).await;
    let merchant = app.widget_session(&reviews.public_key).await;
    let email = "merchant@good-shop.test";
    app.identify(
        &merchant,
        json!({
            "email": email, "user_hash": user_hash(&reviews.secret, email),
            "shop": "good-shop.myshopify.com",
            "shop_hash": user_hash(&reviews.secret, "good-shop.myshopify.com")
        }),
    )
    .await;
    let attacker = app.widget_session(&reviews.public_key).await;
    let (status, _) = app
        .identify(
            &attacker,
            json!({
                "email": email,
                // Any merchant can get a valid shop_hash for its own shop.
                "shop": "evil-shop.myshopify.com",
                "shop_hash": user_hash(&reviews.secret, "evil-shop.myshopify.com")
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let contact = app.contact_where(&format!("email = '{email}'")).await.unwrap();
    assert_eq!(contact["shopify_domain"], "good-shop.myshopify.com");
}

async fn a_kelvin_sign_email_is_never_folded_onto_an_ascii_one(app: TestApp) {
    let (reviews, _, key) = reviews_key(&app).await;
    let kelvin = customer(&app, &key, json!({"email": "kelvin@x.test", "name": "Kelvin"})).await;
    let spoofed = "\u{212A}elvin@x.test";
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(
            &session,
            json!({"email": spoofed, "name": "Not Kelvin", "user_hash": user_hash(&reviews.secret, spoofed)}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["details"]["fields"]["email"].is_string());
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"email": spoofed, "name": "Not Kelvin"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let after = app.contact_where(&format!("id = {kelvin}")).await.unwrap();
    assert_eq!(after["name"], "Kelvin");
}

async fn an_unverified_visitor_cannot_plant_an_external_id_on_a_known_contact(app: TestApp) {
    let (reviews, _, key) = reviews_key(&app).await;
    let known = customer(&app, &key, json!({"email": "paula@example.com"})).await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, _) = app
        .identify(
            &session,
            json!({"email": "paula@example.com", "external_id": "planted-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = app.contact_where(&format!("id = {known}")).await.unwrap();
    assert_eq!(after["external_id"], Value::Null);
    // The app's real identity for her still finds the one contact: no split history.
    let (status, found) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"email": "paula@example.com", "external_id": "user-77"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["id"], known);
    assert_eq!(found["external_id"], "user-77");
}

async fn unverified_junk_keys_never_crowd_out_the_apps_own_custom_data(app: TestApp) {
    let (reviews, owner, key) = reviews_key(&app).await;
    let email = "roomy@example.com";
    let contact = customer(&app, &key, json!({"email": email})).await;
    let junk = |range: std::ops::Range<usize>| -> Value {
        range
            .map(|i| (format!("junk_{i}"), json!("x")))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let visitor = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(&visitor, json!({"email": email, "custom_data": junk(0..20)}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .identify(&visitor, json!({"email": email, "custom_data": junk(20..21)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["details"]["fields"]["custom_data"].is_string());
    // The app's own writes keep their whole room of 100.
    let verified = app.widget_session(&reviews.public_key).await;
    let trusted: serde_json::Map<String, Value> = (0..100).map(|i| (format!("key_{i}"), json!(i))).collect();
    let (status, body) = app
        .identify(
            &verified,
            json!({"email": email, "user_hash": user_hash(&reviews.secret, email), "custom_data": trusted}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/contacts",
            Some(&key),
            &json!({"email": email, "custom_data": {"key_0": "updated"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let count = |verified: &str| {
        format!(
            "SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {contact} AND verified = {verified}"
        )
    };
    let trusted_keys = app.scalar_i64(&count("TRUE")).await;
    let visitor_keys = app.scalar_i64(&count("FALSE")).await;
    assert_eq!((trusted_keys, visitor_keys), (100, 20));
    // Provenance tells agents which keys are only the visitor's claim.
    let (_, profile) = app.get_json(&format!("/api/v1/contacts/{contact}"), &owner).await;
    let items = profile["custom_data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|group| group["app_id"] == reviews.id)
        .unwrap()["items"]
        .as_array()
        .unwrap()
        .clone();
    let junk_entry = items.iter().find(|item| item["key"] == "junk_0").unwrap();
    assert_eq!(junk_entry["verified"], false, "{junk_entry}");
    let own_entry = items.iter().find(|item| item["key"] == "key_0").unwrap();
    assert_eq!(
        (own_entry["verified"].clone(), own_entry["source"].clone()),
        (json!(true), json!("api"))
    );
}

async fn require_identity_verification_stops_sessions_opened_before_the_switch(app: TestApp) {
    let (reviews, owner, _) = reviews_key(&app).await;
    let old = app.widget_session(&reviews.public_key).await;
    app.identify(&old, json!({"email": "early@example.com"})).await;
    let (status, _) = post_message(&app, &old, "Before the switch").await;
    assert_eq!(status, StatusCode::CREATED);
    let signed = app.widget_session(&reviews.public_key).await;
    let email = "signed@example.com";
    app.identify(
        &signed,
        json!({"email": email, "user_hash": user_hash(&reviews.secret, email)}),
    )
    .await;
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", reviews.id),
            Some(&owner),
            &json!({"require_identity_verification": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let messages = app.count("messages").await;
    let (status, body) = post_message(&app, &old, "After the switch").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(error_code(&body), "identity_verification_required");
    let (status, body) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/heartbeat",
            Some(&old),
            &json!({"visible": true, "active": true}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(app.count("messages").await, messages, "nothing was written");
    let (status, _) = post_message(&app, &signed, "Verified visitors carry on").await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn an_avatar_set_by_an_unverified_visitor_is_reported_untrusted(app: TestApp) {
    let (reviews, owner, key) = reviews_key(&app).await;
    let email = "avatar@example.com";
    let contact = customer(&app, &key, json!({"email": email})).await;
    let visitor = app.widget_session(&reviews.public_key).await;
    app.identify(
        &visitor,
        json!({"email": email, "avatar_url": "https://tracker.example/pixel.png"}),
    )
    .await;
    let (status, posted) = post_message(&app, &visitor, "Hi").await;
    assert_eq!(status, StatusCode::CREATED);
    let conversation = posted["conversation_id"].as_str().unwrap();
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
        .await;
    assert_eq!(
        sidebar["contact"]["avatar_url"],
        "https://tracker.example/pixel.png"
    );
    assert_eq!(sidebar["contact"]["avatar_trusted"], false);
    let (_, profile) = app.get_json(&format!("/api/v1/contacts/{contact}"), &owner).await;
    assert_eq!(profile["avatar_trusted"], false, "{profile}");
    // An agent (a trusted writer) setting it makes it trusted.
    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{contact}"),
            Some(&owner),
            &json!({"avatar_url": "https://cdn.example/real.png"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
        .await;
    assert_eq!(sidebar["contact"]["avatar_trusted"], true);
}

on_all_databases!(
    an_unverified_visitor_reopening_a_verified_conversation_takes_the_badge_away,
    a_signed_external_id_never_takes_over_a_contact_by_its_unsigned_email,
    an_unverified_call_never_moves_a_contacts_shopify_domain,
    a_kelvin_sign_email_is_never_folded_onto_an_ascii_one,
    an_unverified_visitor_cannot_plant_an_external_id_on_a_known_contact,
    unverified_junk_keys_never_crowd_out_the_apps_own_custom_data,
    require_identity_verification_stops_sessions_opened_before_the_switch,
    an_avatar_set_by_an_unverified_visitor_is_reported_untrusted,
);
