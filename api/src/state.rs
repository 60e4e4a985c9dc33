//! What every handler can reach: the database pool and the settings-derived keys.
use crate::auth::jwt::JwtKeys;
use crate::configuration::Settings;
use crate::domain::stream_id::StreamIds;
use crate::http::rate_limit::RateLimiter;
use crate::integrations::shopify_partner::PartnerClient;
use crate::repo::topology::Topology;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub widget_limiter: Arc<RateLimiter>,
    pub stream_ids: Arc<StreamIds>,
    /// The Shopify Partner API client (one pacer for the whole process).
    pub partner: Arc<PartnerClient>,
    /// One node or a Citus cluster, read when the process started.
    pub topology: Topology,
}

impl AppState {
    pub fn new(
        db: DatabaseConnection,
        settings: Settings,
        partner: Arc<PartnerClient>,
        topology: Topology,
    ) -> AppState {
        let jwt = JwtKeys::new(settings.jwt_secret.expose_secret(), settings.jwt_ttl);
        let widget_limiter = Arc::new(RateLimiter::new(settings.widget_rate_limit));
        let stream_ids = Arc::new(StreamIds::from_secret(settings.jwt_secret.expose_secret()));
        AppState {
            db,
            settings: Arc::new(settings),
            jwt: Arc::new(jwt),
            widget_limiter,
            stream_ids,
            partner,
            topology,
        }
    }
}
