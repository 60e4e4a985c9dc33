//! `GET /contacts/{id}/export.json`, the access request: every section against the API and the
//! tables, revenue redaction without the permission, and nothing left after erasure.
use super::{export, Csv};
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn the_access_request_holds_everything_stored_about_the_contact(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let response = app
        .request(
            Method::GET,
            &format!("/api/v1/contacts/{olivia}/export.json"),
            Some(&owner),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"contact-{olivia}-")),
        "{disposition}"
    );
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert!(doc["exported_at"].is_string());

    let (_, profile) = app.get_json(&format!("/api/v1/contacts/{olivia}"), &owner).await;
    for field in [
        "id",
        "email",
        "external_id",
        "name",
        "phone",
        "company",
        "created_at",
        "updated_at",
        "last_seen_at",
    ] {
        assert_eq!(doc["profile"][field], profile[field], "{field}");
    }
    assert_eq!(doc["profile"]["city"], profile["location"]["city"]);
    for field in [
        "last_heartbeat_at",
        "heartbeat_visible",
        "last_activity_at",
        "avatar_trusted",
    ] {
        assert!(doc["profile"].get(field).is_some(), "presence field {field}");
    }
    // Custom data with provenance, as the profile shows it, in the apps that have any.
    for group in profile["custom_data"].as_array().unwrap() {
        let items = group["items"].as_array().unwrap();
        let exported = doc["apps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["app_id"] == group["app_id"]);
        match exported {
            Some(app_doc) => assert_eq!(&app_doc["custom_data"], &group["items"]),
            None => assert!(items.is_empty(), "an app with custom data is exported: {group}"),
        }
    }
    let sightings = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM app_contacts WHERE contact_id = {olivia}"
        ))
        .await;
    let seen = doc["apps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["first_seen_at"].is_string())
        .count();
    assert_eq!(seen as i64, sightings);
    assert_eq!(doc["tags"], profile["tags"]);

    let events = doc["events"].as_array().unwrap();
    let stored_events = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM contact_events WHERE contact_id = {olivia}"
        ))
        .await;
    assert_eq!(events.len() as i64, stored_events);
    assert!(stored_events > 0);
    assert!(
        events
            .windows(2)
            .all(|w| w[0]["occurred_at"].as_str() >= w[1]["occurred_at"].as_str()),
        "newest first"
    );

    let conversations = doc["conversations"].as_array().unwrap();
    let stored = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM conversations WHERE contact_id = {olivia}"
        ))
        .await;
    assert_eq!(conversations.len() as i64, stored);
    let messages: usize = conversations
        .iter()
        .map(|c| c["messages"].as_array().unwrap().len())
        .sum();
    let stored_messages = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.organization_id = m.organization_id AND c.id = m.conversation_id WHERE c.contact_id = {olivia}"
        ))
        .await;
    assert_eq!(messages as i64, stored_messages);
    for conversation in conversations {
        let id = conversation["id"].as_str().unwrap();
        let (_, thread) = app
            .get_json(&format!("/api/v1/conversations/{id}/messages?limit=100"), &owner)
            .await;
        let thread_ids: Vec<&Value> = thread["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| &m["id"])
            .collect();
        let exported_ids: Vec<&Value> = conversation["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| &m["id"])
            .collect();
        assert_eq!(
            exported_ids, thread_ids,
            "conversation {id}: all messages, oldest first"
        );
        let (_, cc) = app
            .get_json(&format!("/api/v1/conversations/{id}/cc_emails"), &owner)
            .await;
        assert_eq!(conversation["cc_emails"], cc["items"], "conversation {id} CC");
        assert!(conversation["tags"].is_array());
    }

    let shopify = &doc["shopify"];
    let (_, merchant) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/shopify"), &owner)
        .await;
    assert_eq!(shopify["merchants"], merchant["merchants"]);
    assert!(shopify["merchants"][0]["mrr"].is_object());
    let transactions = shopify["transactions"].as_array().unwrap();
    let stored_transactions = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM shopify_transactions t JOIN shopify_merchants m ON m.organization_id = t.organization_id AND m.id = t.merchant_id \
             WHERE m.shop_domain = (SELECT shopify_domain FROM contacts WHERE id = {olivia})"
        ))
        .await;
    assert_eq!(transactions.len() as i64, stored_transactions);
    assert!(shopify["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["event_type"] == "APP_SUBSCRIPTION_SALE"));

    // Every note, as the notes list shows them (the demo has notes on Olivia).
    let (_, notes) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/notes?limit=100"), &owner)
        .await;
    assert!(!notes["items"].as_array().unwrap().is_empty(), "{notes}");
    assert_eq!(doc["notes"], notes["items"]);
    assert_eq!(doc["merges"], serde_json::json!([]));
}

/// A survivor's document names the contacts merged into it; the merged-away id is 404 with
/// where it went, like every contact endpoint.
async fn the_access_request_lists_merges_and_follows_a_merged_id(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let into = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'ana@brisa-swim.com.br'")
        .await;
    let from = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'ana.souza@brisa-swim.com.br'")
        .await;
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/contacts/{into}/merge"),
            Some(&owner),
            &serde_json::json!({"from_contact_id": from, "choose": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, doc) = app
        .get_json(&format!("/api/v1/contacts/{into}/export.json"), &owner)
        .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["merges"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(doc["merges"][0]["merged_contact_id"], from);
    let (status, gone) = app
        .get_json(&format!("/api/v1/contacts/{from}/export.json"), &owner)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{gone}");
    assert_eq!(gone["error"]["details"]["merged_into"], into);
}

async fn an_admin_without_the_revenue_permission_gets_no_revenue_figures(app: TestApp) {
    app.seed_demo().await;
    app.db_execute(&format!(
        "INSERT INTO users (organization_id, email, name, password_hash, role, revenue_permission, created_at) \
         SELECT organization_id, 'admin@convot.test', 'Ada Admin', password_hash, 'admin', NULL, created_at \
         FROM users WHERE email = '{ACME_OWNER}'"
    ))
    .await;
    let admin = app.login("admin@convot.test").await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, doc) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/export.json"), &admin)
        .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    let shopify = &doc["shopify"];
    let merchants = shopify["merchants"].as_array().unwrap();
    assert!(!merchants.is_empty());
    for merchant in merchants {
        for figure in ["mrr", "lifetime_value", "mrr_history"] {
            assert!(merchant.get(figure).is_none(), "{figure}: {merchant}");
        }
    }
    assert!(shopify.get("transactions").is_none(), "{shopify}");
    let events = shopify["events"].as_array().unwrap();
    assert!(!events.is_empty());
    for event in events {
        assert!(
            !event["event_type"].as_str().unwrap().starts_with("APP_"),
            "{event}"
        );
        for amount in ["amount", "amount_minor", "net_amount", "price"] {
            assert!(event["details"].get(amount).is_none(), "{event}");
        }
    }
    let body = doc.to_string();
    assert!(
        !body.contains("net_amount_minor") && !body.contains("lifetime_value"),
        "{body}"
    );
}

async fn an_erased_contact_leaves_nothing_to_export(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let (status, _) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/export.json"), &owner)
        .await;
    assert_eq!(status, StatusCode::OK);
    let response = app
        .request(
            Method::DELETE,
            &format!("/api/v1/contacts/{olivia}"),
            Some(&owner),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, body) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/export.json"), &owner)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (_, _, text) = export(&app, &owner, "").await;
    assert!(!text.contains("olivia@northwind-outfitters.com"));
    assert!(!Csv::parse(&text).ids().contains(&olivia));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM contact_notes WHERE contact_id = {olivia}"
        ))
        .await,
        0,
        "the notes went with the contact"
    );
}

on_all_databases!(
    the_access_request_lists_merges_and_follows_a_merged_id,
    the_access_request_holds_everything_stored_about_the_contact,
    an_admin_without_the_revenue_permission_gets_no_revenue_figures,
    an_erased_contact_leaves_nothing_to_export,
);
