//! Two API processes on one PostgreSQL — this test's in-process server and the real
//! `convot serve` binary as a second OS process — behave as one product: tokens minted by
//! either work on both, presence, live updates and the outbox cross them, and concurrent
//! identifies split between them still make one contact. No state lives only in a process.
use crate::helpers::*;
use crate::server_process::ServerProcess;
use crate::smtp_server::SmtpServer;
use crate::stream::wait_for;
use crate::waiting::eventually;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashSet;

struct Nodes {
    /// Node 0 is the in-process server, node 1 the separate process.
    app: TestApp,
    other: TestApp,
    _second: ServerProcess,
}

impl Nodes {
    fn node(&self, node: usize) -> &TestApp {
        if node == 0 {
            &self.app
        } else {
            &self.other
        }
    }

    async fn send(
        &self,
        node: usize,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        match body {
            Some(body) => self.node(node).send_json(method, path, Some(token), &body).await,
            None => {
                let response = self
                    .node(node)
                    .request(method, path, Some(token))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                (status, response.json().await.unwrap_or(Value::Null))
            }
        }
    }

    async fn login(&self, node: usize, email: &str) -> String {
        self.node(node).login(email).await
    }

    async fn widget_session(&self, node: usize, public_key: &str) -> String {
        self.node(node).widget_session(public_key).await
    }
}

async fn tokens_minted_by_one_process_hold_on_the_other(nodes: &Nodes) {
    for (minted, used) in [(0, 1), (1, 0)] {
        let token = nodes.login(minted, ACME_OWNER).await;
        let (status, me) = nodes.send(used, Method::GET, "/api/v1/me", &token, None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "JWT from node {minted} on node {used}: {me}"
        );
        assert_eq!(me["user"]["email"], ACME_OWNER);
    }
    let owner = nodes.login(0, ACME_OWNER).await;
    let reviews = nodes.app.demo_app("Product Reviews").await;
    let (status, key) = nodes
        .send(
            0,
            Method::POST,
            &format!("/api/v1/apps/{}/api_keys", reviews.id),
            &owner,
            Some(json!({"name": "multi-node", "scopes": ["events:write"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{key}");
    let token = key["token"].as_str().unwrap();
    let contact = nodes
        .app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'emma@nordlys.dk'")
        .await;
    let events_path = format!("/api/v1/contacts/{contact}/events");
    let event = |node: usize| {
        nodes.send(
            node,
            Method::POST,
            &events_path,
            token,
            Some(json!({"name": "multi_node"})),
        )
    };
    assert_eq!(
        event(1).await.0,
        StatusCode::CREATED,
        "a key made on node 0 works on node 1"
    );
    let (status, _) = nodes
        .send(
            1,
            Method::DELETE,
            &format!("/api/v1/apps/{}/api_keys/{}", reviews.id, key["id"]),
            &owner,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        event(0).await.0,
        StatusCode::UNAUTHORIZED,
        "revoked on node 1, refused on node 0"
    );
}

async fn presence_written_through_one_process_is_read_on_the_other(nodes: &Nodes) {
    let reviews = nodes.app.demo_app("Product Reviews").await;
    let session = nodes.widget_session(0, &reviews.public_key).await;
    let (status, body) = nodes
        .send(
            1,
            Method::POST,
            "/api/v1/widget/identify",
            &session,
            Some(json!({"email": "roaming@example.com"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a session made on node 0 identifies on node 1: {body}"
    );
    let contact = nodes
        .app
        .contact_where("email = 'roaming@example.com'")
        .await
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let presence = |node: usize| async move {
        let owner = nodes.login(node, ACME_OWNER).await;
        let path = format!("/api/v1/contacts/{contact}");
        nodes.send(node, Method::GET, &path, &owner, None).await.1["presence"].clone()
    };
    let beat = |node: usize, visible: bool| {
        nodes.send(
            node,
            Method::POST,
            "/api/v1/widget/heartbeat",
            &session,
            Some(json!({"visible": visible, "active": visible})),
        )
    };
    assert_eq!(beat(1, true).await.0, StatusCode::NO_CONTENT);
    assert_eq!(presence(0).await, "online");
    assert_eq!(beat(0, false).await.0, StatusCode::NO_CONTENT);
    assert_eq!(presence(1).await, "idle");
}

async fn a_change_through_one_process_reaches_a_stream_on_the_other(nodes: &Nodes) {
    let owner = nodes.login(0, ACME_OWNER).await;
    let stream = nodes
        .node(1)
        .request(Method::GET, "/api/v1/stream", Some(&owner))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let contact = nodes
        .app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let tag = nodes
        .app
        .scalar_i64("SELECT id FROM tags WHERE name = 'wholesale'")
        .await;
    let (status, _) = nodes
        .send(
            0,
            Method::PUT,
            &format!("/api/v1/contacts/{contact}/tags/{tag}"),
            &owner,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let seen = wait_for(stream, &format!("\"contact_id\":{contact}")).await;
    assert!(seen.contains("\"kind\":\"contact_tags\""), "{seen}");
}

async fn replies_through_both_processes_are_mailed_once_each(nodes: &Nodes, smtp: &SmtpServer) {
    let owner = nodes.login(0, ACME_OWNER).await;
    let (_, conversation) = nodes.app.latest_conversation(&owner, "priya@lotusleaf.in").await;
    let (status, _) = nodes
        .send(
            1,
            Method::POST,
            &format!("/api/v1/conversations/{conversation}/cc_emails"),
            &owner,
            Some(json!({"email": "ops@lotusleaf.in"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for i in 0..20 {
        let (status, body) = nodes
            .send(
                i % 2,
                Method::POST,
                &format!("/api/v1/conversations/{conversation}/messages"),
                &owner,
                Some(json!({"type": "outgoing", "content": format!("Multi-node reply {i}")})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    smtp.wait_for(20, 30).await;
    // Once nothing is queued, neither process can still send: a double delivery would show.
    eventually("every copy sent", std::time::Duration::from_secs(30), || async {
        let queued = nodes
            .app
            .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status = 'queued'")
            .await;
        (queued == 0).then_some(())
    })
    .await;
    let mails = smtp.received();
    let ids: HashSet<String> = mails.iter().map(|m| m.header("message-id").unwrap()).collect();
    assert_eq!(mails.len(), 20, "every copy exactly once across both processes");
    assert_eq!(ids.len(), 20);
    let claimed = nodes
        .app
        .scalar_i64("SELECT COUNT(*) FROM outbox_emails WHERE status <> 'sent'")
        .await;
    assert_eq!(claimed, 0, "nothing left claimed or pending");
}

async fn identifies_split_between_the_processes_make_one_contact(nodes: &Nodes) {
    let reviews = nodes.app.demo_app("Product Reviews").await;
    let upsell = nodes.app.demo_app("Upsell Pro").await;
    let mut sessions = Vec::new();
    for i in 0..30 {
        let key = if i % 2 == 0 {
            &reviews.public_key
        } else {
            &upsell.public_key
        };
        sessions.push((i % 2, nodes.widget_session(i % 2, key).await));
    }
    for round in 0..8 {
        let email = format!("two-node-racer-{round}@example.com");
        let calls = sessions.iter().map(|(node, session)| {
            nodes.send(
                *node,
                Method::POST,
                "/api/v1/widget/identify",
                session,
                Some(json!({"email": email, "external_id": format!("two-node-{round}")})),
            )
        });
        for (status, body) in futures_util::future::join_all(calls).await {
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let count = nodes
            .app
            .scalar_i64(&format!("SELECT COUNT(*) FROM contacts WHERE email = '{email}'"))
            .await;
        assert_eq!(count, 1, "round {round}: one contact");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_api_processes_on_one_postgres_act_as_one() {
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let app = spawn_app_with(Backend::Postgres, move |s| s.smtp_url = Some(smtp_url.into())).await;
    app.seed_demo().await;
    let second = ServerProcess::start(&app, &[]).await;
    let other = app.at(&second.url);
    let nodes = Nodes {
        app,
        other,
        _second: second,
    };
    tokens_minted_by_one_process_hold_on_the_other(&nodes).await;
    presence_written_through_one_process_is_read_on_the_other(&nodes).await;
    a_change_through_one_process_reaches_a_stream_on_the_other(&nodes).await;
    replies_through_both_processes_are_mailed_once_each(&nodes, &smtp).await;
    identifies_split_between_the_processes_make_one_contact(&nodes).await;
}
