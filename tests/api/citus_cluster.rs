//! Test databases on the Citus cluster scripts/test.sh starts (scripts/lib/citus.sh): the
//! coordinator at `TEST_CITUS_URL`, the workers on the loopback ports `TEST_CITUS_WORKER_PORTS`.
//! Citus keeps its node list per database, so each test database is created on every node,
//! gets the extension on every node and the workers joined on the coordinator, and is then
//! migrated (which distributes the tables). Tests that need Citus call [`citus_available`]
//! first and return early, saying so, when the stage was skipped.
use sea_orm::ConnectionTrait;

/// The coordinator's admin URL and the workers' ports, when a cluster runs.
fn cluster() -> Option<(String, Vec<u16>)> {
    let url = std::env::var("TEST_CITUS_URL").ok()?;
    let ports = std::env::var("TEST_CITUS_WORKER_PORTS")
        .ok()?
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    Some((url, ports))
}

/// False (and a line on stderr) when no Citus cluster runs for this test run.
pub fn citus_available(test: &str) -> bool {
    let available = cluster().is_some();
    if !available {
        eprintln!(
            "{test}: skipped, TEST_CITUS_URL is not set (scripts/test.sh sets it when Citus could be had)"
        );
    }
    available
}

/// `postgres://…/<db>?query` with the database replaced.
pub fn with_database(url: &str, database: &str) -> String {
    let (head, query) = url.split_once('?').map_or((url, None), |(h, q)| (h, Some(q)));
    let base = head
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("URL with a database");
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// The same URL on another node's port (the workers run on loopback beside the coordinator).
pub fn on_port(url: &str, port: u16) -> String {
    let (scheme_user, rest) = url.split_once('@').expect("URL with a user");
    let path_at = rest.find('/').expect("URL with a path");
    let host = rest[..path_at]
        .rsplit_once(':')
        .map_or(&rest[..path_at], |(h, _)| h);
    format!("{scheme_user}@{host}:{port}{}", &rest[path_at..])
}

async fn run(url: &str, sql: &str) {
    let db = sea_orm::Database::connect(url)
        .await
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"));
    db.execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql} on {url}: {e}"));
    db.close().await.unwrap();
}

/// A worker started for the cluster but not joined to any database: the rebalance test joins
/// it to its own (`TEST_CITUS_SPARE_PORT`).
pub fn spare_worker_port() -> Option<u16> {
    std::env::var("TEST_CITUS_SPARE_PORT").ok()?.parse().ok()
}

/// The database and the extension on the node at `port`, ready for `citus_add_node`.
pub async fn prepare_node(port: u16, database: &str) {
    let (admin, _) = cluster().expect("TEST_CITUS_URL is not set");
    let node_admin = on_port(&admin, port);
    run(&node_admin, &format!("CREATE DATABASE {database}")).await;
    run(&with_database(&node_admin, database), "CREATE EXTENSION citus").await;
}

/// The databases of tests that have ended, to drop on every node: each database keeps a Citus
/// maintenance daemon on each node for as long as it exists, and a run's few hundred of them
/// kept a third of these two cores busy while idle.
static FINISHED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Held by a test's app; when the last clone goes, its database is queued for dropping.
pub struct DropWhenDone(pub String);

impl Drop for DropWhenDone {
    fn drop(&mut self) {
        FINISHED.lock().unwrap().push(std::mem::take(&mut self.0));
    }
}

/// The database's name in a coordinator URL.
pub fn database_name(url: &str) -> String {
    let head = url.split('?').next().unwrap_or(url);
    head.rsplit('/').next().unwrap_or_default().to_owned()
}

/// Drops the finished tests' databases on every node (`FORCE`: their apps' pools may still
/// hold connections until the test's runtime is gone). Best effort: this runs in another
/// test's setup, so a database that will not go (a prepared transaction left on a worker, say)
/// is reported and left for the cluster's stop, never a failure of that test.
async fn drop_finished(admin: &str, workers: &[u16]) {
    let finished = std::mem::take(&mut *FINISHED.lock().unwrap());
    for name in finished {
        for url in std::iter::once(admin.to_owned()).chain(workers.iter().map(|p| on_port(admin, *p))) {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let dropped = async {
                let db = sea_orm::Database::connect(&url).await?;
                db.execute_unprepared(&sql).await?;
                db.close().await
            };
            if let Err(err) = dropped.await {
                eprintln!("leaving test database {name} at {url}: {err}");
            }
        }
    }
}

/// A new database on the cluster with the workers joined, not yet migrated.
pub async fn empty_citus_database() -> String {
    // One at a time: joining a node propagates the role to it, and two databases joining at
    // once collide there ("tuple concurrently updated").
    static JOINING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one_at_a_time = JOINING.lock().await;
    let (admin, workers) = cluster().expect("TEST_CITUS_URL is not set");
    drop_finished(&admin, &workers).await;
    let name = format!("convot_citus_{}", uuid::Uuid::new_v4().simple());
    let coordinator = with_database(&admin, &name);
    run(&admin, &format!("CREATE DATABASE {name}")).await;
    run(&coordinator, "CREATE EXTENSION citus").await;
    let coordinator_port: u16 = admin
        .split_once('@')
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|host| host.rsplit_once(':'))
        .and_then(|(_, port)| port.parse().ok())
        .expect("coordinator URL with a port");
    run(
        &coordinator,
        &format!("SELECT citus_set_coordinator_host('127.0.0.1', {coordinator_port})"),
    )
    .await;
    for port in workers {
        let worker_admin = on_port(&admin, port);
        run(&worker_admin, &format!("CREATE DATABASE {name}")).await;
        run(&with_database(&worker_admin, &name), "CREATE EXTENSION citus").await;
        run(
            &coordinator,
            &format!("SELECT citus_add_node('127.0.0.1', {port})"),
        )
        .await;
    }
    coordinator
}

/// A migrated (so distributed) database on the cluster.
pub async fn fresh_citus_database() -> String {
    let url = empty_citus_database().await;
    let db = api::db::connect(&url, 2)
        .await
        .expect("connect to the coordinator");
    api::db::migrate(&db).await.expect("migrate on Citus");
    db.close().await.unwrap();
    url
}

#[test]
fn urls_are_rewritten_by_database_and_port() {
    let url = "postgres://convot@127.0.0.1:54350/postgres?sslmode=disable";
    assert_eq!(
        with_database(url, "x"),
        "postgres://convot@127.0.0.1:54350/x?sslmode=disable"
    );
    assert_eq!(
        on_port(url, 54351),
        "postgres://convot@127.0.0.1:54351/postgres?sslmode=disable"
    );
    assert_eq!(database_name(url), "postgres");
    assert_eq!(
        database_name("postgres://u@h:1/convot_citus_ab"),
        "convot_citus_ab"
    );
}
