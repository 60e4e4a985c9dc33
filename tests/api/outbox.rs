//! Replies, notes and statuses, and CC copies delivered through the outbox over real SMTP.
use crate::helpers::*;
use crate::on_all_backends;
use crate::smtp_server::{Mode, SmtpServer};
use crate::waiting::eventually;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::Duration;

async fn app_with_smtp(backend: Backend) -> (TestApp, SmtpServer) {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |settings| settings.smtp_url = Some(url.into())).await;
    app.seed_demo().await;
    (app, smtp)
}

/// A conversation of Priya's (the demo data copies nobody on it) with the given CCs.
pub(crate) async fn conversation_with_ccs(app: &TestApp, token: &str, ccs: &[&str]) -> String {
    let (_, conversation) = app.latest_conversation(token, "priya@lotusleaf.in").await;
    for cc in ccs {
        let (status, body) = app
            .send_json(
                Method::POST,
                &format!("/api/v1/conversations/{conversation}/cc_emails"),
                Some(token),
                &json!({"email": cc}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    conversation
}

/// One message of the conversation's thread, as the thread shows it (with its deliveries).
async fn message_in_thread(app: &TestApp, token: &str, conversation: &str, id: &Value) -> Value {
    let (_, thread) = app
        .get_json(
            &format!("/api/v1/conversations/{conversation}/messages?limit=100"),
            token,
        )
        .await;
    thread["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| &m["id"] == id)
        .expect("the message is in the thread")
        .clone()
}

pub(crate) async fn reply(
    app: &TestApp,
    token: &str,
    conversation: &str,
    kind: &str,
    content: &str,
) -> Value {
    let (status, body) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(token),
            &json!({"type": kind, "content": content}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn a_reply_reaches_every_cc_and_a_note_reaches_nobody(backend: Backend) {
    let (app, smtp) = app_with_smtp(backend).await;
    let owner = app.login(ACME_OWNER).await;
    let conversation =
        conversation_with_ccs(&app, &owner, &["boss@lotusleaf.in", "finance@lotusleaf.in"]).await;
    let note = reply(
        &app,
        &owner,
        &conversation,
        "note",
        "Internal: check her plan first",
    )
    .await;
    assert_eq!(note["type"], "note");
    assert!(note["deliveries"].as_array().unwrap().is_empty());
    let posted = reply(&app, &owner, &conversation, "outgoing", "Thanks Priya, fixed!").await;
    assert_eq!(posted["type"], "outgoing");
    assert_eq!(posted["author"]["name"], "Dana Demo");
    assert_eq!(posted["deliveries"].as_array().unwrap().len(), 2);
    smtp.wait_for(2, 10).await;
    // Once no copy is queued, none can still be sent: the count is final.
    settle_outbox(&app).await;
    let mails = smtp.received();
    assert_eq!(mails.len(), 2, "one copy per CC, and none for the note");
    let recipients: HashSet<String> = mails.iter().flat_map(|m| m.recipients.clone()).collect();
    assert_eq!(
        recipients,
        HashSet::from(["boss@lotusleaf.in".to_owned(), "finance@lotusleaf.in".to_owned()])
    );
    for mail in &mails {
        assert!(mail.data.contains("Thanks Priya, fixed!"));
        assert!(!mail.data.contains("Internal"), "notes are never emailed");
        assert!(
            mail.header("subject").unwrap().starts_with("Re: "),
            "{}",
            mail.data
        );
        assert!(mail.header("message-id").unwrap().ends_with("@convot>"));
        assert!(mail.header("from").unwrap().contains("support@convot.test"));
    }
    let ids: HashSet<String> = mails.iter().map(|m| m.header("message-id").unwrap()).collect();
    assert_eq!(ids.len(), 2, "each copy has its own Message-ID");
    // The thread shows the delivery state.
    eventually(
        "the thread shows both copies sent",
        Duration::from_secs(10),
        || async {
            let sent = message_in_thread(&app, &owner, &conversation, &posted["id"]).await;
            let deliveries = sent["deliveries"].as_array().unwrap().clone();
            deliveries.iter().all(|d| d["status"] == "sent").then_some(())
        },
    )
    .await;
}

async fn a_550_fails_the_copy_after_one_attempt(backend: Backend) {
    let (app, smtp) = app_with_smtp(backend).await;
    smtp.set_mode(Mode::PermanentFailure);
    let owner = app.login(ACME_OWNER).await;
    let conversation = conversation_with_ccs(&app, &owner, &["nobody@lotusleaf.in"]).await;
    let posted = reply(&app, &owner, &conversation, "outgoing", "Hello?").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let message = message_in_thread(&app, &owner, &conversation, &posted["id"]).await;
        let delivery = &message["deliveries"][0];
        if delivery["status"] == "failed" {
            assert_eq!(delivery["attempts"], 1, "a permanent failure is not retried");
            assert!(delivery["error"].as_str().unwrap().contains("550"), "{delivery}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never failed: {delivery}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    smtp.set_mode(Mode::Accept);
    // Failed is final: nothing is queued, so nothing can be sent later.
    settle_outbox(&app).await;
    assert!(smtp.received().is_empty(), "a failed copy is not sent later");
}

async fn copies_queued_while_smtp_is_down_arrive_exactly_once_when_it_returns(backend: Backend) {
    let (app, smtp) = app_with_smtp(backend).await;
    let owner = app.login(ACME_OWNER).await;
    let conversation = conversation_with_ccs(&app, &owner, &["ops@lotusleaf.in"]).await;
    smtp.set_mode(Mode::Down);
    for i in 0..100 {
        reply(&app, &owner, &conversation, "outgoing", &format!("Update {i}")).await;
    }
    smtp.set_mode(Mode::TemporaryFailure);
    // The worker tries (and is refused) before the server accepts again.
    eventually(
        "an attempt refused with a 4xx",
        Duration::from_secs(15),
        || async {
            let refused = app
                .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status = 'queued' AND attempts > 0")
                .await;
            (refused > 0).then_some(())
        },
    )
    .await;
    assert!(smtp.received().is_empty());
    smtp.set_mode(Mode::Accept);
    smtp.wait_for(100, 60).await;
    settle_outbox(&app).await;
    assert_eq!(smtp.received().len(), 100, "every copy exactly once");
    let bodies: HashSet<String> = smtp
        .received()
        .iter()
        .map(|m| m.data.lines().last().unwrap_or("").to_owned())
        .collect();
    assert_eq!(bodies.len(), 100);
}

async fn two_api_processes_deliver_every_copy_exactly_once(backend: Backend) {
    let (app, smtp) = app_with_smtp(backend).await;
    let _second = app.second_server().await;
    let owner = app.login(ACME_OWNER).await;
    let conversation = conversation_with_ccs(&app, &owner, &["a@lotusleaf.in", "b@lotusleaf.in"]).await;
    for i in 0..30 {
        reply(&app, &owner, &conversation, "outgoing", &format!("Reply {i}")).await;
    }
    smtp.wait_for(60, 30).await;
    settle_outbox(&app).await;
    let mails = smtp.received();
    let ids: HashSet<String> = mails.iter().map(|m| m.header("message-id").unwrap()).collect();
    assert_eq!(mails.len(), 60, "no copy sent twice");
    assert_eq!(ids.len(), 60);
}

async fn status_changes_are_recorded_in_the_thread(backend: Backend) {
    let (app, _smtp) = app_with_smtp(backend).await;
    let owner = app.login(ACME_OWNER).await;
    let conversation = conversation_with_ccs(&app, &owner, &[]).await;
    // Priya's latest conversation starts out pending in the demo data.
    for (status, expected) in [
        ("resolved", "resolved the conversation"),
        ("open", "reopened the conversation"),
        ("pending", "marked the conversation as pending"),
    ] {
        let (code, body) = app
            .send_json(
                Method::POST,
                &format!("/api/v1/conversations/{conversation}/status"),
                Some(&owner),
                &json!({"status": status}),
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{body}");
        assert_eq!(body["status"], status);
        assert_eq!(body["resolved_at"].is_null(), status != "resolved");
        let (_, thread) = app
            .get_json(
                &format!("/api/v1/conversations/{conversation}/messages?limit=100"),
                &owner,
            )
            .await;
        let last = thread["items"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["type"], "activity");
        assert_eq!(last["content"], format!("Dana Demo {expected}"));
    }
    let (code, _) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/conversations/{conversation}/status"),
            Some(&owner),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    let (code, _) = app
        .send_json(
            Method::POST,
            &format!("/api/v1/conversations/{conversation}/messages"),
            Some(&owner),
            &json!({"type": "incoming", "content": "spoof"}),
        )
        .await;
    assert_eq!(
        code,
        StatusCode::UNPROCESSABLE_ENTITY,
        "agents cannot write as the contact"
    );
}

on_all_backends!(
    a_reply_reaches_every_cc_and_a_note_reaches_nobody,
    a_550_fails_the_copy_after_one_attempt,
    copies_queued_while_smtp_is_down_arrive_exactly_once_when_it_returns,
    two_api_processes_deliver_every_copy_exactly_once,
    status_changes_are_recorded_in_the_thread,
);

/// The real `convot` binary, as `cargo build` leaves it beside the test binary's target dir.
fn convot_binary() -> std::path::PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").into());
    let path = std::path::Path::new(&target).join("debug/convot");
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build --workspace`",
        path.display()
    );
    path
}

fn start_worker_process(app: &TestApp, smtp: &SmtpServer, data_dir: &std::path::Path) -> std::process::Child {
    std::process::Command::new(convot_binary())
        .arg("serve")
        .env("DATABASE_URL", &app.database_url)
        .env("CONVOT_ADDR", "127.0.0.1:0")
        .env("CONVOT_SMTP_URL", smtp.url())
        .env("CONVOT_DATA_DIR", data_dir)
        .env("CONVOT_JWT_SECRET", JWT_SECRET)
        .env("CONVOT_ENCRYPTION_KEY", ENCRYPTION_KEY)
        .env("CONVOT_OUTBOX_LEASE_SECS", "2")
        .env("CONVOT_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start convot serve")
}

/// A delivering process killed with SIGKILL mid-send, then restarted: every copy arrives,
/// and a copy that went out twice carries the same Message-ID both times.
async fn a_killed_worker_loses_nothing_and_never_resends_with_a_new_message_id(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |settings| {
        settings.smtp_url = Some(url.into());
        settings.workers = WorkerSet::none();
    })
    .await;
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let conversation = conversation_with_ccs(&app, &owner, &["audit@lotusleaf.in"]).await;
    for i in 0..10 {
        reply(&app, &owner, &conversation, "outgoing", &format!("Message {i}")).await;
    }
    let data_dir = tempfile::tempdir().unwrap();
    smtp.set_data_delay(Duration::from_millis(300));
    let mut first = start_worker_process(&app, &smtp, data_dir.path());
    smtp.wait_for(3, 30).await;
    first.kill().expect("SIGKILL the worker");
    first.wait().unwrap();
    let at_kill = smtp.received().len();
    assert!(at_kill < 10, "killed mid-delivery ({at_kill} of 10 sent)");
    smtp.set_data_delay(Duration::ZERO);
    let mut second = start_worker_process(&app, &smtp, data_dir.path());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
    loop {
        let ids: HashSet<String> = smtp
            .received()
            .iter()
            .map(|m| m.header("message-id").unwrap())
            .collect();
        if ids.len() == 10 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} of 10 copies arrived after the restart",
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    settle_outbox(&app).await;
    second.kill().unwrap();
    second.wait().unwrap();
    let mails = smtp.received();
    let ids: HashSet<String> = mails.iter().map(|m| m.header("message-id").unwrap()).collect();
    assert_eq!(ids.len(), 10, "no copy got a new Message-ID");
    assert!(
        mails.len() <= 11,
        "at most the copy in flight at the kill went out twice ({} sent)",
        mails.len()
    );
    let unsent = app
        .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status <> 'sent'")
        .await;
    assert_eq!(unsent, 0, "every copy is recorded as sent");
}

on_all_backends!(a_killed_worker_loses_nothing_and_never_resends_with_a_new_message_id);

/// Waits until no copy is queued: every one is sent or failed, and neither changes again, so
/// what the SMTP server holds then is final.
async fn settle_outbox(app: &TestApp) {
    eventually("every copy sent or failed", Duration::from_secs(30), || async {
        let queued = app
            .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status = 'queued'")
            .await;
        (queued == 0).then_some(())
    })
    .await;
}
