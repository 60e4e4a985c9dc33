//! What every handler can reach: the database pool and the settings-derived keys.
use crate::auth::jwt::JwtKeys;
use crate::configuration::Settings;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> AppState {
        let jwt = JwtKeys::new(&settings.jwt_secret, settings.jwt_ttl);
        AppState {
            db,
            settings: Arc::new(settings),
            jwt: Arc::new(jwt),
        }
    }
}
