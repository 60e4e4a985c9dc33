//! Concurrent identifies of the same new person create exactly one contact (SPEC §3), through
//! unique constraints and retried transactions, not a lock in process memory.
use crate::helpers::*;
use crate::on_all_databases;
use reqwest::StatusCode;
use serde_json::{json, Value};

const CALLERS: usize = 50;
const ROUNDS: usize = 20;

async fn race(app: &TestApp, sessions: &[String], payload: impl Fn(usize) -> Value) {
    let calls = sessions
        .iter()
        .enumerate()
        .map(|(i, session)| app.identify(session, payload(i)));
    for (status, body) in futures_util::future::join_all(calls).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

async fn fifty_concurrent_identifies_of_one_new_person_make_one_contact(app: TestApp) {
    app.seed_demo().await;
    let reviews = app.demo_app("Product Reviews").await;
    let upsell = app.demo_app("Upsell Pro").await;
    let mut sessions = Vec::new();
    for i in 0..CALLERS {
        let key = if i % 2 == 0 {
            &reviews.public_key
        } else {
            &upsell.public_key
        };
        sessions.push(app.widget_session(key).await);
    }
    for round in 0..ROUNDS {
        let email = format!("racer-{round}@example.com");
        race(
            &app,
            &sessions,
            |i| json!({"email": email, "name": format!("Racer {i}")}),
        )
        .await;
        let count = app
            .scalar_i64(&format!("SELECT COUNT(*) FROM contacts WHERE email = '{email}'"))
            .await;
        assert_eq!(count, 1, "round {round}: one contact for one email");

        // Only a proven external_id may be set on a known contact (SPEC §3).
        let external_id = format!("racer-ext-{round}");
        race(&app, &sessions, |i| {
            let secret = if i % 2 == 0 {
                &reviews.secret
            } else {
                &upsell.secret
            };
            json!({"external_id": external_id, "user_hash": user_hash(secret, &external_id)})
        })
        .await;
        let count = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM contacts WHERE external_id = '{external_id}'"
            ))
            .await;
        assert_eq!(count, 1, "round {round}: one contact for one external_id");
    }
    let apps = app.scalar_i64("SELECT COUNT(DISTINCT app_id) FROM app_contacts WHERE contact_id = (SELECT id FROM contacts WHERE email = 'racer-0@example.com')").await;
    assert_eq!(apps, 2, "both apps know the one contact");
}

on_all_databases!(fifty_concurrent_identifies_of_one_new_person_make_one_contact);
