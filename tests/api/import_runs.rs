//! Contact import runs: progress while a run goes on, a crashed run resumed after its last
//! committed batch (a live lease never taken over), and two API processes never running one
//! import twice.
use crate::helpers::*;
use crate::imports::{post_csv, wait_finished, IMPORTS};
use crate::waiting::eventually;
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

async fn progress_is_reported_while_an_import_runs(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let mut csv = String::from("email,name,tags\n");
    for i in 0..1_600 {
        csv.push_str(&format!("progress{i}@import.test,Person {i},batch\n"));
    }
    let (status, queued) = post_csv(&app, &owner, "?file_name=big.csv", &csv).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    assert_eq!(queued["status"], "queued");
    assert_eq!(queued["file_name"], "big.csv");
    assert_eq!(queued["total_rows"], 1_600);
    let id = queued["id"].as_i64().unwrap();
    let path = format!("{IMPORTS}/{id}");
    let seen = std::sync::Mutex::new(Vec::new());
    let done = eventually("the import finishes", Duration::from_secs(60), || async {
        let (_, body) = app.get_json(&path, &owner).await;
        seen.lock()
            .unwrap()
            .push(body["processed_rows"].as_i64().unwrap());
        (body["status"] == "done").then_some(body)
    })
    .await;
    let seen = seen.into_inner().unwrap();
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back: {seen:?}"
    );
    assert!(
        seen.iter().all(|n| n % 500 == 0 || *n == 1_600),
        "progress moves a batch at a time: {seen:?}"
    );
    assert_eq!(done["created_count"], 1_600);
    // The uploaded file goes once the run ends: it would outlive the erasure of its contacts.
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM contact_imports WHERE content <> ''")
            .await,
        0
    );
    assert!(
        done["started_at"].is_string() && done["finished_at"].is_string(),
        "{done}"
    );
    let (status, list) = app.get_json(&format!("{IMPORTS}?limit=1"), &owner).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM contacts WHERE email LIKE 'progress%'")
            .await,
        1_600
    );
}

async fn a_crashed_run_resumes_after_its_last_committed_batch(app: TestApp) {
    app.seed_demo().await;
    let owner = app.login(ACME_OWNER).await;
    let mut csv = String::from("email\n");
    for i in 0..1_200 {
        csv.push_str(&format!("resume{i}@import.test\n"));
    }
    let (status, queued) = post_csv(&app, &owner, "", &csv).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    let id = queued["id"].as_i64().unwrap();
    // As a worker that committed one batch and died would leave it, with its lease still on.
    app.db_execute(&format!(
        "UPDATE contact_imports SET status = 'running', claim_token = 'dead-worker', \
         claimed_until = CURRENT_TIMESTAMP + {}, processed_rows = 500, created_count = 500 WHERE id = {id}",
        if app.database_url.starts_with("postgres") {
            "INTERVAL '1 hour'"
        } else {
            "0"
        }
    ))
    .await;
    if !app.database_url.starts_with("postgres") {
        app.db_execute(&format!(
            "UPDATE contact_imports SET claimed_until = '2999-01-01 00:00:00+00:00' WHERE id = {id}"
        ))
        .await;
    }
    let claiming = api::repo::claiming::Claiming::of(&app.db).await.unwrap();
    let ran = api::services::contact_imports::run::run_next(&app.db, claiming, "test-worker")
        .await
        .unwrap();
    assert!(!ran, "a live lease is never taken over");
    app.db_execute(&format!(
        "UPDATE contact_imports SET claimed_until = '2000-01-01 00:00:00+00:00' WHERE id = {id}"
    ))
    .await;
    let ran = api::services::contact_imports::run::run_next(&app.db, claiming, "test-worker")
        .await
        .unwrap();
    assert!(ran, "an expired lease is taken over");
    let (_, done) = app.get_json(&format!("{IMPORTS}/{id}"), &owner).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["processed_rows"], 1_200);
    assert_eq!(done["created_count"], 1_200, "{done}");
    let imported = app
        .scalar_i64("SELECT COUNT(*) FROM contacts WHERE email LIKE 'resume%'")
        .await;
    assert_eq!(
        imported, 700,
        "rows the dead worker had committed are not run again"
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM contacts WHERE email = 'resume500@import.test'")
            .await,
        1,
        "the first row after the committed batch is written"
    );
}

crate::on_all_databases!(progress_is_reported_while_an_import_runs);

/// With the workers off, the test drives the run itself.
mod crash_resume {
    use crate::helpers::{spawn_app_with, Backend, WorkerSet};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_app_with(Backend::Sqlite, |s| s.workers = WorkerSet::none()).await;
        super::a_crashed_run_resumes_after_its_last_committed_batch(app).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let app = spawn_app_with(Backend::Postgres, |s| s.workers = WorkerSet::none()).await;
        super::a_crashed_run_resumes_after_its_last_committed_batch(app).await
    }
}

/// Two API processes on one PostgreSQL: each import is run by one of them, every row
/// counted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_never_run_one_import_twice() {
    let app = spawn_app(Backend::Postgres).await;
    app.seed_demo().await;
    let second = crate::server_process::ServerProcess::start(&app, &[]).await;
    let owner = app.login(ACME_OWNER).await;
    let mut ids = Vec::new();
    for import in 0..4 {
        let mut csv = String::from("email,tags\n");
        for i in 0..1_000 {
            csv.push_str(&format!("multi{import}-{i}@import.test,multi\n"));
        }
        let node = if import % 2 == 0 {
            app.clone()
        } else {
            app.at(&second.url)
        };
        let (status, queued) = post_csv(&node, &owner, "", &csv).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
        ids.push(queued["id"].as_i64().unwrap());
    }
    for id in ids {
        let done = wait_finished(&app, &owner, id).await;
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(
            [
                &done["processed_rows"],
                &done["created_count"],
                &done["updated_count"],
                &done["unchanged_count"]
            ],
            [&json!(1_000), &json!(1_000), &json!(0), &json!(0)],
            "every row once: {done}"
        );
    }
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM contacts WHERE email LIKE 'multi%'")
            .await,
        4_000
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM tags WHERE name = 'multi'")
            .await,
        1,
        "one tag, created once"
    );
}
