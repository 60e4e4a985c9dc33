//! On Citus, the only statements that go to every shard are the background scans across
//! organizations, each named here: a process with every worker on runs until each named scan
//! has run, and every statement it sent is explained on the coordinator. A new scan over
//! every shard fails the test until it is named (and docs/scaling.md says why it may).
use crate::citus::router_plan;
use crate::citus_cluster::{citus_available, fresh_citus_database};
use crate::helpers::*;
use crate::waiting::eventually;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A statement that may go to every shard: what it does, a fragment of its SQL, and how
/// often the test waits to see it (twice for the polling workers, so one whole cycle of each
/// has run after its first scan; once for upkeep, which runs at start and then every ten
/// minutes).
struct Scan {
    what: &'static str,
    fragment: &'static str,
    runs: usize,
}

const BACKGROUND_SCANS: &[Scan] = &[
    Scan {
        what: "email outbox: the due emails of every organization (then leased per organization)",
        fragment: "FROM outbox_emails WHERE status = 'queued' AND next_attempt_at <=",
        runs: 2,
    },
    Scan {
        what: "webhook sender: the due deliveries of every organization (then leased per organization)",
        fragment: "FROM webhook_deliveries d JOIN webhook_endpoints e",
        runs: 2,
    },
    Scan {
        what: "contact imports: the next queued or abandoned import job",
        fragment: "FROM contact_imports WHERE status = 'queued'",
        runs: 2,
    },
    Scan {
        what: "Shopify sync: the organizations whose sync is due",
        fragment: "\"shopify_integrations\".\"next_sync_at\" <=",
        runs: 2,
    },
    Scan {
        what: "upkeep: pruning the change feed",
        fragment: "DELETE FROM \"change_events\" WHERE \"change_events\".\"created_at\" <",
        runs: 1,
    },
    Scan {
        what: "upkeep: pruning ended login throttle windows",
        fragment: "DELETE FROM login_throttles WHERE window_started_at <=",
        runs: 1,
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_statements_over_every_shard_are_the_named_background_scans() {
    if !citus_available("the_only_statements_over_every_shard_are_the_named_background_scans") {
        return;
    }
    init_once();
    let url = fresh_citus_database().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = test_settings(url.clone(), dir.path());
    std::fs::create_dir_all(&settings.static_dir).unwrap();
    std::fs::write(settings.static_dir.join("index.html"), "<!doctype html>").unwrap();
    let mut db = api::db::connect(&url, 5).await.expect("connect");
    let sent: Arc<Mutex<Vec<sea_orm::Statement>>> = Arc::default();
    let recorder = sent.clone();
    db.set_metric_callback(move |info| recorder.lock().unwrap().push(info.statement.clone()));
    let application = api::startup::Application::build_with_db(settings, db.clone())
        .await
        .expect("build app");
    tokio::spawn(application.run_until_stopped());

    let runs = |fragment: &str| {
        sent.lock()
            .unwrap()
            .iter()
            .filter(|s| s.sql.contains(fragment))
            .count()
    };
    eventually(
        "every background scan has run",
        Duration::from_secs(60),
        || async {
            BACKGROUND_SCANS
                .iter()
                .all(|scan| runs(scan.fragment) >= scan.runs)
                .then_some(())
        },
    )
    .await;
    let mut distinct: Vec<sea_orm::Statement> = Vec::new();
    for statement in sent.lock().unwrap().iter() {
        if !distinct.iter().any(|d| d.sql == statement.sql) {
            distinct.push(statement.clone());
        }
    }
    let explainer = api::db::connect(&url, 1).await.expect("connect");
    let mut unnamed = Vec::new();
    let mut over_every_shard = std::collections::BTreeSet::new();
    for statement in distinct
        .iter()
        .filter(|s| crate::query_plans::explainable(&s.sql))
    {
        let Err(why) = router_plan(&explainer, statement).await else {
            continue;
        };
        match BACKGROUND_SCANS
            .iter()
            .find(|scan| statement.sql.contains(scan.fragment))
        {
            Some(scan) => {
                over_every_shard.insert(scan.what);
            }
            None => unnamed.push(format!("{why}: {}", statement.sql)),
        }
    }
    assert!(
        unnamed.is_empty(),
        "statements over several shards that are not named background scans:\n{}",
        unnamed.join("\n\n")
    );
    // And each named scan does go to every shard (else it belongs with the routed ones).
    for scan in BACKGROUND_SCANS {
        assert!(
            over_every_shard.contains(scan.what),
            "named as a scan over every shard, but routed to one: {}",
            scan.what
        );
    }
}
