//! Organizations never see each other's data, and agents only see the apps they operate.
//! Every id-taking operation of the OpenAPI document is tried with another organization's
//! credentials; the test fails when an operation is added without being covered here.
use crate::fixtures::PathIds;
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const AGENTS: u8 = 1;
const KEYS: u8 = 2;
const BOTH: u8 = AGENTS | KEYS;

/// Every operation whose path takes an id: who may call it at all, and a body that would be
/// valid for the owning organization.
#[rustfmt::skip]
fn id_taking_operations() -> Vec<(Method, &'static str, u8, Value)> {
    vec![
        (Method::GET, "/api/v1/apps/{id}", AGENTS, Value::Null),
        (Method::PATCH, "/api/v1/apps/{id}", AGENTS, json!({"name": "Taken over"})),
        (Method::POST, "/api/v1/apps/{id}/identity_secret", AGENTS, Value::Null),
        (Method::GET, "/api/v1/apps/{id}/api_keys", AGENTS, Value::Null),
        (Method::POST, "/api/v1/apps/{id}/api_keys", AGENTS, json!({"name": "stolen", "scopes": ["contacts:read"]})),
        (Method::DELETE, "/api/v1/apps/{id}/api_keys/{key_id}", AGENTS, Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks", AGENTS, Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks", AGENTS, json!({"url": "https://hooks.globex.test/", "topics": ["event.created"]})),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}", AGENTS, Value::Null),
        (Method::PATCH, "/api/v1/apps/{id}/webhooks/{webhook_id}", AGENTS, json!({"url": "https://hooks.globex.test/"})),
        (Method::DELETE, "/api/v1/apps/{id}/webhooks/{webhook_id}", AGENTS, Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}/secret", AGENTS, Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/secret", AGENTS, Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/test", AGENTS, Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries", AGENTS, Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", AGENTS, Value::Null),
        (Method::GET, "/api/v1/contacts/{id}", BOTH, Value::Null),
        (Method::PATCH, "/api/v1/contacts/{id}", BOTH, json!({"name": "Taken over"})),
        (Method::DELETE, "/api/v1/contacts/{id}", AGENTS, Value::Null),
        (Method::POST, "/api/v1/contacts/{id}/merge", AGENTS, json!({"from_contact_id": 2})),
        (Method::PATCH, "/api/v1/contacts/{id}/custom_data/{app_id}", BOTH, json!({"owned": true})),
        (Method::GET, "/api/v1/contacts/{id}/events", BOTH, Value::Null),
        (Method::POST, "/api/v1/contacts/{id}/events", KEYS, json!({"name": "owned"})),
        (Method::GET, "/api/v1/contacts/{id}/conversations", BOTH, Value::Null),
        (Method::GET, "/api/v1/contacts/{id}/shopify", AGENTS, Value::Null),
        (Method::GET, "/api/v1/contacts/{id}/export.json", AGENTS, Value::Null),
        (Method::PUT, "/api/v1/contacts/{id}/tags/{tag_id}", AGENTS, Value::Null),
        (Method::DELETE, "/api/v1/contacts/{id}/tags/{tag_id}", AGENTS, Value::Null),
        (Method::GET, "/api/v1/contacts/{id}/notes", AGENTS, Value::Null),
        (Method::POST, "/api/v1/contacts/{id}/notes", AGENTS, json!({"body": "owned"})),
        (Method::PATCH, "/api/v1/contacts/{id}/notes/{note_id}", AGENTS, json!({"body": "Taken over"})),
        (Method::DELETE, "/api/v1/contacts/{id}/notes/{note_id}", AGENTS, Value::Null),
        (Method::GET, "/api/v1/conversations/{id}", BOTH, Value::Null),
        (Method::GET, "/api/v1/conversations/{id}/messages", BOTH, Value::Null),
        (Method::POST, "/api/v1/conversations/{id}/messages", AGENTS, json!({"type": "note", "content": "owned"})),
        (Method::POST, "/api/v1/conversations/{id}/status", AGENTS, json!({"status": "resolved"})),
        (Method::GET, "/api/v1/conversations/{id}/sidebar", AGENTS, Value::Null),
        (Method::GET, "/api/v1/conversations/{id}/cc_emails", AGENTS, Value::Null),
        (Method::POST, "/api/v1/conversations/{id}/cc_emails", AGENTS, json!({"email": "spy@globex.test"})),
        (Method::DELETE, "/api/v1/conversations/{id}/cc_emails/{email}", AGENTS, Value::Null),
        (Method::PUT, "/api/v1/conversations/{id}/tags/{tag_id}", AGENTS, Value::Null),
        (Method::DELETE, "/api/v1/conversations/{id}/tags/{tag_id}", AGENTS, Value::Null),
        (Method::PATCH, "/api/v1/tags/{id}", AGENTS, json!({"name": "taken-over"})),
        (Method::DELETE, "/api/v1/tags/{id}", AGENTS, Value::Null),
        (Method::GET, "/api/v1/contacts/imports/{id}", AGENTS, Value::Null),
    ]
}

#[test]
fn every_id_taking_operation_of_the_spec_is_in_the_tenancy_matrix() {
    let document = serde_json::to_value(api::openapi::document()).unwrap();
    let mut in_spec = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.contains('{') {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            in_spec.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let covered: BTreeSet<String> = id_taking_operations()
        .iter()
        .map(|(m, p, _, _)| format!("{m} {p}"))
        .collect();
    assert_eq!(
        in_spec, covered,
        "add the new id-taking operation to id_taking_operations()"
    );
}

/// An endpoint of the app with one delivery in its log (to a receiver that is not there: the
/// delivery stays in its log, failing).
async fn acme_webhook(app: &TestApp, owner: &str, app_id: i64) -> (i64, i64) {
    let (status, endpoint) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/apps/{app_id}/webhooks"),
            Some(owner),
            &json!({"url": "http://127.0.0.1:9/hooks", "topics": ["event.created"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{endpoint}");
    let test_path = format!("/api/v1/apps/{app_id}/webhooks/{}/test", endpoint["id"]);
    let (status, delivery) = app
        .send_json(Method::POST, &test_path, Some(owner), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{delivery}");
    (endpoint["id"].as_i64().unwrap(), delivery["id"].as_i64().unwrap())
}

/// A fingerprint of the rows an attack could change.
async fn acme_state(app: &TestApp) -> Vec<i64> {
    let mut state = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM contacts",
        "SELECT COUNT(*) FROM contact_events",
        "SELECT COUNT(*) FROM custom_attributes",
        "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL",
        "SELECT COUNT(*) FROM apps WHERE name = 'Taken over'",
        "SELECT COUNT(*) FROM contacts WHERE name = 'Taken over'",
        "SELECT COUNT(DISTINCT identity_secret) FROM apps",
        "SELECT COUNT(*) FROM tags",
        "SELECT COUNT(*) FROM contact_tags",
        "SELECT COUNT(*) FROM conversation_tags",
        "SELECT COUNT(*) FROM cc_emails",
        "SELECT COUNT(*) FROM tags WHERE name = 'taken-over'",
        "SELECT COUNT(*) FROM messages",
        "SELECT COUNT(*) FROM conversations WHERE status = 'resolved'",
        "SELECT COUNT(*) FROM contact_notes",
        "SELECT COUNT(*) FROM contact_notes WHERE body = 'Taken over'",
        "SELECT COUNT(*) FROM webhook_endpoints",
        "SELECT COUNT(*) FROM webhook_endpoints WHERE url LIKE '%globex%'",
        "SELECT COUNT(*) FROM webhook_deliveries",
        "SELECT COUNT(*) FROM webhook_messages",
        "SELECT COUNT(*) FROM webhook_endpoints WHERE previous_secret IS NOT NULL",
    ] {
        state.push(app.scalar_i64(sql).await);
    }
    state
}

async fn another_organizations_ids_are_404_on_every_id_endpoint_and_change_nothing(app: TestApp) {
    app.seed_demo().await;
    let acme_owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let acme_key = app.api_key(&acme_owner, reviews.id, &["contacts:read"]).await;
    let key_id: i64 = acme_key
        .trim_start_matches("ck_")
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, conversations) = app.get_json("/api/v1/conversations?limit=1", &acme_owner).await;
    let conversation = conversations["items"][0]["id"].as_str().unwrap().to_owned();
    let cc_path = format!("/api/v1/conversations/{conversation}/cc_emails");
    let (status, _) = app
        .send_json(
            Method::POST,
            &cc_path,
            Some(&acme_owner),
            &json!({"email": "cc@acme.test"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let tag = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'follow-up'")
        .await;
    let note = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM contact_notes WHERE contact_id = {contact}"
        ))
        .await;
    let import = app
        .request(Method::POST, "/api/v1/contacts/imports", Some(&acme_owner))
        .header("content-type", "text/csv")
        .body("email\nimported@acme.test\n")
        .send()
        .await
        .unwrap();
    assert_eq!(import.status(), StatusCode::ACCEPTED);
    let import: Value = import.json().await.unwrap();
    // Finished before the snapshot below, so its contact is not counted as an attack's change.
    let import_path = format!("/api/v1/contacts/imports/{}", import["id"]);
    crate::waiting::eventually(
        "the import finishes",
        std::time::Duration::from_secs(30),
        || async {
            let (_, body) = app.get_json(&import_path, &acme_owner).await;
            (body["status"] == "done").then_some(())
        },
    )
    .await;
    let (webhook, delivery) = acme_webhook(&app, &acme_owner, reviews.id).await;
    let ids = PathIds {
        app: reviews.id,
        contact,
        conversation: conversation.clone(),
        tag,
        key: key_id,
        import: import["id"].as_i64().unwrap(),
        email: "cc@acme.test".into(),
        note,
        webhook,
        delivery,
    };
    let fill = |template: &str| ids.fill(template);

    let globex_owner = app.login(GLOBEX_OWNER).await;
    let forms = app.demo_app("Globex Forms").await;
    let globex_key = app
        .api_key(
            &globex_owner,
            forms.id,
            &[
                "contacts:read",
                "contacts:write",
                "events:write",
                "conversations:read",
                "conversations:write",
            ],
        )
        .await;
    let before = acme_state(&app).await;
    for (method, template, callers, body) in id_taking_operations() {
        let path = fill(template);
        for (who, kind, token) in [
            ("Globex owner", AGENTS, &globex_owner),
            ("Globex API key", KEYS, &globex_key),
        ] {
            let (status, response) = app.send_json(method.clone(), &path, Some(token), &body).await;
            // A caller kind the operation is not for is refused whatever the id (401 or 403);
            // an allowed caller must get 404, never a hint that the id exists.
            let refused = if callers & kind != 0 {
                status == StatusCode::NOT_FOUND
            } else {
                status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
            };
            assert!(refused, "{who}: {method} {path} gave {status}: {response}");
            if status == StatusCode::NOT_FOUND {
                assert_eq!(error_code(&response), "not_found");
            }
        }
    }
    assert_eq!(acme_state(&app).await, before, "no Acme row changed");
    // Control: the same requests work for Acme's owner, so the 404s mean something.
    let (status, _) = app
        .get_json(&fill("/api/v1/contacts/{id}/events"), &acme_owner)
        .await;
    assert_eq!(status, StatusCode::OK);
}

async fn lists_hold_only_the_callers_organization_even_with_shared_emails(app: TestApp) {
    app.seed_demo().await;
    let globex = app.login(GLOBEX_OWNER).await;
    let (_, contacts) = app.get_json("/api/v1/contacts?limit=100", &globex).await;
    let items = contacts["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "Globex has one contact: {contacts}");
    assert_eq!(items[0]["name"], "Olivia B. (Globex)");
    let (_, search) = app.get_json("/api/v1/contacts?q=northwind", &globex).await;
    assert_eq!(
        search["items"].as_array().unwrap().len(),
        1,
        "the shared email matches only Globex's row"
    );
    let (_, apps) = app.get_json("/api/v1/apps", &globex).await;
    let names: Vec<&str> = apps["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Globex Forms"]);

    let acme = app.login(ACME_OWNER).await;
    let (_, search) = app.get_json("/api/v1/contacts?q=northwind", &acme).await;
    let items = search["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Olivia Bennett");
}

async fn an_agent_sees_only_the_apps_they_operate(app: TestApp) {
    app.seed_demo().await;
    let agent = app.login(ACME_AGENT).await;
    let (_, apps) = app.get_json("/api/v1/apps", &agent).await;
    let items = apps["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "Product Reviews");
    assert!(items[0].get("identity_secret").is_none());
    let (status, detail) = app
        .get_json(&format!("/api/v1/apps/{}", items[0]["id"]), &agent)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        detail.get("identity_secret").is_none(),
        "agents never see the identity secret"
    );
    let upsell = app.demo_app("Upsell Pro").await;
    let (status, _) = app.get_json(&format!("/api/v1/apps/{}", upsell.id), &agent).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, _) = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/contacts/{contact}/custom_data/{}", upsell.id),
            Some(&agent),
            &json!({"x": 1}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "custom data of an app the agent cannot see"
    );
}

on_all_databases!(
    another_organizations_ids_are_404_on_every_id_endpoint_and_change_nothing,
    lists_hold_only_the_callers_organization_even_with_shared_emails,
    an_agent_sees_only_the_apps_they_operate,
);

/// Operations the spec reserves for owners (or owners and admins): their 403 says so.
fn role_restricted_in_spec() -> BTreeSet<String> {
    let document = serde_json::to_value(api::openapi::document()).unwrap();
    let mut restricted = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let forbidden = operation["responses"]["403"]["description"]
                .as_str()
                .unwrap_or("");
            if forbidden.starts_with("Agents may not") || forbidden.starts_with("Only owners") {
                restricted.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    restricted
}

async fn an_agent_is_refused_every_owner_or_admin_operation_and_changes_nothing(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["contacts:read"]).await;
    let key_id = key
        .trim_start_matches("ck_")
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let tag = app
        .scalar_i64("SELECT id FROM tags WHERE name = 'follow-up'")
        .await;
    let shopify = json!({"partner_organization_id": "1", "access_token": "prtapi_x", "apps": []});
    let (webhook, delivery) = acme_webhook(&app, &owner, reviews.id).await;
    let hooks = format!("/api/v1/apps/{}/webhooks", reviews.id);
    #[rustfmt::skip]
    let requests: Vec<(Method, &str, String, Value)> = vec![
        (Method::PATCH, "/api/v1/apps/{id}", format!("/api/v1/apps/{}", reviews.id), json!({"name": "Taken over"})),
        (Method::GET, "/api/v1/apps/{id}/api_keys", format!("/api/v1/apps/{}/api_keys", reviews.id), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/api_keys", format!("/api/v1/apps/{}/api_keys", reviews.id), json!({"name": "mine", "scopes": ["contacts:read"]})),
        (Method::DELETE, "/api/v1/apps/{id}/api_keys/{key_id}", format!("/api/v1/apps/{}/api_keys/{key_id}", reviews.id), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/identity_secret", format!("/api/v1/apps/{}/identity_secret", reviews.id), Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks", hooks.clone(), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks", hooks.clone(), json!({"url": "https://hooks.agent.test/", "topics": ["event.created"]})),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}", format!("{hooks}/{webhook}"), Value::Null),
        (Method::PATCH, "/api/v1/apps/{id}/webhooks/{webhook_id}", format!("{hooks}/{webhook}"), json!({"url": "https://hooks.agent.test/"})),
        (Method::DELETE, "/api/v1/apps/{id}/webhooks/{webhook_id}", format!("{hooks}/{webhook}"), Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}/secret", format!("{hooks}/{webhook}/secret"), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/secret", format!("{hooks}/{webhook}/secret"), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/test", format!("{hooks}/{webhook}/test"), Value::Null),
        (Method::GET, "/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries", format!("{hooks}/{webhook}/deliveries"), Value::Null),
        (Method::POST, "/api/v1/apps/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", format!("{hooks}/{webhook}/deliveries/{delivery}/retry"), Value::Null),
        (Method::DELETE, "/api/v1/contacts/{id}", format!("/api/v1/contacts/{contact}"), Value::Null),
        (Method::GET, "/api/v1/integrations/shopify", "/api/v1/integrations/shopify".into(), Value::Null),
        (Method::PUT, "/api/v1/integrations/shopify", "/api/v1/integrations/shopify".into(), shopify),
        (Method::DELETE, "/api/v1/integrations/shopify", "/api/v1/integrations/shopify".into(), Value::Null),
        (Method::POST, "/api/v1/integrations/shopify/sync", "/api/v1/integrations/shopify/sync".into(), Value::Null),
        (Method::PATCH, "/api/v1/tags/{id}", format!("/api/v1/tags/{tag}"), json!({"name": "taken-over"})),
        (Method::DELETE, "/api/v1/tags/{id}", format!("/api/v1/tags/{tag}"), Value::Null),
        (Method::POST, "/api/v1/contacts/imports", "/api/v1/contacts/imports".into(), json!({})),
        (Method::GET, "/api/v1/contacts/imports", "/api/v1/contacts/imports".into(), Value::Null),
        (Method::GET, "/api/v1/contacts/imports/{id}", "/api/v1/contacts/imports/1".into(), Value::Null),
    ];
    let covered: BTreeSet<String> = requests.iter().map(|(m, t, _, _)| format!("{m} {t}")).collect();
    assert_eq!(
        covered,
        role_restricted_in_spec(),
        "cover every role-restricted operation"
    );
    let before = acme_state(&app).await;
    for (method, _, path, body) in &requests {
        let (status, response) = app.send_json(method.clone(), path, Some(&agent), body).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "agent: {method} {path}: {response}"
        );
        assert_eq!(error_code(&response), "forbidden");
    }
    assert_eq!(acme_state(&app).await, before, "no row changed");
    // Control: the owner may read what the agent may not.
    let (status, _) = app
        .get_json(&format!("/api/v1/apps/{}/api_keys", reviews.id), &owner)
        .await;
    assert_eq!(status, StatusCode::OK);
}

on_all_databases!(an_agent_is_refused_every_owner_or_admin_operation_and_changes_nothing);
