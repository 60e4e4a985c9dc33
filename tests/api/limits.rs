//! Limits on every operation, read from the OpenAPI document so a new operation is covered:
//! every body over 256 KiB is 413, every body field the schema does not declare is refused
//! (no mass assignment of `organization_id`, `id` or anything else), and every list's `limit`
//! above 100 is 422 — each without a row changing.
use crate::fixtures::PathIds;
use crate::helpers::*;
use crate::migrations::row_counts;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Operations whose body is a free-form map by design (custom data keys are the caller's).
const FREE_FORM_BODIES: &[&str] = &[
    "PATCH /api/v1/contacts/{id}/custom_data/{app_id}",
    // A CSV upload (multipart or text/csv), not a JSON object: its refusals are in imports.rs.
    "POST /api/v1/contacts/imports",
];

struct Credentials {
    owner: String,
    key: String,
    session: String,
}

impl Credentials {
    /// A caller the operation accepts: an agent if it may, else an API key, else the widget.
    fn for_operation(&self, operation: &Value) -> Option<&str> {
        let schemes: Vec<&str> = operation["security"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|requirement| requirement.as_object().unwrap().keys().map(String::as_str))
            .collect();
        if schemes.contains(&"agent_token") {
            Some(&self.owner)
        } else if schemes.contains(&"api_key") {
            Some(&self.key)
        } else if schemes.contains(&"widget_session") {
            Some(&self.session)
        } else {
            None
        }
    }
}

async fn every_operation_enforces_body_field_and_list_limits(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let scopes = [
        "contacts:read",
        "contacts:write",
        "events:write",
        "conversations:read",
        "conversations:write",
    ];
    let credentials = Credentials {
        owner: owner.clone(),
        key: app.api_key(&owner, reviews.id, &scopes).await,
        session: app.widget_session(&reviews.public_key).await,
    };
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (_, conversation) = app
        .latest_conversation(&owner, "olivia@northwind-outfitters.com")
        .await;
    let tag = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'follow-up'")
        .await;
    let ids = PathIds {
        app: reviews.id,
        contact,
        conversation,
        tag,
        key: 1,
        import: 1,
        email: "cc@example.com".into(),
        note: 1,
        webhook: 1,
        delivery: 1,
    };
    let document = serde_json::to_value(api::openapi::document()).unwrap();
    let before = row_counts(&app).await;
    let oversized = format!("{{\"padding\": \"{}\"}}", "x".repeat(300 * 1024));
    let (mut bodies, mut lists) = (0, 0);
    for (template, item) in document["paths"].as_object().unwrap() {
        let path = ids.fill(template);
        for (method, operation) in item.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let name = format!("{method} {template}");
            let token = credentials.for_operation(operation);
            let send = |method: Method, path: String| {
                let request = app.request(method, &path, token);
                request.header("Content-Type", "application/json")
            };
            if operation["requestBody"].is_object() {
                bodies += 1;
                let response = send(method.clone(), path.clone())
                    .body(oversized.clone())
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{name}: {body}");
                assert_eq!(error_code(&body), "payload_too_large");
                if !FREE_FORM_BODIES.contains(&name.as_str()) {
                    for field in ["organization_id", "id", "created_at"] {
                        let (status, body) = app
                            .send_json(method.clone(), &path, token, &json!({ field: 2 }))
                            .await;
                        assert_eq!(
                            status,
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "{name} with {field}: {body}"
                        );
                        assert_eq!(error_code(&body), "validation_failed");
                        assert!(
                            body["error"]["details"]["fields"][field].is_string(),
                            "{name}: the refusal names {field}: {body}"
                        );
                    }
                }
            }
            let pages = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == "limit" && p["in"] == "query");
            if pages {
                lists += 1;
                let (status, body) = app
                    .get_json(&format!("{path}?limit=101"), token.unwrap_or(""))
                    .await;
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{name}?limit=101: {body}"
                );
                assert!(body["error"]["details"]["fields"]["limit"].is_string(), "{body}");
            }
        }
    }
    assert!(bodies >= 17 && lists >= 8, "{bodies} bodies, {lists} lists");
    assert_eq!(row_counts(&app).await, before, "no row changed");
}

on_all_databases!(every_operation_enforces_body_field_and_list_limits);
