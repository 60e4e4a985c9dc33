//! Webhooks end to end: a real receiver on loopback, signatures judged by the reference
//! Standard Webhooks library, retries, Retry-After, 410, SSRF refusals, tenancy and the
//! outbox's transaction.
use crate::helpers::*;
use crate::waiting::eventually;
use crate::webhook_fixtures::{create_endpoint, post_event, setup};
use crate::webhook_receiver::{verify_with_reference_library, Answer, Receiver};
use crate::{on_all_backends, on_all_databases};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const WITHIN: Duration = Duration::from_secs(20);

async fn received(receiver: &Receiver, count: usize) -> Vec<crate::webhook_receiver::Received> {
    eventually("the receiver got the requests", WITHIN, || async {
        let seen = receiver.seen();
        (seen.len() >= count).then_some(seen)
    })
    .await
}

/// An event reaches the subscribed endpoint as a Standard Webhooks message that the reference
/// library verifies; after a rotation both secrets sign, and each alone verifies.
async fn messages_verify_with_the_reference_library_and_rotation_overlaps(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    let first_secret = endpoint["secret"].as_str().unwrap().to_owned();
    assert!(first_secret.starts_with("whsec_"), "{endpoint}");

    let event = post_event(&app, &s, "plan_upgraded").await;
    let seen = received(&receiver, 1).await;
    let body = seen[0].json();
    assert_eq!(body["type"], "event.created", "{body}");
    assert_eq!(body["data"]["id"], event["id"], "{body}");
    assert_eq!(body["data"]["name"], "plan_upgraded");
    assert!(seen[0].header("webhook-id").starts_with("msg_"));
    assert_eq!(verify_with_reference_library(&first_secret, &seen), ["ok"]);
    assert_ne!(
        verify_with_reference_library(&format!("whsec_{}", "A".repeat(43) + "="), &seen),
        ["ok"],
        "a wrong secret must not verify"
    );

    let path = format!("/api/v1/apps/{}/webhooks/{}/secret", s.app_id, endpoint["id"]);
    let (status, rotated) = app
        .send_json(Method::POST, &path, Some(&s.owner), &json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, first_secret);
    assert_eq!(rotated["previous_secret"], first_secret.as_str());
    let (_, revealed) = app.get_json(&path, &s.owner).await;
    assert_eq!(revealed["secret"], new_secret.as_str());

    post_event(&app, &s, "seat_added").await;
    let seen = received(&receiver, 2).await;
    let latest = &seen[1..];
    assert_eq!(latest[0].header("webhook-signature").split(' ').count(), 2);
    assert_eq!(verify_with_reference_library(&new_secret, latest), ["ok"]);
    assert_eq!(verify_with_reference_library(&first_secret, latest), ["ok"]);
}

/// A receiver that fails, asks to wait, then recovers gets the same message (same
/// webhook-id) until it answers 2xx; the log shows each attempt; Retry-After is honoured.
async fn a_failing_receiver_gets_the_same_message_until_it_recovers(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.script(&[
        Answer {
            status: 500,
            retry_after: None,
        },
        Answer {
            status: 503,
            retry_after: Some(1),
        },
    ]);
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_event(&app, &s, "plan_upgraded").await;
    let seen = received(&receiver, 3).await;
    let ids: Vec<&str> = seen.iter().map(|r| r.header("webhook-id")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let log_path = format!("/api/v1/apps/{}/webhooks/{}/deliveries", s.app_id, endpoint["id"]);
    let log = eventually("the delivery succeeded", WITHIN, || async {
        let (_, log) = app.get_json(&log_path, &s.owner).await;
        (log["items"][0]["status"] == "succeeded").then_some(log)
    })
    .await;
    let delivery = &log["items"][0];
    let codes: Vec<i64> = delivery["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [500, 503, 200], "{delivery}");
    let at = |i: usize| {
        chrono::DateTime::parse_from_rfc3339(delivery["attempts"][i]["attempted_at"].as_str().unwrap())
            .unwrap()
    };
    assert!(
        at(2) - at(1) >= chrono::Duration::seconds(1),
        "Retry-After: 1 honoured: {delivery}"
    );
    let (_, endpoint) = app
        .get_json(
            &format!("/api/v1/apps/{}/webhooks/{}", s.app_id, endpoint["id"]),
            &s.owner,
        )
        .await;
    assert_eq!(endpoint["failing_since"], Value::Null, "{endpoint}");

    // "Retry now" replays a succeeded message with its webhook-id; the answer has its attempts.
    let retry_path = format!("{log_path}/{}/retry", delivery["id"]);
    let (status, retried) = app
        .send_json(Method::POST, &retry_path, Some(&s.owner), &json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{retried}");
    assert_eq!(retried["status"], "pending");
    assert_eq!(retried["attempts"].as_array().unwrap().len(), 3, "{retried}");
    let seen = received(&receiver, 4).await;
    assert_eq!(seen[3].header("webhook-id"), ids[0]);
}

/// 410 Gone disables the endpoint at once, with the reason shown; nothing more is sent.
async fn gone_disables_the_endpoint(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.answer_always(410);
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_event(&app, &s, "plan_upgraded").await;
    let path = format!("/api/v1/apps/{}/webhooks/{}", s.app_id, endpoint["id"]);
    let endpoint = eventually("the endpoint was disabled", WITHIN, || async {
        let (_, endpoint) = app.get_json(&path, &s.owner).await;
        (endpoint["enabled"] == false).then_some(endpoint)
    })
    .await;
    assert!(
        endpoint["disabled_reason"].as_str().unwrap().contains("410"),
        "{endpoint}"
    );
    post_event(&app, &s, "seat_added").await;
    assert_eq!(
        app.count("webhook_deliveries").await,
        1,
        "a disabled endpoint is sent nothing new"
    );
    assert_eq!(receiver.seen().len(), 1);
    let (status, body) = app
        .send_json(Method::POST, &format!("{path}/test"), Some(&s.owner), &json!({}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a test to a disabled endpoint: {body}"
    );
    assert_eq!(error_code(&body), "endpoint_disabled");
    assert_eq!(app.count("webhook_deliveries").await, 1);
}

/// Twenty-five adds at once: twenty endpoints at most, the rest a 422 on the url.
async fn concurrent_adds_stop_at_the_cap(app: TestApp) {
    let s = setup(&app).await;
    let path = format!("/api/v1/apps/{}/webhooks", s.app_id);
    let adds = (0..25).map(|i| {
        let (app, path, owner) = (&app, &path, &s.owner);
        async move {
            let body = json!({"url": format!("https://hooks{i}.example.com/"), "topics": ["event.created"]});
            app.send_json(Method::POST, path, Some(owner), &body).await.0
        }
    });
    let statuses = futures_util::future::join_all(adds).await;
    let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    assert_eq!(created, 20, "{statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::CREATED || *s == StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(app.count("webhook_endpoints").await, 20);
}

/// A message queued in a transaction that rolls back is never sent.
async fn a_rolled_back_write_queues_nothing(app: TestApp) {
    use sea_orm::TransactionTrait;
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    let org = app
        .scalar_i64(&format!(
            "SELECT organization_id FROM apps WHERE id = {}",
            s.app_id
        ))
        .await;
    let txn = app.db.begin().await.unwrap();
    let queued = api::services::webhook_outbox::emit(
        &txn,
        org,
        Some(s.contact),
        api::domain::webhook::topic::Topic::EventCreated,
        api::repo::webhook_deliveries::Audience::App(s.app_id),
        &json!({"id": 1}),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(queued, 1, "the endpoint is subscribed");
    txn.rollback().await.unwrap();
    assert_eq!(app.count("webhook_deliveries").await, 0);
    assert_eq!(app.count("webhook_messages").await, 0);
}

/// Another organization's owner gets 404 for every path of this app's webhooks; an agent 403.
async fn other_organizations_and_agents_cannot_reach_endpoints(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    let base = format!("/api/v1/apps/{}/webhooks", s.app_id);
    let one = format!("{base}/{}", endpoint["id"]);
    let globex = app.login(GLOBEX_OWNER).await;
    for (method, path) in [
        (Method::GET, base.clone()),
        (Method::GET, one.clone()),
        (Method::GET, format!("{one}/secret")),
        (Method::POST, format!("{one}/secret")),
        (Method::POST, format!("{one}/test")),
        (Method::GET, format!("{one}/deliveries")),
        (Method::DELETE, one.clone()),
    ] {
        let (status, body) = app
            .send_json(method.clone(), &path, Some(&globex), &json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
    }
    let agent = app.login(ACME_AGENT).await;
    let (status, _) = app.get_json(&format!("{one}/secret"), &agent).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("webhook_endpoints").await, 1);
}

/// "Send test" queues a sample message.received to the endpoint whatever its topics.
async fn send_test_reaches_the_receiver(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["contact.deleted"]).await;
    let path = format!("/api/v1/apps/{}/webhooks/{}/test", s.app_id, endpoint["id"]);
    let (status, queued) = app
        .send_json(Method::POST, &path, Some(&s.owner), &json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    let seen = received(&receiver, 1).await;
    assert_eq!(seen[0].json()["type"], "message.received");
    assert_eq!(
        seen[0].header("webhook-id"),
        queued["message_id"].as_str().unwrap()
    );
}

/// "Retry now" on a message a worker is sending right now is a 409 that changes nothing;
/// the endpoint list pages like every list.
async fn retry_of_a_message_on_the_wire_is_a_conflict(app: TestApp) {
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.set_delay(Duration::from_secs(3));
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    let base = format!("/api/v1/apps/{}/webhooks/{}", s.app_id, endpoint["id"]);
    let (_, queued) = app
        .send_json(Method::POST, &format!("{base}/test"), Some(&s.owner), &json!({}))
        .await;
    received(&receiver, 1).await;
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("{base}/deliveries/{}/retry", queued["id"]),
            Some(&s.owner),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "delivery_in_flight");

    create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    let list = format!("/api/v1/apps/{}/webhooks", s.app_id);
    let (_, first) = app.get_json(&format!("{list}?limit=1"), &s.owner).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let (_, second) = app
        .get_json(&format!("{list}?limit=1&cursor={cursor}"), &s.owner)
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], first["items"][0]["id"]);
    assert_eq!(second["next_cursor"], Value::Null);
}

on_all_databases!(
    messages_verify_with_the_reference_library_and_rotation_overlaps,
    a_failing_receiver_gets_the_same_message_until_it_recovers,
    gone_disables_the_endpoint,
    a_rolled_back_write_queues_nothing,
    other_organizations_and_agents_cannot_reach_endpoints,
    send_test_reaches_the_receiver,
    retry_of_a_message_on_the_wire_is_a_conflict,
    concurrent_adds_stop_at_the_cap,
);

/// Without CONVOT_WEBHOOKS_ALLOW_PRIVATE: plain http and every inside address class are
/// refused on save; a host name resolving to loopback is refused on delivery. Metadata
/// addresses are refused even with it.
async fn inside_addresses_are_refused(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.webhooks_allow_private = false).await;
    let s = setup(&app).await;
    for url in [
        "http://hooks.example.com/",
        "https://127.0.0.1/",
        "https://10.1.2.3/",
        "https://172.16.0.9/",
        "https://192.168.1.1/",
        "https://169.254.10.10/",
        "https://[fc00::1]/",
        "https://[fe80::1]/",
        "https://[::1]/",
        "https://169.254.169.254/latest/meta-data/",
    ] {
        let (status, body) = app
            .send_json(
                Method::POST,
                &format!("/api/v1/apps/{}/webhooks", s.app_id),
                Some(&s.owner),
                &json!({"url": url, "topics": ["event.created"]}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        assert!(
            body["error"]["details"]["fields"]["url"].is_string()
                || body["error"]["details"]["url"].is_string(),
            "{body}"
        );
    }
    let endpoint = create_endpoint(&app, &s, "https://localhost:9/hooks", &["event.created"]).await;
    post_event(&app, &s, "plan_upgraded").await;
    let log_path = format!("/api/v1/apps/{}/webhooks/{}/deliveries", s.app_id, endpoint["id"]);
    let attempt = eventually("the delivery was tried", WITHIN, || async {
        let (_, log) = app.get_json(&log_path, &s.owner).await;
        let attempt = log["items"][0]["attempts"][0].clone();
        (!attempt.is_null()).then_some(attempt)
    })
    .await;
    assert!(
        attempt["error"].as_str().unwrap().contains("loopback"),
        "{attempt}"
    );
    assert_eq!(attempt["status_code"], Value::Null);

    let private = spawn_app_with(backend, |settings| settings.webhooks_allow_private = true).await;
    let p = setup(&private).await;
    for url in [
        "http://169.254.169.254/",
        "http://[fd00:ec2::254]/",
        "http://[::ffff:169.254.169.254]/",
    ] {
        let (status, body) = private
            .send_json(
                Method::POST,
                &format!("/api/v1/apps/{}/webhooks", p.app_id),
                Some(&p.owner),
                &json!({"url": url, "topics": ["event.created"]}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
    }
}

on_all_backends!(inside_addresses_are_refused);
