//! Faults: the database going away and coming back, and SIGTERM with work in flight.
use crate::helpers::*;
use crate::server_process::ServerProcess;
use crate::smtp_server::SmtpServer;
use crate::tcp_proxy::TcpProxy;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn status_of(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let response = app
        .request(reqwest::Method::GET, path, token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_follows_postgres_down_and_back_without_a_restart() {
    // The app's own database, reached through a proxy that can be cut.
    let direct = fresh_postgres_database().await;
    let (authority, rest) = direct
        .strip_prefix("postgres://")
        .unwrap()
        .split_once('/')
        .unwrap();
    let (credentials, target) = authority.split_once('@').unwrap();
    let proxy = TcpProxy::start(target.to_owned()).await;
    let url = format!("postgres://{credentials}@127.0.0.1:{}/{rest}", proxy.port);
    let app = spawn_app_with(Backend::Postgres, |s| s.database_url = url.clone().into()).await;
    app.seed_demo().await;
    let token = app.login(ACME_OWNER).await;
    assert_eq!(status_of(&app, "/api/ready", None).await.0, StatusCode::OK);

    proxy.set_down(true);
    // How fast it answers is the benchmark's to measure; the probe's own bound is 1 s.
    let (status, body) = status_of(&app, "/api/ready", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(error_code(&body), "service_unavailable");
    for _ in 0..3 {
        let (status, body) = status_of(&app, "/api/v1/contacts", Some(&token)).await;
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "a clean 503 meanwhile: {body}"
        );
        assert_eq!(error_code(&body), "service_unavailable");
    }
    assert_eq!(
        status_of(&app, "/api/health", None).await.0,
        StatusCode::OK,
        "liveness holds"
    );

    proxy.set_down(false);
    let deadline = Instant::now() + Duration::from_secs(10);
    while status_of(&app, "/api/ready", None).await.0 != StatusCode::OK {
        assert!(Instant::now() < deadline, "not ready again within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, body) = status_of(&app, "/api/v1/contacts", Some(&token)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "requests work again without a restart: {body}"
    );
}

/// Sends a POST whose body arrives in two parts and returns the raw final response. The head
/// asks `Expect: 100-continue`, and no body is sent before the server's `100 Continue`:
/// actix-http writes it only once it has dispatched the request to the app, so from then on the
/// request is in flight as the server counts it. Then half the body, `between`, and the rest.
async fn slow_post(
    address: &str,
    path: &str,
    token: &str,
    body: &str,
    between: impl std::future::Future<Output = ()>,
) -> String {
    let host = address.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let interim = tokio::time::timeout(Duration::from_secs(15), async {
        let mut interim = Vec::new();
        while !interim.ends_with(b"\r\n\r\n") {
            interim.push(stream.read_u8().await.unwrap());
        }
        String::from_utf8(interim).unwrap()
    })
    .await
    .expect("an interim response within 15 s");
    assert!(
        interim.starts_with("HTTP/1.1 100 Continue"),
        "dispatched before any body: {interim}"
    );
    let (first, second) = body.split_at(body.len() / 2);
    stream.write_all(first.as_bytes()).await.unwrap();
    between.await;
    stream.write_all(second.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

async fn sigterm_lets_a_request_in_flight_finish_and_leaves_no_outbox_claim(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    // This process sends no mail: only the server under test does.
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(smtp_url.into());
        s.workers = WorkerSet::none();
    })
    .await;
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let (_, conversation) = app.latest_conversation(&owner, "priya@lotusleaf.in").await;
    let cc = format!("/api/v1/conversations/{conversation}/cc_emails");
    let (status, _) = app
        .send_json(
            reqwest::Method::POST,
            &cc,
            Some(&owner),
            &serde_json::json!({"email": "ops@lotusleaf.in"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Slow mail: the server's outbox worker is mid-delivery when SIGTERM comes.
    smtp.set_data_delay(Duration::from_secs(3));
    // The drain's info lines too, to see it start.
    let server = ServerProcess::start(&app, &[("CONVOT_LOG", "warn,api::http::drain=info")]).await;
    let messages = format!("/api/v1/conversations/{conversation}/messages");
    for i in 0..3 {
        let response = app
            .client
            .post(format!("{}{messages}", server.url))
            .bearer_auth(&owner)
            .json(&serde_json::json!({"type": "outgoing", "content": format!("Before shutdown {i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // Polled, not slept: the worker polls every second on its own clock, so when it claims
    // depends on the load (up to 1.06 s after the posts with both cores busy, against the
    // 1.5 s once slept here). Had SIGTERM come first, the no-claim check would prove nothing.
    let deadline = Instant::now() + Duration::from_secs(15);
    while app
        .scalar_i64(
            "SELECT COUNT(*) FROM outbox_emails WHERE status = 'queued' AND claimed_until IS NOT NULL",
        )
        .await
        == 0
    {
        assert!(
            Instant::now() < deadline,
            "the worker claims no email within 15 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pid = server.pid();
    let response = slow_post(
        &server.url,
        &format!("/api/v1/conversations/{conversation}/messages"),
        &owner,
        r#"{"type": "note", "content": "Written while the server stops"}"#,
        async {
            let status = std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .unwrap();
            assert!(status.success());
            // The rest of the body only once the server is draining.
            server
                .wait_for_log("draining requests", Duration::from_secs(15))
                .await;
        },
    )
    .await;
    assert!(
        response.starts_with("HTTP/1.1 201"),
        "the request in flight completes: {response}"
    );
    let exit = tokio::time::timeout(Duration::from_secs(40), server.wait())
        .await
        .expect("the server exits");
    assert!(exit.success(), "clean exit: {exit:?}");
    let note = app
        .scalar_i64("SELECT COUNT(*) FROM messages WHERE content = 'Written while the server stops'")
        .await;
    assert_eq!(note, 1);
    let claimed = app
        .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status <> 'sent' AND claimed_until IS NOT NULL")
        .await;
    assert_eq!(claimed, 0, "no copy left claimed by the stopped process");
    let queued = app.scalar_i64("SELECT COUNT(*) FROM outbox_emails").await;
    assert_eq!(queued, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_request_in_flight_finish_and_leaves_no_outbox_claim_sqlite() {
    sigterm_lets_a_request_in_flight_finish_and_leaves_no_outbox_claim(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_request_in_flight_finish_and_leaves_no_outbox_claim_postgres() {
    sigterm_lets_a_request_in_flight_finish_and_leaves_no_outbox_claim(Backend::Postgres).await
}

/// A connection opened before SIGTERM is served even when its request comes after: the drain
/// waits for connections that have not sent a request yet, whether actix has accepted them or
/// the kernel still holds them in the accept queue. (It once stopped as soon as no dispatched
/// request was running, resetting such a connection.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_serves_a_connection_opened_before_it_whose_request_comes_after() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.workers = WorkerSet::none()).await;
    let server = ServerProcess::start(&app, &[("CONVOT_LOG", "warn,api::http::drain=info")]).await;
    let host = server.url.strip_prefix("http://").unwrap().to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    server
        .wait_for_log("draining requests", Duration::from_secs(15))
        .await;
    let request = format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "served after the signal: {response}"
    );
    let exit = tokio::time::timeout(Duration::from_secs(40), server.wait())
        .await
        .expect("the server exits");
    assert!(exit.success(), "clean exit: {exit:?}");
}
