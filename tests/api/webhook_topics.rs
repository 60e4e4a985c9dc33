//! Which contact changes reach integrators, and which apps hear of them: a contact's topics go
//! to the endpoints of every app that has seen it (an `app_contacts` row), never to another
//! app's; repeats that change nothing send nothing; an erasure takes the contact's messages
//! with it and leaves only contact.deleted.
use crate::helpers::*;
use crate::on_all_databases;
use crate::waiting::eventually;
use crate::webhook_receiver::{verify_with_reference_library, Received, Receiver};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const WITHIN: Duration = Duration::from_secs(20);

const CONTACT_TOPICS: &[&str] = &[
    "contact.created",
    "contact.identified",
    "contact.updated",
    "contact.merged",
    "contact.deleted",
    "contact.tag_added",
    "contact.tag_removed",
];

/// An endpoint of `app_id` for every contact topic; returns its secret.
async fn subscribe(app: &TestApp, owner: &str, app_id: i64, url: &str) -> String {
    let (status, created) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{app_id}/webhooks"),
            Some(owner),
            &json!({"url": url, "topics": CONTACT_TOPICS}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["secret"].as_str().unwrap().to_owned()
}

/// Waits until exactly `count` requests arrived (a request more than expected fails later
/// checks), and returns them.
async fn received(receiver: &Receiver, count: usize) -> Vec<Received> {
    eventually("the receiver got the messages", WITHIN, || async {
        let seen = receiver.seen();
        (seen.len() >= count).then_some(seen)
    })
    .await
}

fn types(seen: &[Received]) -> Vec<String> {
    let mut types: Vec<String> = seen
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    types.sort();
    types
}

fn sorted(topics: &[&str]) -> Vec<String> {
    let mut topics: Vec<String> = topics.iter().map(|t| (*t).to_owned()).collect();
    topics.sort();
    topics
}

fn of_type(seen: &[Received], topic: &str) -> Vec<Value> {
    seen.iter()
        .map(Received::json)
        .filter(|body| body["type"] == topic)
        .collect()
}

/// Until nothing is queued: what the receiver has then is everything that was sent.
async fn settled(app: &TestApp) {
    eventually("every queued message was delivered", WITHIN, || async {
        let pending = app
            .scalar_i64("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")
            .await;
        (pending == 0).then_some(())
    })
    .await
}

/// A visitor identifies, is identified again (no news), an agent renames them, tags and
/// untags them (a repeated tag is no news), a second visitor is merged into them, and they
/// are erased: the app that saw them hears each once; another app of the organization
/// hears nothing; the reference library verifies every message.
async fn a_contacts_life_reaches_the_apps_that_saw_it(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    let receiver = Receiver::start().await;
    let bystander = Receiver::start().await;
    let secret = subscribe(&app, &owner, reviews.id, &receiver.url).await;
    subscribe(&app, &owner, upsell.id, &bystander.url).await;

    let session = app.widget_session(&reviews.public_key).await;
    let identity = json!({"email": "hooked@webhooks.test", "name": "Hook Person"});
    let (status, body) = app.identify(&session, identity.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let seen = received(&receiver, 2).await;
    assert_eq!(types(&seen), sorted(&["contact.created", "contact.identified"]));
    let contact = seen[0].json()["data"]["id"].as_i64().unwrap();
    assert_eq!(seen[0].json()["data"]["email"], "hooked@webhooks.test");
    app.identify(&session, identity).await;

    let (status, body) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{contact}"),
            Some(&owner),
            &json!({"name": "Hook Renamed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, tag) = app
        .send_json(
            Method::POST,
            "/api/v1/tags",
            Some(&owner),
            &json!({"name": "hooked", "scope": "contact"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{tag}");
    let tag_path = format!("/api/v1/contacts/{contact}/tags/{}", tag["id"]);
    for method in [Method::PUT, Method::PUT, Method::DELETE] {
        let response = app.request(method, &tag_path, Some(&owner)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }

    let other_session = app.widget_session(&reviews.public_key).await;
    app.identify(&other_session, json!({"email": "dup@webhooks.test"}))
        .await;
    let duplicate = app
        .scalar_i64("SELECT id FROM contacts WHERE email = 'dup@webhooks.test'")
        .await;
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{contact}/merge"),
            Some(&owner),
            &json!({"from_contact_id": duplicate}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    settled(&app).await;
    let seen = receiver.seen();
    assert_eq!(
        types(&seen),
        sorted(&[
            "contact.created",
            "contact.identified",
            "contact.updated",
            "contact.tag_added",
            "contact.tag_removed",
            "contact.created",
            "contact.identified",
            "contact.merged",
        ]),
        "once per change, nothing for repeats"
    );
    assert_eq!(
        of_type(&seen, "contact.updated")[0]["data"]["name"],
        "Hook Renamed"
    );
    let tagged = &of_type(&seen, "contact.tag_added")[0]["data"];
    assert_eq!(
        *tagged,
        json!({"contact_id": contact, "tag_id": tag["id"], "tag_name": "hooked"})
    );
    let merged = &of_type(&seen, "contact.merged")[0]["data"];
    assert_eq!(
        (
            merged["contact"]["id"].as_i64(),
            merged["merged_contact_id"].as_i64()
        ),
        (Some(contact), Some(duplicate))
    );
    assert!(verify_with_reference_library(&secret, &seen)
        .iter()
        .all(|v| v == "ok"));

    let about_them = format!("SELECT COUNT(*) FROM webhook_messages WHERE contact_id = {contact}");
    assert!(
        app.scalar_i64(&about_them).await >= 8,
        "the log keeps what was sent about them"
    );
    let response = app
        .request(
            Method::DELETE,
            &format!("/api/v1/contacts/{contact}"),
            Some(&owner),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let seen = received(&receiver, 9).await;
    let deleted = of_type(&seen, "contact.deleted");
    assert_eq!(
        deleted[0]["data"],
        json!({"id": contact}),
        "only the id of an erased contact"
    );
    assert_eq!(app.scalar_i64(&about_them).await, 0, "its messages went with it");
    let remembered = app
        .scalar_i64("SELECT COUNT(*) FROM webhook_messages WHERE payload LIKE '%webhooks.test%'")
        .await;
    assert_eq!(
        remembered, 0,
        "nothing of the erased contact stays in the delivery log"
    );
    settled(&app).await;
    assert_eq!(receiver.seen().len(), 9);
    assert!(
        bystander.seen().is_empty(),
        "an app that never saw the contact hears nothing"
    );
}

/// The server API's find-or-create: a new contact is contact.created, the same write again
/// is nothing, a changed field is contact.updated.
async fn server_writes_send_created_then_updated_only_on_change(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["contacts:write"]).await;
    let receiver = Receiver::start().await;
    subscribe(&app, &owner, reviews.id, &receiver.url).await;
    for name in ["Server Person", "Server Person", "Server Person II"] {
        let (status, body) = app
            .send_json(
                Method::POST,
                "/api/v1/contacts",
                Some(&key),
                &json!({"external_id": "srv-1", "email": "server@webhooks.test", "name": name}),
            )
            .await;
        assert!(status.is_success(), "{status} {body}");
    }
    settled(&app).await;
    let seen = received(&receiver, 2).await;
    assert_eq!(types(&seen), sorted(&["contact.created", "contact.updated"]));
    assert_eq!(
        of_type(&seen, "contact.updated")[0]["data"]["name"],
        "Server Person II"
    );
    assert_eq!(
        of_type(&seen, "contact.created")[0]["data"]["external_id"],
        "srv-1"
    );
}

on_all_databases!(
    a_contacts_life_reaches_the_apps_that_saw_it,
    server_writes_send_created_then_updated_only_on_change,
);
