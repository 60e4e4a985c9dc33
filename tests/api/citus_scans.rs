//! On Citus, the only statements that go to every shard are the background scans across
//! organizations, each named here: a process with every worker on, given work for each (an
//! email, a webhook delivery, an import, a due Shopify sync), runs until each named scan and
//! each per-organization lease after it has run, and every statement it sent is explained on
//! the coordinator. A new scan over
//! every shard fails the test until it is named (and docs/scaling.md says why it may).
use crate::citus::router_plan;
use crate::citus_cluster::citus_available;
use crate::helpers::*;
use crate::smtp_server::SmtpServer;
use crate::waiting::eventually;
use crate::{imports, outbox, webhook_fixtures};
use std::sync::Arc;
use std::time::Duration;

/// A statement that may go to every shard: what it does, a fragment of its SQL, and how
/// often the test waits to see it (twice for the polling workers, so one whole cycle of each
/// has run after its first scan; once for upkeep, which runs at start and then every ten
/// minutes; not at all for those that run only at a stop or on a slow send).
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
    // By the worker's lease token, whichever organizations its rows are in: a stopping process
    // giving its leases back, and the webhook sender keeping or returning the leases of sends
    // still on the wire. Not waited for (a stop, a slow receiver): named so that, when they do
    // run, they are expected.
    Scan {
        what: "a stopping process gives back its email leases",
        fragment: "UPDATE outbox_emails SET claimed_until = NULL, claim_token = NULL WHERE claim_token = $1",
        runs: 0,
    },
    Scan {
        what: "a stopping sender gives back its delivery leases",
        fragment: "UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL \
             WHERE claim_token = $1 AND status = 'pending'",
        runs: 0,
    },
    Scan {
        what: "the sender renews the leases of sends still on the wire",
        fragment: "UPDATE webhook_deliveries SET claimed_until = $1 WHERE claim_token = $2 AND id IN",
        runs: 0,
    },
    Scan {
        what: "the sender gives back the leases of sends it did not make",
        fragment: "UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL \
         WHERE claim_token = $1 AND id IN",
        runs: 0,
    },
];

/// The per-organization statements that follow a scan when it finds work, each by a fragment:
/// the test waits for them too, so they are explained (each must go to one shard).
const FOLLOW_UPS: &[&str] = &[
    "UPDATE outbox_emails SET",
    "UPDATE webhook_deliveries SET",
    "UPDATE contact_imports SET",
    "UPDATE \"shopify_integrations\" SET",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_statements_over_every_shard_are_the_named_background_scans() {
    if !citus_available("the_only_statements_over_every_shard_are_the_named_background_scans") {
        return;
    }
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let sent: EveryStatement = Arc::default();
    let app = spawn_app_recording(
        Backend::Citus,
        move |settings| settings.smtp_url = Some(smtp_url.into()),
        Some(sent.clone()),
    )
    .await;

    // Work for every worker: an email to send, a webhook delivery (to a closed port: it fails
    // and is retried), an import, a Shopify sync due (against a closed port: it fails).
    let s = webhook_fixtures::setup(&app).await;
    webhook_fixtures::create_endpoint(&app, &s, "http://127.0.0.1:9/scan", &["event.created"]).await;
    webhook_fixtures::post_event(&app, &s, "scanned").await;
    let conversation = outbox::conversation_with_ccs(&app, &s.owner, &["scan@lotusleaf.in"]).await;
    outbox::reply(&app, &s.owner, &conversation, "outgoing", "On its way").await;
    imports::import(&app, &s.owner, "email,name\nscan@import.test,Scan\n").await;
    app.db_execute("UPDATE shopify_integrations SET next_sync_at = created_at, retries_exhausted = false")
        .await;
    smtp.wait_for(1, 60).await;

    let runs = |fragment: &str| {
        sent.lock()
            .unwrap()
            .iter()
            .filter(|s| s.sql.contains(fragment))
            .count()
    };
    eventually(
        "every background scan has run, with work",
        Duration::from_secs(60),
        || async {
            let scanned = BACKGROUND_SCANS
                .iter()
                .all(|scan| runs(scan.fragment) >= scan.runs);
            let followed = FOLLOW_UPS.iter().all(|fragment| runs(fragment) >= 1);
            (scanned && followed).then_some(())
        },
    )
    .await;
    let mut distinct: Vec<sea_orm::Statement> = Vec::new();
    for statement in sent.lock().unwrap().iter() {
        if !distinct.iter().any(|d| d.sql == statement.sql) {
            distinct.push(statement.clone());
        }
    }
    let explainer = api::db::connect(&app.database_url, 1).await.expect("connect");
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
    for scan in BACKGROUND_SCANS.iter().filter(|scan| scan.runs > 0) {
        assert!(
            over_every_shard.contains(scan.what),
            "named as a scan over every shard, but routed to one: {}",
            scan.what
        );
    }
}
