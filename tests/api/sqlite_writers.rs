//! SQLite under 50 concurrent writers for 30 s: writes queue (WAL, IMMEDIATE transactions,
//! busy timeout) and none fails with `database is locked`, nor any other 5xx.
use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::{Duration, Instant};

const WRITERS: usize = 50;
const RUN_FOR: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_writers_for_thirty_seconds_see_no_lock_error() {
    let app = spawn_app(Backend::Sqlite).await;
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app
        .api_key(&owner, reviews.id, &["events:write", "contacts:write"])
        .await;
    let contact = app
        .scalar_i64("SELECT MIN(id) FROM contacts WHERE email = 'olivia@northwind-outfitters.com'")
        .await;
    let mut sessions = Vec::new();
    for _ in 0..WRITERS {
        sessions.push(app.widget_session(&reviews.public_key).await);
    }
    let events_before = app.count("contact_events").await;
    let started = Instant::now();
    let writers = sessions.into_iter().enumerate().map(|(writer, session)| {
        let (app, key) = (&app, key.clone());
        async move {
            let mut outcomes = Vec::new();
            let mut n = 0;
            while started.elapsed() < RUN_FOR {
                n += 1;
                // Three kinds of write: a new contact, an event, an edit of one shared row.
                let (status, body) = match n % 3 {
                    0 => {
                        app.identify(&session, json!({"email": format!("w{writer}-{n}@writers.test")}))
                            .await
                    }
                    1 => {
                        app.send_json(
                            Method::POST,
                            &format!("/api/v1/contacts/{contact}/events"),
                            Some(&key),
                            &json!({"name": "write_load", "properties": {"writer": writer}}),
                        )
                        .await
                    }
                    _ => {
                        app.send_json(
                            Method::PATCH,
                            &format!("/api/v1/contacts/{contact}"),
                            Some(&key),
                            &json!({"company": format!("Writer {writer}")}),
                        )
                        .await
                    }
                };
                outcomes.push((n % 3, status, body));
            }
            outcomes
        }
    });
    let outcomes: Vec<_> = futures_util::future::join_all(writers)
        .await
        .into_iter()
        .flatten()
        .collect();
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|(_, status, _)| !status.is_success())
        .map(|(kind, status, body)| format!("kind {kind}: {status} {body}"))
        .take(5)
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} writes failed, e.g. {failures:#?}",
        failures.len(),
        outcomes.len()
    );
    assert!(!outcomes
        .iter()
        .any(|(_, _, body)| body.to_string().contains("locked")));
    let events = outcomes
        .iter()
        .filter(|(kind, status, _)| *kind == 1 && *status == StatusCode::CREATED)
        .count();
    assert_eq!(
        app.count("contact_events").await - events_before,
        events as i64,
        "every accepted event stored"
    );
    assert!(
        outcomes.len() > 1_000,
        "the load was real: {} writes",
        outcomes.len()
    );
    println!(
        "{} writes by {WRITERS} writers in {:?}",
        outcomes.len(),
        started.elapsed()
    );
}

/// Every pooled connection runs with WAL and `synchronous=NORMAL`, not only the first one
/// opened (the pragma used to be set once, on whichever connection the pool handed out).
#[tokio::test]
async fn every_pooled_sqlite_connection_gets_the_pragmas() {
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("pragmas.db").display());
    let db = api::db::connect(&url, 4).await.expect("connect");
    // Four open transactions hold four distinct connections of the pool at once.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(db.begin().await.expect("begin"));
    }
    for txn in &held {
        let read =
            |pragma: &str| Statement::from_string(sea_orm::DbBackend::Sqlite, format!("PRAGMA {pragma}"));
        let synchronous = txn.query_one_raw(read("synchronous")).await.unwrap().unwrap();
        assert_eq!(synchronous.try_get_by_index::<i64>(0).unwrap(), 1, "NORMAL is 1");
        let journal = txn.query_one_raw(read("journal_mode")).await.unwrap().unwrap();
        assert_eq!(journal.try_get_by_index::<String>(0).unwrap(), "wal");
        let busy = txn.query_one_raw(read("busy_timeout")).await.unwrap().unwrap();
        assert_eq!(busy.try_get_by_index::<i64>(0).unwrap(), 5000);
    }
}
