//! Test helpers around the seeded demo data: its apps, widget sessions, API keys and contacts.
use crate::helpers::TestApp;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::Value;

/// A demo app's id, public key and identity secret, by name.
pub struct DemoApp {
    pub id: i64,
    pub public_key: String,
    pub secret: String,
}

impl TestApp {
    pub async fn demo_app(&self, name: &str) -> DemoApp {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                format!("SELECT id, public_key, identity_secret FROM apps WHERE name = '{name}'"),
            ))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no app {name}"));
        DemoApp {
            id: row.try_get("", "id").unwrap(),
            public_key: row.try_get("", "public_key").unwrap(),
            secret: row.try_get("", "identity_secret").unwrap(),
        }
    }

    pub async fn widget_session(&self, public_key: &str) -> String {
        let (status, body) = self
            .send_json(
                Method::POST,
                "/api/v1/widget/sessions",
                None,
                &serde_json::json!({"app_id": public_key}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["session_token"].as_str().unwrap().to_owned()
    }

    pub async fn identify(&self, session: &str, payload: Value) -> (StatusCode, Value) {
        self.send_json(Method::POST, "/api/v1/widget/identify", Some(session), &payload)
            .await
    }

    /// Creates an API key through the owner's API and returns its token.
    pub async fn api_key(&self, owner_token: &str, app_id: i64, scopes: &[&str]) -> String {
        let (status, body) = self
            .send_json(
                Method::POST,
                &format!("/api/v1/apps/{app_id}/api_keys"),
                Some(owner_token),
                &serde_json::json!({"name": "test key", "scopes": scopes}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    /// The contact row's columns as JSON, found by a WHERE clause.
    pub async fn contact_where(&self, condition: &str) -> Option<Value> {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                backend,
                format!("SELECT id, email, external_id, name, company, phone, shopify_domain, time_zone FROM contacts WHERE {condition}"),
            ))
            .await
            .unwrap()?;
        let text = |column: &str| row.try_get::<Option<String>>("", column).unwrap();
        Some(serde_json::json!({
            "id": row.try_get::<i64>("", "id").unwrap(),
            "email": text("email"), "external_id": text("external_id"), "name": text("name"),
            "company": text("company"), "phone": text("phone"), "shopify_domain": text("shopify_domain"),
            "time_zone": text("time_zone"),
        }))
    }
}

/// Lower-case hex HMAC-SHA256, as an app's backend computes `user_hash`.
pub fn user_hash(secret: &str, value: &str) -> String {
    api::domain::identity::sign(secret, value)
}
