//! Test harness: each test gets its own server on port 0 and its own database, on SQLite and
//! on PostgreSQL (a fresh database cloned from a migrated template on `TEST_POSTGRES_URL`).
use api::configuration::Settings;
use api::startup::Application;
pub use api::workers::selection::WorkerSet;
use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use secrecy::ExposeSecret;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;
use tokio::sync::OnceCell;

pub use crate::demo::{user_hash, DemoApp};

pub const DEMO_PASSWORD: &str = "convot-demo";
pub const ACME_OWNER: &str = "demo@convot.test";
pub const ACME_AGENT: &str = "agent@convot.test";
pub const GLOBEX_OWNER: &str = "owner@globex.test";
pub const ENCRYPTION_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// The coordinator of the Citus cluster (tests/api/citus_cluster.rs): PostgreSQL to the
    /// product, with every table distributed.
    Citus,
}

#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    /// SQL statements the server's request handlers ran so far (not the workers', not the test's own).
    pub statements: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// While `Some`, every request statement is also recorded here (for `EXPLAIN` tests).
    pub recorded: std::sync::Arc<std::sync::Mutex<Option<Vec<sea_orm::Statement>>>>,
    pub db: DatabaseConnection,
    pub client: reqwest::Client,
    pub static_dir: PathBuf,
    pub database_url: String,
    pub smtp_url: Option<String>,
    _dir: std::sync::Arc<tempfile::TempDir>,
    /// On Citus, the test database, dropped once every clone of the app is gone.
    _citus_database: Option<std::sync::Arc<crate::citus_cluster::DropWhenDone>>,
}

/// Declares each named `async fn(TestApp)` as two tests: `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await
                }
            }
        )+
    };
}

/// Like [`on_both_databases`], with a third test, `<name>::citus`, on the Citus coordinator
/// (tests/api/citus_cluster.rs); that one returns at once, saying so, when the run has no
/// cluster. Modules move to this macro as they are proven on Citus.
#[macro_export]
macro_rules! on_all_databases {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn citus() {
                    if !$crate::citus_cluster::citus_available(stringify!($name)) {
                        return;
                    }
                    super::$name($crate::helpers::spawn_app($crate::helpers::Backend::Citus).await).await
                }
            }
        )+
    };
}

/// [`on_all_databases`] for tests that take the backend and spawn their own apps.
#[macro_export]
macro_rules! on_all_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn citus() {
                    if !$crate::citus_cluster::citus_available(stringify!($name)) {
                        return;
                    }
                    super::$name($crate::helpers::Backend::Citus).await
                }
            }
        )+
    };
}

/// Everything the servers of this test run logged, so tests can check what never appears.
static CAPTURED_LOGS: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct LogCapture;

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURED_LOGS.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn captured_logs() -> String {
    String::from_utf8_lossy(&CAPTURED_LOGS.lock().unwrap()).into_owned()
}

/// Like `on_both_databases!`, for `async fn(Backend)` tests that build their own app (with an
/// SMTP server or a Partner API stand-in, say).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )+
    };
}

pub(crate) fn init_once() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,sqlx=warn,sea_orm=info,actix_server=warn,hyper=warn,reqwest=warn",
            ))
            .with_writer(|| LogCapture)
            .try_init();
    });
}

pub fn test_settings(database_url: String, dir: &std::path::Path) -> Settings {
    Settings {
        database_url: database_url.into(),
        addr: "127.0.0.1:0".into(),
        data_dir: dir.join("data"),
        static_dir: dir.join("static"),
        jwt_secret: JWT_SECRET.into(),
        jwt_ttl: Duration::from_secs(3600),
        production: false,
        smtp_url: None,
        smtp_from: "Convot Test <support@convot.test>".into(),
        outbox_poll_interval: Duration::from_millis(100),
        outbox_lease: Duration::from_secs(60),
        workers: WorkerSet::all(),
        outbox_backoff_base: Duration::from_millis(200),
        encryption_key: ENCRYPTION_KEY.into(),
        shopify_sync_interval: Duration::from_millis(200),
        shopify_backoff_base: Duration::from_millis(50),
        shopify_partner_api_url: "http://127.0.0.1:9".into(),
        shopify_partner_api_version: api::configuration::DEFAULT_SHOPIFY_PARTNER_API_VERSION.into(),
        widget_rate_limit: 0,
        db_pool_size: 5,
        trusted_proxies: Vec::new(),
        // Receivers in the tests listen on loopback over plain HTTP.
        webhooks_allow_private: true,
        webhook_backoff_base: Duration::from_millis(50),
        webhook_retry_window: Duration::from_secs(3 * 24 * 3600),
        webhook_lease: Duration::from_secs(60),
        webhook_poll_interval: Duration::from_millis(50),
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Like `spawn_app`, with settings adjusted first (e.g. a low widget rate limit).
pub async fn spawn_app_with(backend: Backend, customize: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_recording(backend, customize, None).await
}

tokio::task_local! {
    /// Set while a test's own fixture statement runs (`db_execute`, `scalar_i64`), which the
    /// pool's recorders must not take for the app's.
    static TEST_ITSELF: ();
}

fn in_the_test_itself() -> bool {
    TEST_ITSELF.try_with(|_| ()).is_ok()
}

/// Every statement the app's pool runs, the workers' included, from the moment it starts
/// (not the test's own fixture statements).
pub type EveryStatement = std::sync::Arc<std::sync::Mutex<Vec<sea_orm::Statement>>>;

/// Like `spawn_app_with`, also recording into `everything` every statement of the pool.
pub async fn spawn_app_recording(
    backend: Backend,
    customize: impl FnOnce(&mut Settings),
    everything: Option<EveryStatement>,
) -> TestApp {
    init_once();
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}/test.db?mode=rwc", dir.path().display()),
        Backend::Postgres => fresh_postgres_database().await,
        Backend::Citus => crate::citus_cluster::fresh_citus_database().await,
    };
    let mut settings = test_settings(database_url, dir.path());
    customize(&mut settings);
    std::fs::create_dir_all(&settings.static_dir).unwrap();
    std::fs::write(
        settings.static_dir.join("index.html"),
        "<!doctype html><title>Convot</title><div id=root></div>",
    )
    .unwrap();
    let static_dir = settings.static_dir.clone();
    let mut db = api::db::connect(settings.database_url.expose_secret(), settings.db_pool_size)
        .await
        .expect("connect");
    let statements = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = statements.clone();
    let recorded = std::sync::Arc::new(std::sync::Mutex::new(None::<Vec<sea_orm::Statement>>));
    let recorder = recorded.clone();
    // The background workers poll on the same pool; their statements are not a request's. The
    // server's handlers run on actix's own worker threads, and the workers on this test's
    // runtime, so the thread tells them apart whatever the SQL says.
    db.set_metric_callback(move |info| {
        if let Some(everything) = &everything {
            if !in_the_test_itself() {
                everything.lock().unwrap().push(info.statement.clone());
            }
        }
        let in_a_request = std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with("actix-server worker"));
        if in_a_request {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if let Some(statements) = recorder.lock().unwrap().as_mut() {
                statements.push(info.statement.clone());
            }
        }
    });
    if backend == Backend::Sqlite {
        api::db::migrate(&db).await.expect("migrate");
    }
    let database_url = settings.database_url.expose_secret().to_owned();
    let database_url_kept = database_url.clone();
    let smtp_url = settings
        .smtp_url
        .as_ref()
        .map(|url| url.expose_secret().to_owned());
    let application = Application::build_with_db(settings, db.clone())
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        statements,
        recorded,
        db,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        static_dir,
        database_url,
        smtp_url,
        _dir: std::sync::Arc::new(dir),
        _citus_database: (backend == Backend::Citus).then(|| {
            std::sync::Arc::new(crate::citus_cluster::DropWhenDone(
                crate::citus_cluster::database_name(&database_url_kept),
            ))
        }),
    }
}

/// `TEST_POSTGRES_URL` names a role with CREATEDB (scripts/test.sh starts such a server).
/// The schema is migrated once per test run into a template; each test clones it.
pub async fn fresh_postgres_database() -> String {
    static TEMPLATE: OnceCell<(String, String)> = OnceCell::const_new();
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .expect("TEST_POSTGRES_URL is not set: run scripts/test.sh, which starts PostgreSQL and sets it");
    let (base, template) = TEMPLATE
        .get_or_init(|| async {
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .expect("URL with a database");
            let template = format!("convot_template_{}", std::process::id());
            let admin = sea_orm::Database::connect(admin_url.as_str())
                .await
                .expect("connect to TEST_POSTGRES_URL");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {template}"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE {template}"))
                .await
                .unwrap();
            admin.close().await.unwrap();
            let db = sea_orm::Database::connect(format!("{base}/{template}"))
                .await
                .unwrap();
            api::db::migrate(&db).await.expect("migrate template");
            db.close().await.unwrap();
            (base, template)
        })
        .await;
    let name = format!("convot_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sea_orm::Database::connect(admin_url.as_str())
        .await
        .expect("connect to TEST_POSTGRES_URL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
        .await
        .expect("clone template database");
    admin.close().await.unwrap();
    format!("{base}/{name}")
}

impl TestApp {
    /// The same test's data and helpers, with requests going to another server on its database.
    pub fn at(&self, address: &str) -> TestApp {
        TestApp {
            address: address.to_owned(),
            ..self.clone()
        }
    }

    /// A second API process on the same database, as in a multi-node deployment.
    pub async fn second_server(&self) -> String {
        let dir = self._dir.path().join("second");
        let mut settings = test_settings(self.database_url.clone(), &dir);
        settings.smtp_url = self.smtp_url.clone().map(Into::into);
        let db = api::db::connect(settings.database_url.expose_secret(), settings.db_pool_size)
            .await
            .expect("connect");
        let application = Application::build_with_db(settings, db)
            .await
            .expect("build second app");
        let address = format!("http://127.0.0.1:{}", application.port());
        tokio::spawn(application.run_until_stopped());
        address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.client.request(method, self.url(path));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// A contact's id (by email) and their conversation with the most recent activity.
    pub async fn latest_conversation(&self, token: &str, email: &str) -> (i64, String) {
        let contact = self
            .scalar_i64(&format!("SELECT MIN(id) FROM contacts WHERE email = '{email}'"))
            .await;
        let (_, list) = self
            .get_json(
                &format!("/api/v1/contacts/{contact}/conversations?limit=1"),
                token,
            )
            .await;
        (
            contact,
            list["items"][0]["id"]
                .as_str()
                .expect("the contact has a conversation")
                .to_owned(),
        )
    }

    pub async fn seed_demo(&self) {
        api::seed::demo::seed_demo(&self.db, ENCRYPTION_KEY)
            .await
            .expect("seed demo data");
    }

    pub async fn login(&self, email: &str) -> String {
        let response = self
            .request(Method::POST, "/api/v1/auth/login", None)
            .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "login as {email}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// GET with a token; returns status and JSON body (Null when the body is not JSON).
    /// How many SQL statements one authenticated GET runs (asserting it succeeds).
    pub async fn statements_for_get(&self, path: &str, token: &str) -> usize {
        let before = self.statements.load(std::sync::atomic::Ordering::SeqCst);
        let (status, body) = self.get_json(path, token).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        self.statements.load(std::sync::atomic::Ordering::SeqCst) - before
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let response = self.request(Method::GET, path, Some(token)).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> (StatusCode, Value) {
        let response = self.request(method, path, token).json(body).send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let statement =
            sea_orm::Statement::from_string(backend, format!("SELECT COUNT(*) AS n FROM {table}"));
        let row = TEST_ITSELF
            .scope((), self.db.query_one_raw(statement))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// Runs a statement straight on the test's database (fixtures the API cannot make).
    pub async fn db_execute(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        TEST_ITSELF
            .scope((), self.db.execute_unprepared(sql))
            .await
            .unwrap_or_else(|err| panic!("{sql}: {err}"));
    }

    /// The first column of the first row of `sql`.
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = TEST_ITSELF
            .scope(
                (),
                self.db
                    .query_one_raw(sea_orm::Statement::from_string(backend, sql.to_owned())),
            )
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no row for {sql}"));
        row.try_get_by_index::<i64>(0).unwrap()
    }

    /// The first column of every row of `sql`, as text.
    pub async fn rows_of_text(&self, sql: &str) -> Vec<String> {
        let backend = self.db.get_database_backend();
        let statement = sea_orm::Statement::from_string(backend, sql.to_owned());
        TEST_ITSELF
            .scope((), self.db.query_all_raw(statement))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index::<String>(0).unwrap())
            .collect()
    }
}

/// Asserts the SPEC §8 error shape and returns the code.
pub fn error_code(body: &Value) -> &str {
    let error = &body["error"];
    assert!(error["message"].is_string(), "error without message: {body}");
    assert!(error["details"].is_object(), "error without details: {body}");
    error["code"]
        .as_str()
        .unwrap_or_else(|| panic!("error without code: {body}"))
}
