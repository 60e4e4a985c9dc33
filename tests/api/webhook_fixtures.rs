//! The webhook tests' common ground: the demo organization's owner, the "Product Reviews"
//! app with an API key, a contact to post events for, and an endpoint on a receiver.
use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// The demo organization's owner, the "Product Reviews" app, an API key of it and a contact.
pub struct Setup {
    pub owner: String,
    pub app_id: i64,
    pub key: String,
    pub contact: i64,
}

pub async fn setup(app: &TestApp) -> Setup {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(&owner, reviews.id, &["contacts:read", "events:write"])
        .await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'sofia@pastaria.it'")
        .await;
    Setup {
        owner,
        app_id: reviews.id,
        key,
        contact,
    }
}

pub async fn create_endpoint(app: &TestApp, s: &Setup, url: &str, topics: &[&str]) -> Value {
    let (status, created) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{}/webhooks", s.app_id),
            Some(&s.owner),
            &json!({"url": url, "topics": topics, "description": "CRM sync"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

pub async fn post_event(app: &TestApp, s: &Setup, name: &str) -> Value {
    let (status, event) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{}/events", s.contact),
            Some(&s.key),
            &json!({"name": name, "properties": {"plan": "pro"}}),
        )
        .await;
    assert!(status.is_success(), "{status} {event}");
    event
}
