//! `POST /widget/identify`: matching, verification, fill-only rules and merging (SPEC §3).
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn an_unverified_identify_creates_a_contact_from_what_it_sends(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(&session, json!({"email": "New.Person@Example.com", "name": "New Person", "time_zone": "Europe/Paris", "custom_data": {"plan": "free"}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"verified": false}), "nothing stored is sent back");
    let contact = app
        .contact_where("email = 'new.person@example.com'")
        .await
        .expect("contact created");
    assert_eq!(contact["name"], "New Person");
    assert_eq!(contact["time_zone"], "Europe/Paris");
    let stored = app.scalar_i64(&format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {} AND key = 'plan' AND source = 'identify'", contact["id"])).await;
    assert_eq!(stored, 1);
    let seen = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE id = {} AND last_seen_at IS NOT NULL",
            contact["id"]
        ))
        .await;
    assert_eq!(seen, 1, "identify counts as being seen");
}

async fn unverified_calls_only_fill_blanks_and_never_delete(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let olivia = app
        .contact_where("email = 'olivia@northwind-outfitters.com' AND name = 'Olivia Bennett'")
        .await
        .unwrap();
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(
            &session,
            json!({
                "email": "olivia@northwind-outfitters.com",
                "name": "Spoofed Name",
                "avatar_url": "https://example.com/olivia.png",
                "custom_data": {"plan": "hacked", "theme": null, "brand_new_key": 7}
            }),
        )
        .await;
    assert_eq!(
        (status, body["verified"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let after = app
        .contact_where(&format!("id = {}", olivia["id"]))
        .await
        .unwrap();
    assert_eq!(
        after["name"], "Olivia Bennett",
        "a stored name is never overwritten unverified"
    );
    let avatar = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contacts WHERE id = {} AND avatar_url = 'https://example.com/olivia.png'",
            olivia["id"]
        ))
        .await;
    assert_eq!(avatar, 1, "a blank field is filled");
    let id = olivia["id"].as_i64().unwrap();
    let plan_kept = app.scalar_i64(&format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {id} AND key = 'plan' AND value <> '\"hacked\"'")).await;
    assert_eq!(
        plan_kept, 1,
        "a stored custom value is never overwritten unverified"
    );
    let theme_kept = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {id} AND key = 'theme'"
        ))
        .await;
    assert_eq!(theme_kept, 1, "null deletes only when verified");
    let new_key = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {id} AND key = 'brand_new_key'"
        ))
        .await;
    assert_eq!(new_key, 1, "a missing key is filled");
}

async fn a_verified_identify_overwrites_and_deletes(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let external_id = "northwind-outfitters.myshopify.com";
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(
            &session,
            json!({
                "external_id": external_id,
                "user_hash": user_hash(&reviews.secret, external_id),
                "name": "Olivia B.",
                "custom_data": {"plan": "business", "theme": null}
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["verified"], true);
    let olivia = app.contact_where(&format!("external_id = '{external_id}' AND organization_id = (SELECT id FROM organizations WHERE name = 'Acme Apps')")).await.unwrap();
    assert_eq!(olivia["name"], "Olivia B.");
    assert_eq!(
        olivia["shopify_domain"], external_id,
        "a verified myshopify external_id links the shop"
    );
    let id = olivia["id"].as_i64().unwrap();
    assert_eq!(app.scalar_i64(&format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {id} AND app_id = {} AND key = 'theme'", reviews.id)).await, 0);
    assert_eq!(app.scalar_i64(&format!("SELECT COUNT(*) FROM custom_attributes WHERE contact_id = {id} AND key = 'plan' AND value = '\"business\"'")).await, 1);
}

async fn another_apps_hash_counts_as_unverified(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (_, body) = app
        .identify(
            &session,
            json!({"external_id": "user-42", "user_hash": user_hash(&upsell.secret, "user-42"), "name": "X"}),
        )
        .await;
    assert_eq!(body["verified"], false);
    let (_, body) = app
        .identify(
            &session,
            json!({"external_id": "user-42", "user_hash": "not-hex"}),
        )
        .await;
    assert_eq!(body["verified"], false, "a malformed hash is treated as absent");
}

async fn require_mode_refuses_unverified_calls_and_writes_nothing(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let owner = app.login(ACME_OWNER).await;
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/apps/{}", reviews.id),
            Some(&owner),
            &json!({"require_identity_verification": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let contacts_before = app.count("contacts").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, body) = app
        .identify(
            &session,
            json!({"email": "mallory@example.com", "name": "Mallory"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "identity_verification_required");
    assert_eq!(app.count("contacts").await, contacts_before);
    let (status, body) = app
        .identify(&session, json!({"email": "mallory@example.com", "user_hash": user_hash(&reviews.secret, "mallory@example.com")}))
        .await;
    assert_eq!((status, body["verified"].as_bool()), (StatusCode::OK, Some(true)));
    assert_eq!(app.count("contacts").await, contacts_before + 1);
}

async fn external_id_wins_over_email_and_a_different_external_id_is_another_person(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    // Olivia's email with someone else's external_id: a different person, a new contact.
    let (status, _) = app
        .identify(&session, json!({"email": "olivia@northwind-outfitters.com", "external_id": "someone-else", "name": "Someone Else"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let other = app
        .contact_where("external_id = 'someone-else'")
        .await
        .expect("a new contact");
    assert_eq!(
        other["email"],
        serde_json::Value::Null,
        "the email stays with its owner"
    );
    let olivia = app
        .contact_where("email = 'olivia@northwind-outfitters.com' AND name = 'Olivia Bennett'")
        .await
        .unwrap();
    assert_eq!(olivia["external_id"], "northwind-outfitters.myshopify.com");
    // An external_id match wins even when the email points at another contact.
    let session = app.widget_session(&reviews.public_key).await;
    app.identify(
        &session,
        json!({"external_id": "someone-else", "email": "priya@lotusleaf.in"}),
    )
    .await;
    let again = app.contact_where("external_id = 'someone-else'").await.unwrap();
    assert_eq!(again["id"], other["id"]);
}

async fn an_anonymous_visitor_is_merged_into_the_contact_they_identify_as(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let (status, posted) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "Hello, anyone there?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let conversation = posted["conversation_id"].as_str().unwrap().to_owned();
    // UUIDs are blobs on SQLite, so rows are found through the message text instead.
    let owner_sql = "SELECT contact_id FROM conversations WHERE id = (SELECT conversation_id FROM messages WHERE content = 'Hello, anyone there?')";
    let visitor = app.scalar_i64(owner_sql).await;
    app.identify(&session, json!({"time_zone": "Asia/Tokyo"})).await;
    let kenji = app
        .contact_where("email = 'kenji@kumo-ceramics.jp'")
        .await
        .unwrap();
    let (status, _) = app
        .identify(&session, json!({"email": "kenji@kumo-ceramics.jp"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let owner = app.scalar_i64(owner_sql).await;
    assert_eq!(
        owner,
        kenji["id"].as_i64().unwrap(),
        "the conversation moved to the known contact"
    );
    assert!(
        app.contact_where(&format!("id = {visitor}")).await.is_none(),
        "the anonymous contact is gone"
    );
    let messages = "SELECT COUNT(*) FROM messages WHERE conversation_id = (SELECT conversation_id FROM messages WHERE content = 'Hello, anyone there?')";
    assert_eq!(app.scalar_i64(messages).await, 1, "nothing lost");
    // A later message from the same session lands in the same conversation.
    let (_, again) = app
        .send_json(
            Method::POST,
            "/api/v1/widget/messages",
            Some(&session),
            &json!({"content": "It's Kenji"}),
        )
        .await;
    assert_eq!(again["conversation_id"].as_str().unwrap(), conversation);
}

async fn a_verified_shop_sets_the_shopify_domain_and_an_unverified_one_does_not(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    app.identify(
        &session,
        json!({"email": "merchant@shop.test", "shop": "real-shop.myshopify.com", "shop_hash": "00"}),
    )
    .await;
    assert_eq!(
        app.contact_where("email = 'merchant@shop.test'").await.unwrap()["shopify_domain"],
        serde_json::Value::Null
    );
    // A verified shop on a new visitor's first identify links the contact it creates.
    let fresh = app.widget_session(&reviews.public_key).await;
    app.identify(
        &fresh,
        json!({
            "email": "owner@real-shop.test",
            "shop": "real-shop.myshopify.com",
            "shop_hash": user_hash(&reviews.secret, "real-shop.myshopify.com")
        }),
    )
    .await;
    assert_eq!(
        app.contact_where("email = 'owner@real-shop.test'").await.unwrap()["shopify_domain"],
        "real-shop.myshopify.com"
    );
    // On a known contact it takes a verified identity as well.
    app.identify(
        &session,
        json!({
            "email": "merchant@shop.test",
            "user_hash": user_hash(&reviews.secret, "merchant@shop.test"),
            "shop": "other-shop.myshopify.com",
            "shop_hash": user_hash(&reviews.secret, "other-shop.myshopify.com")
        }),
    )
    .await;
    assert_eq!(
        app.contact_where("email = 'merchant@shop.test'").await.unwrap()["shopify_domain"],
        "other-shop.myshopify.com"
    );
    let (status, body) = app.identify(&session, json!({"shop": "evil.com"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["details"]["fields"]["shop"].is_string());
}

async fn identify_limits_are_422_and_write_nothing(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let many: serde_json::Map<String, serde_json::Value> =
        (0..101).map(|i| (format!("k{i}"), json!(i))).collect();
    let contacts_before = app.count("contacts").await;
    for (label, payload, field) in [
        (
            "nested value",
            json!({"email": "a@limits.test", "custom_data": {"deep": {"x": 1}}}),
            "custom_data.deep",
        ),
        (
            "array value",
            json!({"email": "a@limits.test", "custom_data": {"list": [1, 2]}}),
            "custom_data.list",
        ),
        (
            "101 keys",
            json!({"email": "a@limits.test", "custom_data": many}),
            "custom_data",
        ),
        (
            "long key",
            json!({"email": "a@limits.test", "custom_data": {"k".repeat(65): 1}}),
            "custom_data.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
        ),
        (
            "long string",
            json!({"email": "a@limits.test", "custom_data": {"bio": "x".repeat(1001)}}),
            "custom_data.bio",
        ),
        (
            "javascript avatar",
            json!({"email": "a@limits.test", "avatar_url": "javascript:alert(1)"}),
            "avatar_url",
        ),
        ("bad email", json!({"email": "not an email"}), "email"),
        (
            "bad time zone",
            json!({"email": "a@limits.test", "time_zone": "Mars/Base"}),
            "time_zone",
        ),
    ] {
        let (status, body) = app.identify(&session, payload).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{label}: {body}"
        );
    }
    let (status, body) = app
        .identify(&session, json!({"email": "a@limits.test", "is_admin": true}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused: {body}"
    );
    assert_eq!(app.count("contacts").await, contacts_before);
}

async fn sessions_need_a_known_app_and_calls_need_a_valid_session(app: TestApp) {
    app.seed_demo().await;
    for bad in ["app_doesnotexist", "", "nonsense", &"app_".repeat(40)] {
        let (status, body) = app
            .send_json(
                Method::POST,
                "/api/v1/widget/sessions",
                None,
                &json!({"app_id": bad}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(error_code(&body), "unknown_app");
    }
    let reviews = app.demo_app("Product Reviews").await;
    let session = app.widget_session(&reviews.public_key).await;
    let last = if session.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &session[..session.len() - 1]);
    for token in ["ws_1.1.nope", "garbage", forged.as_str()] {
        let (status, body) = app.identify(token, json!({"name": "x"})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token}");
        assert_eq!(error_code(&body), "unauthenticated");
    }
}

on_all_databases!(
    an_unverified_identify_creates_a_contact_from_what_it_sends,
    unverified_calls_only_fill_blanks_and_never_delete,
    a_verified_identify_overwrites_and_deletes,
    another_apps_hash_counts_as_unverified,
    require_mode_refuses_unverified_calls_and_writes_nothing,
    external_id_wins_over_email_and_a_different_external_id_is_another_person,
    an_anonymous_visitor_is_merged_into_the_contact_they_identify_as,
    a_verified_shop_sets_the_shopify_domain_and_an_unverified_one_does_not,
    identify_limits_are_422_and_write_nothing,
    sessions_need_a_known_app_and_calls_need_a_valid_session,
);
