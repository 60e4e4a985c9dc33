//! On a Citus cluster (a coordinator and two workers, scripts/lib/citus.sh): `convot migrate`
//! distributes every table as docs/scaling.md says, and every statement the hot endpoints run
//! is a single-shard router plan. The statements come from the running server, as in
//! query_plans.rs, so a new query on these paths is checked too. Skipped, with a line saying
//! so, when the test run has no cluster.
use crate::citus_cluster::{citus_available, empty_citus_database};
use crate::helpers::*;
use migration::citus::{DISTRIBUTION_COLUMN, KEYED_TABLES, REFERENCE_TABLES};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

async fn strings(db: &impl ConnectionTrait, sql: &str) -> Vec<Vec<String>> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            (0..row.column_names().len())
                .map(|i| row.try_get_by_index::<String>(i).unwrap_or_default())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn migrate_distributes_every_table_by_organization_and_again_changes_nothing() {
    if !citus_available("migrate_distributes_every_table") {
        return;
    }
    let url = empty_citus_database().await;
    let db = api::db::connect(&url, 2).await.unwrap();
    api::db::migrate(&db).await.expect("migrate on Citus");

    let tables: BTreeSet<String> = strings(&db, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'seaql_migrations'")
        .await
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(tables.len() > 20, "{tables:?}");
    // Each table: how Citus partitions it, by which column, in which co-location group.
    let dist: BTreeMap<String, (String, String, String)> = strings(
        &db,
        "SELECT logicalrelid::regclass::text, partmethod::text, \
         COALESCE(column_to_column_name(logicalrelid, partkey), ''), colocationid::text \
         FROM pg_dist_partition",
    )
    .await
    .into_iter()
    .map(|r| (r[0].clone(), (r[1].clone(), r[2].clone(), r[3].clone())))
    .collect();
    let mut problems = Vec::new();
    let mut groups = BTreeSet::new();
    for table in &tables {
        let Some((method, column, group)) = dist.get(table) else {
            problems.push(format!("{table} stayed local to the coordinator"));
            continue;
        };
        if REFERENCE_TABLES.contains(&table.as_str()) {
            if method != "n" {
                problems.push(format!("{table} should be a reference table, is {method}"));
            }
        } else if let Some((_, key)) = KEYED_TABLES.iter().find(|(t, _)| t == table) {
            if method != "h" || column != key {
                problems.push(format!(
                    "{table} should be hash-distributed by {key}, is {method} by {column}"
                ));
            }
        } else if method != "h" || column != DISTRIBUTION_COLUMN {
            problems.push(format!(
                "{table} should be hash-distributed by organization_id, is {method} by {column}"
            ));
        } else {
            groups.insert(group.clone());
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(
        groups.len(),
        1,
        "every tenant table co-located in one group: {groups:?}"
    );
    // The shards are on the workers, not the coordinator.
    let placements = strings(&db, "SELECT DISTINCT nodeport::text FROM pg_dist_shard_placement p JOIN pg_dist_shard s USING (shardid) WHERE s.logicalrelid = 'contacts'::regclass").await;
    assert_eq!(
        placements.len(),
        2,
        "contacts' shards on both workers: {placements:?}"
    );

    let again = migration::citus::distribute(&db).await.unwrap();
    assert!(
        again.citus && again.reference.is_empty() && again.distributed.is_empty(),
        "{again:?}"
    );
    db.close().await.unwrap();
}

/// How a statement runs on the coordinator, from its plan: `Ok(())` for a single-shard
/// router plan (one task, no intermediate results; a statement on reference tables only is one
/// task too), otherwise why not.
pub(crate) async fn router_plan(db: &impl ConnectionTrait, statement: &Statement) -> Result<(), String> {
    let mut explain = statement.clone();
    explain.sql = format!("EXPLAIN (FORMAT JSON) {}", statement.sql);
    let row = db
        .query_one_raw(explain)
        .await
        .map_err(|e| format!("EXPLAIN failed: {e}"))?
        .unwrap();
    let plan: Value = row.try_get_by_index(0).unwrap();
    let mut problems = Vec::new();
    inspect(&plan[0]["Plan"], &mut problems);
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("; ")),
    }
}

fn inspect(node: &Value, problems: &mut Vec<String>) {
    let provider = node["Custom Plan Provider"].as_str().unwrap_or_default();
    if provider.starts_with("Citus") {
        if provider != "Citus Adaptive" {
            // INSERT ... SELECT pulled to the coordinator or repartitioned, MERGE: steps.
            problems.push(format!(
                "{provider} ({})",
                node["INSERT/SELECT method"].as_str().unwrap_or("?")
            ));
        }
        let query = &node["Distributed Query"];
        if query["Subplans"].as_array().is_some_and(|s| !s.is_empty()) {
            problems.push("distributed subplans (intermediate results)".into());
        }
        let tasks = query["Job"]["Task Count"].as_i64();
        if tasks.is_some_and(|t| t > 1) {
            problems.push(format!("{} shards", tasks.unwrap()));
        }
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        inspect(child, problems);
    }
}

#[tokio::test]
async fn every_hot_statement_is_a_single_shard_router_plan() {
    if !citus_available("every_hot_statement_is_a_single_shard_router_plan") {
        return;
    }
    // No workers: their cross-organization scans are the named exceptions, not hot paths.
    let app = spawn_app_with(Backend::Citus, |s| s.workers = WorkerSet::none()).await;
    api::seed::bench::seed_bench(&app.db, 0.02)
        .await
        .expect("bench dataset on Citus");

    // The detector itself: a statement over every organization goes to every shard.
    let all = Statement::from_string(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT COUNT(*) FROM contacts",
    );
    assert!(router_plan(&app.db, &all).await.unwrap_err().contains("shards"));

    *app.recorded.lock().unwrap() = Some(Vec::new());
    crate::query_plans::exercise_hot_paths(&app).await;
    let statements = app.recorded.lock().unwrap().take().unwrap();
    let mut explained = 0;
    let mut failures = Vec::new();
    for statement in statements
        .iter()
        .filter(|s| crate::query_plans::explainable(&s.sql))
    {
        explained += 1;
        if let Err(why) = router_plan(&app.db, statement).await {
            failures.push(format!("{why}: {}", statement.sql));
        }
    }
    assert!(explained >= 40, "only {explained} statements were explained");
    // The writes of an event with a subscribed endpoint were among them.
    for table in [
        "contact_events",
        "change_events",
        "webhook_messages",
        "webhook_deliveries",
    ] {
        assert!(
            statements
                .iter()
                .any(|s| s.sql.starts_with(&format!("INSERT INTO \"{table}\""))),
            "no insert into {table} was explained"
        );
    }
    assert!(
        failures.is_empty(),
        "hot statements that are not single-shard router plans:\n{}",
        failures.join("\n\n")
    );
}

/// Identify, event and sidebar requests keep going while a third worker joins and the shards
/// are rebalanced onto it: none fails, and every row a request was answered for is there once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_worker_joins_and_shards_move_under_load_without_a_failed_request_or_a_lost_row() {
    if !citus_available("a_worker_joins_and_shards_move_under_load") {
        return;
    }
    let Some(spare) = crate::citus_cluster::spare_worker_port() else {
        eprintln!("a_worker_joins_and_shards_move_under_load: skipped, TEST_CITUS_SPARE_PORT is not set");
        return;
    };
    let app = spawn_app_with(Backend::Citus, |s| s.workers = WorkerSet::none()).await;
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let reviews = app.demo_app("Product Reviews").await;
    let key = app.api_key(&owner, reviews.id, &["events:write"]).await;
    let (contact, conversation) = app
        .latest_conversation(&owner, "olivia@northwind-outfitters.com")
        .await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let failures = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));

    let identifies = {
        let (app, stop, failures, public_key) = (
            app.clone(),
            stop.clone(),
            failures.clone(),
            reviews.public_key.clone(),
        );
        tokio::spawn(async move {
            let mut answered = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let session = app.widget_session(&public_key).await;
                let email = format!("rebalance-{answered}@example.com");
                let (status, body) = app.identify(&session, serde_json::json!({"email": email})).await;
                match status == reqwest::StatusCode::OK {
                    true => answered += 1,
                    false => failures
                        .lock()
                        .unwrap()
                        .push(format!("identify {status}: {body}")),
                }
            }
            answered
        })
    };
    let events = {
        let (app, stop, failures, key) = (app.clone(), stop.clone(), failures.clone(), key.clone());
        tokio::spawn(async move {
            let mut answered = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let (status, body) = app
                    .send_json(
                        reqwest::Method::POST,
                        &format!("/api/v1/contacts/{contact}/events"),
                        Some(&key),
                        &serde_json::json!({"name": "rebalance_event", "properties": {"n": answered}}),
                    )
                    .await;
                match status == reqwest::StatusCode::CREATED {
                    true => answered += 1,
                    false => failures.lock().unwrap().push(format!("event {status}: {body}")),
                }
            }
            answered
        })
    };
    let sidebars = {
        let (app, stop, failures, owner) = (app.clone(), stop.clone(), failures.clone(), owner.clone());
        tokio::spawn(async move {
            let mut answered = 0u64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let (status, body) = app
                    .get_json(&format!("/api/v1/conversations/{conversation}/sidebar"), &owner)
                    .await;
                match status == reqwest::StatusCode::OK {
                    true => answered += 1,
                    false => failures.lock().unwrap().push(format!("sidebar {status}: {body}")),
                }
            }
            answered
        })
    };

    // Load first, then the third worker joins and the shards spread onto it.
    let count_events = || async {
        app.scalar_i64("SELECT COUNT(*) FROM contact_events WHERE name = 'rebalance_event'")
            .await
    };
    crate::waiting::eventually(
        "requests answered on two workers",
        Duration::from_secs(60),
        || async { (count_events().await > 20).then_some(()) },
    )
    .await;
    let database = app
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    crate::citus_cluster::prepare_node(spare, &database).await;
    app.db_execute(&format!("SELECT citus_add_node('127.0.0.1', {spare})"))
        .await;
    app.db_execute("SELECT citus_rebalance_start()").await;
    app.db_execute("SELECT citus_rebalance_wait()").await;
    let moved = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM pg_dist_shard_placement p JOIN pg_dist_shard s USING (shardid) \
             WHERE p.nodeport = {spare} AND s.logicalrelid = 'contacts'::regclass"
        ))
        .await;
    assert!(
        moved > 0,
        "the rebalance moved shards of contacts to the new worker"
    );
    // A little more load on the grown cluster, then stop.
    let after = count_events().await;
    crate::waiting::eventually(
        "requests answered on three workers",
        Duration::from_secs(60),
        || async { (count_events().await > after + 20).then_some(()) },
    )
    .await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let (identified, posted, read) = (
        identifies.await.unwrap(),
        events.await.unwrap(),
        sidebars.await.unwrap(),
    );

    eprintln!("rebalance: {moved} contacts shards moved to the new worker; {identified} identifies, {posted} events, {read} sidebars answered meanwhile");
    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "failed requests during the rebalance:\n{}",
        failures.join("\n")
    );
    assert!(
        identified > 0 && posted > 0 && read > 0,
        "{identified} identifies, {posted} events, {read} sidebars"
    );
    let contacts = app
        .scalar_i64("SELECT COUNT(*) FROM contacts WHERE email LIKE 'rebalance-%'")
        .await;
    let distinct = app
        .scalar_i64("SELECT COUNT(DISTINCT email) FROM contacts WHERE email LIKE 'rebalance-%'")
        .await;
    assert_eq!(
        (contacts, distinct),
        (identified as i64, identified as i64),
        "one contact per answered identify"
    );
    let stored = app
        .scalar_i64("SELECT COUNT(*) FROM contact_events WHERE name = 'rebalance_event'")
        .await;
    let distinct = app
        .scalar_i64(
            "SELECT COUNT(DISTINCT properties::text) FROM contact_events WHERE name = 'rebalance_event'",
        )
        .await;
    assert_eq!(
        (stored, distinct),
        (posted as i64, posted as i64),
        "one event per answered post"
    );
}
