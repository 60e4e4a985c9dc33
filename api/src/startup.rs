//! Building and running the HTTP server. `Application::build` binds first, so tests can ask
//! for port 0 and learn the real port.
use crate::configuration::Settings;
use crate::http::{drain, input_guard, request_span, security_headers, spa};
use crate::routes::extract;
use crate::state::AppState;
use crate::{db, openapi, routes};
use actix_web::dev::Server;
use actix_web::{web, App, HttpResponse, HttpServer};
use sea_orm::DatabaseConnection;
use secrecy::{ExposeSecret, SecretString};
use std::net::TcpListener;
use std::time::Duration;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

pub struct Application {
    port: u16,
    server: Server,
    /// This process's outbox lease token, released when the server stops.
    outbox_token: String,
    database_url: SecretString,
    drain: drain::Drain,
    /// A duplicate of the listening socket, for the drain to read its accept queue.
    listener: Option<TcpListener>,
    signals: drain::Signals,
}

/// How long a stop waits for requests to arrive and finish (then for connections to close).
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

impl Application {
    /// Connects, migrates and binds. Nothing is served until `run_until_stopped`.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = db::connect(settings.database_url.expose_secret(), settings.db_pool_size).await?;
        db::migrate(&db).await?;
        Self::build_with_db(settings, db).await
    }

    pub async fn build_with_db(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Application> {
        let topology = crate::repo::topology::Topology::of(&db).await?;
        let listener = TcpListener::bind(&settings.addr)?;
        // Before anyone can learn the port and send a signal.
        let signals = drain::Signals::listen();
        let port = listener.local_addr()?.port();
        // Failing to duplicate only costs the drain its view of the accept queue: no reason
        // to refuse to start.
        let watched = listener.try_clone().ok();
        let static_dir = settings.static_dir.clone();
        let database_url = settings.database_url.clone();
        let partner = std::sync::Arc::new(crate::integrations::shopify_partner::PartnerClient::new(
            &settings.shopify_partner_api_url,
            &settings.shopify_partner_api_version,
            settings.shopify_backoff_base,
        )?);
        let outbox_token = spawn_workers(&settings, &db, &partner)?;
        let state = web::Data::new(AppState::new(db, settings, partner, topology));
        let document = openapi::document();
        let drain = drain::Drain::default();
        let counted = drain.clone();
        let connections = drain.clone();
        let server = HttpServer::new(move || {
            let counted = counted.clone();
            let (app, _) = App::new()
                .wrap(actix_web::middleware::from_fn(spa::cache_headers))
                .wrap(actix_web::middleware::from_fn(input_guard::guard))
                .wrap(security_headers::middleware())
                .wrap(request_span::middleware())
                // Registered last, so outermost: every request counts while it runs.
                .wrap(actix_web::middleware::from_fn(move |request, next| {
                    counted.clone().track(request, next)
                }))
                .app_data(state.clone())
                .app_data(extract::json_config())
                .app_data(extract::path_config())
                .app_data(extract::query_config())
                // The docs live under `/api/docs/`; the bare path people type redirects there.
                .service(web::resource("/api/docs").get(|| async {
                    HttpResponse::MovedPermanently()
                        .insert_header((actix_web::http::header::LOCATION, "/api/docs/"))
                        .finish()
                }))
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", document.clone()))
                .into_utoipa_app()
                .configure(routes::configure)
                .split_for_parts();
            app.configure(spa::configure_widget_assets(&static_dir))
                .configure(spa::configure(&static_dir))
        })
        // Before `listen`, which takes the callback with it: every connection counts from here
        // until its first request is dispatched.
        .on_connect(move |_, extensions| connections.connected(extensions))
        .listen(listener)?
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        // Signals are handled by `drain::stop_on_signal`, which drains before stopping workers.
        .disable_signals()
        .run();
        Ok(Application {
            port,
            server,
            outbox_token,
            database_url,
            drain,
            listener: watched,
            signals,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until stopped (SIGTERM/SIGINT finish requests in flight), then gives back any
    /// outbox leases so another process delivers those emails at once.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stopper = tokio::spawn(drain::stop_on_signal(
            self.signals,
            self.server.handle(),
            self.drain.clone(),
            self.listener,
            SHUTDOWN_TIMEOUT,
        ));
        let result = self.server.await;
        stopper.abort();
        if !self.outbox_token.is_empty() {
            if let Err(err) =
                release_outbox_leases(self.database_url.expose_secret(), &self.outbox_token).await
            {
                tracing::warn!(error = %err, "releasing outbox leases failed");
            }
        }
        result
    }
}

/// Starts the background workers `CONVOT_WORKERS` names and returns the lease token they
/// claim with (empty when none runs), released when the server stops.
fn spawn_workers(
    settings: &Settings,
    db: &DatabaseConnection,
    partner: &std::sync::Arc<crate::integrations::shopify_partner::PartnerClient>,
) -> anyhow::Result<String> {
    let workers = settings.workers;
    if !workers.any() {
        return Ok(String::new());
    }
    let shared = std::sync::Arc::new(settings.clone());
    // One lease token for the email and the webhook outbox: released together on stop.
    let token = crate::domain::secret::random_hex(12);
    if workers.upkeep {
        crate::workers::upkeep::spawn(db.clone());
    }
    if workers.imports {
        crate::workers::imports::spawn(db.clone(), settings.outbox_poll_interval);
    }
    if workers.shopify {
        crate::workers::shopify::spawn(db.clone(), shared.clone(), partner.clone())?;
    }
    if workers.email {
        crate::workers::outbox::spawn(db.clone(), shared.clone(), token.clone())?;
    }
    if workers.webhooks {
        crate::workers::webhooks::spawn(db.clone(), shared, token.clone())?;
    }
    Ok(token)
}

/// Over a connection of its own: the pool's connections may have been opened on the stopped
/// workers' runtimes, which can no longer drive them ("Tokio context is being shutdown", seen
/// in the SIGTERM test).
async fn release_outbox_leases(database_url: &str, token: &str) -> anyhow::Result<()> {
    let connection = db::connect(database_url, 1).await?;
    let released = crate::repo::outbox::release(&connection, token).await;
    let webhooks = crate::repo::webhook_leases::release(&connection, token).await;
    let _ = connection.close().await;
    released?;
    webhooks?;
    Ok(())
}
