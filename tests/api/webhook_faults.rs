//! Webhook delivery when things go wrong: an endpoint that never answers well is disabled
//! after the retry window; a sending process killed with SIGKILL loses nothing and its
//! successor sends the same `webhook-id`; two processes never send one attempt twice.
use crate::helpers::*;
use crate::on_all_backends;
use crate::server_process::ServerProcess;
use crate::waiting::eventually;
use crate::webhook_fixtures::{create_endpoint, post_event, setup, Setup};
use crate::webhook_receiver::Receiver;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

const WITHIN: Duration = Duration::from_secs(30);

async fn post_events(app: &TestApp, s: &Setup, count: usize) {
    for _ in 0..count {
        post_event(app, s, "plan_upgraded").await;
    }
}

/// The `convot serve` processes that do the sending here: loopback receivers allowed, and a
/// short lease so a killed process's claims run out within the test.
async fn sender_process(app: &TestApp) -> ServerProcess {
    ServerProcess::start(
        app,
        &[
            ("CONVOT_WEBHOOKS_ALLOW_PRIVATE", "1"),
            ("CONVOT_WEBHOOK_LEASE_SECS", "2"),
        ],
    )
    .await
}

fn ids_seen(receiver: &Receiver) -> Vec<String> {
    receiver
        .seen()
        .iter()
        .map(|r| r.header("webhook-id").to_owned())
        .collect()
}

/// A receiver answering 500 to everything: the message is retried until its window runs
/// out, then given up, and the endpoint is disabled with the reason its owners read.
async fn an_endpoint_failing_for_the_whole_window_is_disabled(backend: Backend) {
    let app = spawn_app_with(backend, |settings| {
        settings.webhook_retry_window = Duration::from_secs(2);
    })
    .await;
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.answer_always(500);
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_events(&app, &s, 1).await;
    let path = format!("/api/v1/apps/{}/webhooks/{}", s.app_id, endpoint["id"]);
    let endpoint = eventually("the endpoint was disabled", WITHIN, || async {
        let (_, endpoint) = app.get_json(&path, &s.owner).await;
        (endpoint["enabled"] == false).then_some(endpoint)
    })
    .await;
    let reason = endpoint["disabled_reason"].as_str().unwrap();
    assert!(
        reason.contains("Every delivery failed") && reason.contains("500"),
        "{reason}"
    );
    let (_, log) = app.get_json(&format!("{path}/deliveries"), &s.owner).await;
    let delivery = &log["items"][0];
    assert_eq!(delivery["status"], "failed", "{delivery}");
    let tries = delivery["attempts"].as_array().unwrap().len();
    assert!(tries >= 3, "retried with backoff before giving up: {delivery}");
    assert_eq!(tries, receiver.seen().len(), "every try is in the log");
    assert_eq!(delivery["attempt_count"], tries);
}

/// SIGKILL while every message is on the wire (the receiver holds its answers): nothing was
/// recorded as sent, the next process sends each message again after the lease runs out,
/// with the same `webhook-id`, and each ends succeeded with one successful attempt.
async fn a_killed_sender_loses_nothing_and_resends_with_the_same_webhook_id(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.workers = WorkerSet::none()).await;
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.set_delay(Duration::from_secs(10));
    create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_events(&app, &s, 5).await;
    let queued: HashSet<String> = app
        .rows_of_text("SELECT message_id FROM webhook_messages")
        .await
        .into_iter()
        .collect();
    assert_eq!(queued.len(), 5);

    let first = sender_process(&app).await;
    eventually("the first process sent every message", WITHIN, || async {
        (ids_seen(&receiver).len() >= 5).then_some(())
    })
    .await;
    let status = std::process::Command::new("kill")
        .args(["-KILL", &first.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    first.wait().await;
    let recorded = app.scalar_i64("SELECT COUNT(*) FROM webhook_attempts").await;
    assert_eq!(recorded, 0, "killed before any answer was recorded");

    receiver.set_delay(Duration::ZERO);
    let second = sender_process(&app).await;
    eventually("every message delivered after the restart", WITHIN, || async {
        let done = app
            .scalar_i64("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'")
            .await;
        (done == 5).then_some(())
    })
    .await;
    drop(second);
    let seen = ids_seen(&receiver);
    let distinct: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(distinct, queued, "the same webhook-id before and after the crash");
    let mut sends: HashMap<&str, usize> = HashMap::new();
    for id in &seen {
        *sends.entry(id).or_default() += 1;
    }
    assert!(
        sends.values().all(|n| *n == 2),
        "each sent once per process: {sends:?}"
    );
    let attempts = app.scalar_i64("SELECT COUNT(*) FROM webhook_attempts").await;
    assert_eq!(attempts, 5, "one recorded attempt per message");
}

/// Two processes send from one outbox: 30 messages reach the receiver 30 times, each once,
/// and the log holds one attempt each.
async fn two_processes_never_send_one_attempt_twice(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.workers = WorkerSet::none()).await;
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    // Slow enough that both processes are sending at once.
    receiver.set_delay(Duration::from_millis(50));
    create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_events(&app, &s, 30).await;
    let first = sender_process(&app).await;
    let second = sender_process(&app).await;
    eventually("every message delivered", WITHIN, || async {
        let done = app
            .scalar_i64("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded'")
            .await;
        (done == 30).then_some(())
    })
    .await;
    drop((first, second));
    let seen = ids_seen(&receiver);
    let distinct: HashSet<&String> = seen.iter().collect();
    assert_eq!(
        (seen.len(), distinct.len()),
        (30, 30),
        "each message sent exactly once"
    );
    let attempts = app.scalar_i64("SELECT COUNT(*) FROM webhook_attempts").await;
    assert_eq!(attempts, 30);
}

/// A 410 stops the sending at once: of twenty queued messages only those already on the wire
/// when the first 410 came back (at most 16 per endpoint) were sent; the rest stay unsent,
/// given back, for whenever an owner turns the endpoint on again.
async fn after_a_410_nothing_more_is_sent(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.workers = WorkerSet::none()).await;
    let s = setup(&app).await;
    let receiver = Receiver::start().await;
    receiver.answer_always(410);
    receiver.set_delay(Duration::from_millis(300));
    let endpoint = create_endpoint(&app, &s, &receiver.url, &["event.created"]).await;
    post_events(&app, &s, 20).await;
    let sender = sender_process(&app).await;
    let path = format!("/api/v1/apps/{}/webhooks/{}", s.app_id, endpoint["id"]);
    eventually("disabled, and the unsent given back", WITHIN, || async {
        let (_, endpoint) = app.get_json(&path, &s.owner).await;
        let held = app
            .scalar_i64("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending' AND claim_token IS NOT NULL")
            .await;
        (endpoint["enabled"] == false && held == 0).then_some(())
    })
    .await;
    drop(sender);
    let sent = receiver.seen().len();
    assert!((1..=16).contains(&sent), "only what was on the wire: {sent}");
    let unsent = app
        .scalar_i64("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending' AND attempts = 0")
        .await;
    assert_eq!(unsent as usize, 20 - sent, "the rest were never sent");
}

on_all_backends!(
    after_a_410_nothing_more_is_sent,
    an_endpoint_failing_for_the_whole_window_is_disabled,
    a_killed_sender_loses_nothing_and_resends_with_the_same_webhook_id,
    two_processes_never_send_one_attempt_twice,
);
