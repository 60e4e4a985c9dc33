//! The Shopify Partner integration against a real HTTP server on loopback: connecting,
//! first and incremental syncs, throttling and failures, MRR, revenue gating, secrecy, and
//! one sync per organization across API processes.
use crate::helpers::*;
use crate::on_all_backends;
use crate::on_all_databases;
use crate::partner_server::{PartnerServer, Scripted, TestCharge, TOKEN};
use crate::waiting::{eventually, holds_throughout};
use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SHOP: &str = "globex-shop.myshopify.com";

async fn setup(backend: Backend) -> (TestApp, PartnerServer, String, i64) {
    let partner = PartnerServer::start().await;
    let url = partner.url.clone();
    let app = spawn_app_with(backend, move |settings| settings.shopify_partner_api_url = url).await;
    app.seed_demo().await;
    let owner = app.login(GLOBEX_OWNER).await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE name = 'Olivia B. (Globex)'")
        .await;
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE contacts SET shopify_domain = '{SHOP}' WHERE id = {contact}"
        ))
        .await
        .unwrap();
    (app, partner, owner, contact)
}

/// Connects Globex to the stand-in (Partner app 555 → Globex Forms); the sync starts at once.
pub(crate) async fn connect(app: &TestApp, owner: &str) -> Value {
    let forms = app.demo_app("Globex Forms").await;
    let (status, body) = app
        .send_json(
            Method::PUT,
            "/api/v1/integrations/shopify",
            Some(owner),
            &json!({
                "partner_organization_id": "987654",
                "access_token": TOKEN,
                "apps": [{"partner_app_id": "555", "app_id": forms.id}]
            }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Waits until a sync has finished (successfully or not) after `since`. The deadline is long
/// on purpose: twelve failing syncs of four tries each once took over 30 s on a loaded machine
/// (a deadline costs nothing when the wait succeeds).
async fn settled(app: &TestApp, owner: &str, want: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let (_, body) = app.get_json("/api/v1/integrations/shopify", owner).await;
        let done = match want {
            "synced" => body["status"] == "connected" && body["last_synced_at"].is_string(),
            "exhausted" => body["retries_exhausted"] == true,
            _ => unreachable!(),
        };
        if done {
            return body;
        }
        assert!(Instant::now() < deadline, "never {want}: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A monthly merchant on "Pro" with three paid months, plus another shop's install.
fn fixture(partner: &PartnerServer) {
    let pro = TestCharge {
        id: 9001,
        name: "Pro",
        amount: "30.00",
        test: false,
    };
    partner.install(SHOP, "2026-09-01T10:00:00Z");
    partner.charge_event(
        "SUBSCRIPTION_CHARGE_ACTIVATED",
        SHOP,
        "2026-09-01T10:00:01Z",
        &pro,
    );
    partner.install("other-shop.myshopify.com", "2026-09-03T10:00:00Z");
    for (n, at) in [
        "2026-09-02T10:00:00Z",
        "2026-10-02T10:00:00Z",
        "2026-11-01T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        partner.sale(&format!("{}", n + 1), SHOP, at, &pro, "EVERY_30_DAYS");
    }
}

async fn first_and_incremental_syncs_page_through_and_read_only_what_is_new(backend: Backend) {
    let (app, partner, owner, contact) = setup(backend).await;
    fixture(&partner);
    partner.page_size(2);
    connect(&app, &owner).await;
    let status = settled(&app, &owner, "synced").await;
    assert_eq!(status["consecutive_failures"], 0);
    assert_eq!(status["api_version"], "2026-10");
    assert!(status["api_version_warning"].is_null(), "{status}");
    let (code, shopify) = app
        .get_json(&format!("/api/v1/contacts/{contact}/shopify"), &owner)
        .await;
    assert_eq!(code, StatusCode::OK, "{shopify}");
    let merchant = &shopify["merchants"][0];
    assert_eq!(merchant["shop_domain"], SHOP);
    assert_eq!(merchant["app_name"], "Globex Forms");
    assert_eq!(merchant["plan_name"], "Pro");
    assert_eq!(merchant["subscription_status"], "active");
    assert_eq!(merchant["billing_interval"], "EVERY_30_DAYS");
    assert_eq!(merchant["mrr"], json!({"amount_minor": 3000, "currency": "USD"}));
    assert_eq!(
        merchant["lifetime_value"]["amount_minor"], 7200,
        "three net sales of 24.00"
    );
    assert_eq!(merchant["installed_at"], "2026-09-01T10:00:00Z");
    let requests = partner.seen();
    assert!(
        partner.invalid_queries().is_empty(),
        "{:?}",
        partner.invalid_queries()
    );
    assert!(
        requests
            .iter()
            .all(|r| r.path == "/987654/api/2026-10/graphql.json"
                || r.path == "/987654/api/unstable/graphql.json"),
        "{:?}",
        requests.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert!(requests.iter().all(|r| r.token.as_deref() == Some(TOKEN)));
    assert!(
        requests
            .iter()
            .filter(|r| r.body["variables"]["after"].is_string())
            .count()
            >= 2,
        "paged through both lists"
    );

    // Incremental: only what is new since the last sync is asked for and applied.
    let pro = TestCharge {
        id: 9001,
        name: "Pro",
        amount: "30.00",
        test: false,
    };
    partner.charge_event("SUBSCRIPTION_CHARGE_FROZEN", SHOP, "2026-11-20T10:00:00Z", &pro);
    let before = partner.seen().len();
    let (code, _) = app
        .send_json(
            Method::POST,
            "/api/v1/integrations/shopify/sync",
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(code, StatusCode::ACCEPTED);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, shopify) = app
            .get_json(&format!("/api/v1/contacts/{contact}/shopify"), &owner)
            .await;
        if shopify["merchants"][0]["subscription_status"] == "frozen" {
            assert_eq!(
                shopify["merchants"][0]["mrr"]["amount_minor"], 0,
                "a frozen charge earns nothing"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the frozen event never arrived: {shopify}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let incremental = &partner.seen()[before..];
    let event_query = incremental
        .iter()
        .find(|r| r.body["query"].as_str().unwrap().contains("AppEvents"))
        .unwrap();
    assert_eq!(
        event_query.body["variables"]["occurredAtMin"], "2026-09-03T10:00:00Z",
        "starts where the last sync ended"
    );
    let sales = app
        .scalar_i64("SELECT COUNT(*) FROM shopify_transactions t JOIN organizations o ON o.id = t.organization_id WHERE o.name = 'Globex'")
        .await;
    assert_eq!(sales, 3, "re-read boundaries are not counted twice");
    let (_, shopify) = app
        .get_json(&format!("/api/v1/contacts/{contact}/shopify"), &owner)
        .await;
    assert_eq!(shopify["merchants"][0]["lifetime_value"]["amount_minor"], 7200);
}

async fn a_429_waits_for_retry_after_and_500s_are_retried(backend: Backend) {
    let (app, partner, owner, contact) = setup(backend).await;
    fixture(&partner);
    partner.script(&[
        // Connecting asks once and does not wait: a 500 there is no reason to refuse.
        Scripted::ServerError,
        // The sync is patient.
        Scripted::Throttle { retry_after_secs: 2 },
        Scripted::ServerError,
        Scripted::ServerError,
    ]);
    connect(&app, &owner).await;
    settled(&app, &owner, "synced").await;
    let seen = partner.seen();
    assert_eq!(
        seen.iter().take(4).map(|r| r.status).collect::<Vec<_>>(),
        vec![500, 429, 500, 500]
    );
    let waited = seen[2].at.duration_since(seen[1].at);
    assert!(
        waited >= Duration::from_secs(2),
        "waited only {waited:?} after a 429 with Retry-After: 2"
    );
    let (_, shopify) = app
        .get_json(&format!("/api/v1/contacts/{contact}/shopify"), &owner)
        .await;
    assert_eq!(
        shopify["merchants"][0]["plan_name"], "Pro",
        "500, 500, 200 still syncs"
    );
}

async fn twelve_failed_syncs_stop_the_schedule_until_sync_now(backend: Backend) {
    let (app, partner, owner, _) = setup(backend).await;
    partner.fail_always(true);
    connect(&app, &owner).await;
    let status = settled(&app, &owner, "exhausted").await;
    assert_eq!(status["consecutive_failures"], 12);
    assert_eq!(status["status"], "error");
    assert!(
        status["last_error"]
            .as_str()
            .unwrap()
            .starts_with("retries_exhausted"),
        "{status}"
    );
    let requests = partner.seen().len();
    // Four times the sync interval: a schedule still running would have asked again.
    holds_throughout(
        "no more syncs once exhausted",
        Duration::from_millis(800),
        || async { partner.seen().len() == requests },
    )
    .await;
    partner.fail_always(false);
    let (code, body) = app
        .send_json(
            Method::POST,
            "/api/v1/integrations/shopify/sync",
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(code, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["retries_exhausted"], false);
    settled(&app, &owner, "synced").await;
}

async fn the_token_is_never_returned_logged_or_stored_in_plaintext_and_only_owners_manage(backend: Backend) {
    let (app, partner, owner, _) = setup(backend).await;
    fixture(&partner);
    let (status, body) = app
        .send_json(
            Method::PUT,
            "/api/v1/integrations/shopify",
            Some(&owner),
            &json!({"partner_organization_id": "abc", "access_token": "shpat_nope", "apps": []}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = body["error"]["details"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("partner_organization_id")
            && fields.contains_key("access_token")
            && fields.contains_key("apps")
    );
    let forms = app.demo_app("Globex Forms").await;
    let (status, body) = app
        .send_json(
            Method::PUT,
            "/api/v1/integrations/shopify",
            Some(&owner),
            &json!({"partner_organization_id": "987654", "access_token": TOKEN,
                    "apps": [{"partner_app_id": "555", "app_id": forms.id},
                             {"partner_app_id": "gid://partners/App/555", "app_id": forms.id}]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "one Partner app mapped twice: {body}"
    );
    assert_eq!(
        body["error"]["details"]["fields"]["apps.1.partner_app_id"],
        "is mapped twice"
    );
    let connected = connect(&app, &owner).await;
    settled(&app, &owner, "synced").await;
    let (_, status) = app.get_json("/api/v1/integrations/shopify", &owner).await;
    for body in [&connected, &status] {
        assert!(!body.to_string().contains("prtapi_"), "{body}");
    }
    let stored = app.scalar_i64(&format!("SELECT COUNT(*) FROM shopify_integrations WHERE token_ciphertext LIKE '%{TOKEN}%' OR token_ciphertext LIKE '%prtapi%'")).await;
    assert_eq!(stored, 0, "the token is encrypted at rest");
    assert!(
        !captured_logs().contains(TOKEN),
        "the token never reaches the logs"
    );
    let acme_agent = app.login(ACME_AGENT).await;
    for (method, path) in [
        (Method::GET, "/api/v1/integrations/shopify"),
        (Method::POST, "/api/v1/integrations/shopify/sync"),
        (Method::DELETE, "/api/v1/integrations/shopify"),
    ] {
        let (code, _) = app.send_json(method, path, Some(&acme_agent), &json!(null)).await;
        assert_eq!(
            code,
            StatusCode::FORBIDDEN,
            "agents may not manage the integration"
        );
    }
    let (code, _) = app
        .send_json(
            Method::DELETE,
            "/api/v1/integrations/shopify",
            Some(&owner),
            &json!(null),
        )
        .await;
    assert_eq!(code, StatusCode::NO_CONTENT);
    let (code, _) = app.get_json("/api/v1/integrations/shopify", &owner).await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let left = app.scalar_i64("SELECT COUNT(*) FROM shopify_merchants m JOIN organizations o ON o.id = m.organization_id WHERE o.name = 'Globex'").await;
    assert_eq!(left, 0, "disconnecting forgets the merchants");
}

async fn two_api_processes_never_sync_one_organization_at_once(backend: Backend) {
    let (app, partner, owner, _) = setup(backend).await;
    fixture(&partner);
    partner.slow_down(Duration::from_millis(150));
    let mut second = test_settings(
        app.database_url.clone(),
        &std::env::temp_dir().join(format!("second-{}", uuid::Uuid::new_v4())),
    );
    second.shopify_partner_api_url = partner.url.clone();
    let db = api::db::connect(second.database_url.expose_secret(), 5)
        .await
        .unwrap();
    let other = api::startup::Application::build_with_db(second, db)
        .await
        .unwrap();
    let other_url = format!("http://127.0.0.1:{}", other.port());
    tokio::spawn(other.run_until_stopped());
    connect(&app, &owner).await;
    settled(&app, &owner, "synced").await;
    // Each round asks both processes at once, so both workers find the sync due together;
    // only the lease keeps them from running it side by side.
    let client = reqwest::Client::new();
    for round in 0..3 {
        let before = partner.seen().len();
        let ask = |base: String| {
            let request = client
                .post(format!("{base}/api/v1/integrations/shopify/sync"))
                .bearer_auth(&owner)
                .json(&json!(null));
            async move { request.send().await.unwrap().status() }
        };
        let (here, there) = tokio::join!(ask(app.address.clone()), ask(other_url.clone()));
        assert_eq!(
            (here, there),
            (StatusCode::ACCEPTED, StatusCode::ACCEPTED),
            "round {round}"
        );
        eventually("the asked-for sync ran", Duration::from_secs(30), || async {
            (partner.seen().len() > before).then_some(())
        })
        .await;
        settled(&app, &owner, "synced").await;
    }
    assert_eq!(partner.max_in_flight(), 1, "one sync at a time per organization");
}

/// Shopify retires a dated version about 12 months after release; its URL then answers 404,
/// as does a wrong organization id. The version list (through `unstable`) tells them apart.
async fn a_retired_api_version_is_named_as_such_not_as_a_bad_organization(backend: Backend) {
    let partner = PartnerServer::start().await;
    let url = partner.url.clone();
    let app = spawn_app_with(backend, move |settings| {
        settings.shopify_partner_api_url = url;
        settings.shopify_partner_api_version = "2025-01".into();
    })
    .await;
    app.seed_demo().await;
    let owner = app.login(GLOBEX_OWNER).await;
    fixture(&partner);
    let connected = connect(&app, &owner).await;
    let retired = "API version 2025-01 is no longer supported; supported: 2026-01, 2026-04, 2026-07, 2026-10";
    assert_eq!(connected["api_version"], "2025-01");
    assert_eq!(connected["api_version_warning"], retired, "checked at connect");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        let (_, body) = app.get_json("/api/v1/integrations/shopify", &owner).await;
        if body["status"] == "error" {
            break body;
        }
        assert!(Instant::now() < deadline, "the sync never failed: {body}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status["last_error"], retired, "{status}");
    assert!(partner
        .seen()
        .iter()
        .any(|r| r.status == 404 && r.path.contains("/2025-01/")));

    // A wrong organization id is refused at connect, in the form's own field.
    let forms = app.demo_app("Globex Forms").await;
    let (code, body) = app
        .send_json(
            Method::PUT,
            "/api/v1/integrations/shopify",
            Some(&owner),
            &json!({"partner_organization_id": "111111", "access_token": TOKEN,
                    "apps": [{"partner_app_id": "555", "app_id": forms.id}]}),
        )
        .await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let message = body["error"]["details"]["fields"]["partner_organization_id"]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("no such Partner organization: 111111"),
        "{message}"
    );
    let (_, still) = app.get_json("/api/v1/integrations/shopify", &owner).await;
    assert_eq!(
        still["partner_organization_id"], "987654",
        "a refused connect writes nothing"
    );
}

/// A version still served but marked unsupported syncs, with a warning to move on.
async fn a_version_on_its_way_out_syncs_with_a_warning(backend: Backend) {
    let partner = PartnerServer::start().await;
    let url = partner.url.clone();
    let app = spawn_app_with(backend, move |settings| {
        settings.shopify_partner_api_url = url;
        settings.shopify_partner_api_version = "2025-10".into();
    })
    .await;
    app.seed_demo().await;
    let owner = app.login(GLOBEX_OWNER).await;
    fixture(&partner);
    connect(&app, &owner).await;
    let status = settled(&app, &owner, "synced").await;
    let warning = status["api_version_warning"].as_str().unwrap();
    assert!(
        warning.starts_with("API version 2025-10 is still served but no longer supported")
            && warning.ends_with("2026-01, 2026-04, 2026-07, 2026-10"),
        "{warning}"
    );
    assert!(status["last_error"].is_null());
}

on_all_backends!(
    a_retired_api_version_is_named_as_such_not_as_a_bad_organization,
    a_version_on_its_way_out_syncs_with_a_warning,
    first_and_incremental_syncs_page_through_and_read_only_what_is_new,
    a_429_waits_for_retry_after_and_500s_are_retried,
    twelve_failed_syncs_stop_the_schedule_until_sync_now,
    the_token_is_never_returned_logged_or_stored_in_plaintext_and_only_owners_manage,
    two_api_processes_never_sync_one_organization_at_once,
);

async fn revenue_figures_are_absent_without_the_revenue_permission(app: TestApp) {
    app.seed_demo().await;
    let olivia = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let owner = app.login(ACME_OWNER).await;
    let agent = app.login(ACME_AGENT).await;
    let (_, as_owner) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/shopify"), &owner)
        .await;
    assert!(as_owner["merchants"][0]["mrr"].is_object());
    assert!(as_owner["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["event_type"] == "APP_SUBSCRIPTION_SALE"));
    assert!(as_owner["merchants"][0]["mrr_history"].is_array());
    let (status, as_agent) = app
        .get_json(&format!("/api/v1/contacts/{olivia}/shopify"), &agent)
        .await;
    assert_eq!(status, StatusCode::OK);
    for merchant in as_agent["merchants"].as_array().unwrap() {
        assert!(
            merchant.get("mrr").is_none()
                && merchant.get("lifetime_value").is_none()
                && merchant.get("mrr_history").is_none(),
            "{merchant}"
        );
    }
    let events = as_agent["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(
        events
            .iter()
            .all(|e| !e["event_type"].as_str().unwrap().starts_with("APP_")
                && e["details"].get("amount").is_none()),
        "no revenue transactions or amounts: {events:?}"
    );
    let (_, conversation) = app
        .latest_conversation(&agent, "olivia@northwind-outfitters.com")
        .await;
    let (_, sidebar) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &agent)
        .await;
    assert_eq!(sidebar["shopify"]["plan_name"], "Pro");
    let row = &sidebar["shopify"];
    assert!(
        row.get("mrr").is_none() && row.get("lifetime_value").is_none() && row.get("mrr_history").is_none(),
        "{row}"
    );
    for other in row["other_merchants"].as_array().unwrap() {
        assert!(
            other.get("mrr").is_none() && other.get("mrr_history").is_none(),
            "{other}"
        );
    }
    // The owner's sidebar has the chart and the shop's other Partner apps, as the merchant
    // endpoint lists them.
    let (_, owners) = app
        .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
        .await;
    let merchants = as_owner["merchants"].as_array().unwrap();
    let own = merchants
        .iter()
        .find(|m| m["partner_app_id"] == owners["shopify"]["partner_app_id"])
        .unwrap();
    assert!(!own["mrr_history"].as_array().unwrap().is_empty());
    assert_eq!(owners["shopify"]["mrr_history"], own["mrr_history"]);
    let others: Vec<&Value> = merchants.iter().filter(|m| *m != own).collect();
    assert_eq!(
        owners["shopify"]["other_merchants"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        others
    );
}

on_all_databases!(revenue_figures_are_absent_without_the_revenue_permission);

/// The stand-in holds the product to Shopify's limit: a client that does not pace itself is
/// answered 429, so `rate_limited() == 0` in the sync tests means the pacing works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stand_in_answers_429_past_four_requests_a_second() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let partner = PartnerServer::start().await;
    let client = reqwest::Client::new();
    let query = json!({"query": api::integrations::partner_queries::public_api_versions::QUERY});
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let response = client
            .post(format!("{}/987654/api/unstable/graphql.json", partner.url))
            .header("X-Shopify-Access-Token", TOKEN)
            .json(&query)
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    // Judged by when the stand-in saw each request: a request with four others in the second
    // before it is 429, any other 200, whatever the machine's speed.
    let seen = partner.seen();
    for (n, request) in seen.iter().enumerate() {
        let recent = seen[..n]
            .iter()
            .filter(|r| request.at.duration_since(r.at) < Duration::from_secs(1))
            .count();
        assert_eq!(
            request.status,
            if recent >= 4 { 429 } else { 200 },
            "{statuses:?}"
        );
    }
    assert_eq!(&statuses[..4], &[200, 200, 200, 200], "{statuses:?}");
    let retired = client
        .post(format!("{}/987654/api/2025-01/graphql.json", partner.url))
        .json(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(
        retired.status(),
        StatusCode::NOT_FOUND,
        "a retired version is not served"
    );
}

/// "Sync now" pressed while a sync runs is not swallowed when that sync ends: the running
/// sync may have read the Partner API before the owner's change, so the next one stays due at
/// once instead of waiting a whole interval.
async fn sync_now_during_a_running_sync_stays_due(backend: Backend) {
    use api::repo::shopify::{self, SyncOutcome};
    use chrono::{Duration as Span, Utc};
    // No sync worker: this test plays it.
    let app = spawn_app_with(backend, |settings| settings.workers = WorkerSet::none()).await;
    app.seed_demo().await;
    let acme = app
        .scalar_i64("SELECT id FROM organizations WHERE name = 'Acme Apps'")
        .await;
    let next_at = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            shopify::integration(&db, acme)
                .await
                .unwrap()
                .unwrap()
                .next_sync_at
                .expect("scheduled")
        }
    };
    let interval = Span::minutes(5);
    for requested_during_the_run in [false, true] {
        let started = Utc::now();
        shopify::make_sync_due(&app.db, acme, started).await.unwrap();
        assert!(
            shopify::take_lease(&app.db, acme, "worker-a", started, started + Span::minutes(10))
                .await
                .unwrap()
        );
        let pressed = started + Span::milliseconds(5);
        if requested_during_the_run {
            shopify::make_sync_due(&app.db, acme, pressed).await.unwrap();
        }
        let ended = started + Span::milliseconds(10);
        let outcome = SyncOutcome::Succeeded {
            next_sync_at: ended + interval,
        };
        shopify::finish_sync(&app.db, acme, "worker-a", outcome, started, ended)
            .await
            .unwrap();
        let next = next_at(&app).await;
        if requested_during_the_run {
            assert_eq!(
                next.timestamp_millis(),
                pressed.timestamp_millis(),
                "the request stays due"
            );
        } else {
            assert_eq!(
                next.timestamp_millis(),
                (ended + interval).timestamp_millis(),
                "the schedule"
            );
        }
    }
}

on_all_backends!(sync_now_during_a_running_sync_stays_due);
