//! Typed settings read from the environment, with defaults that work with no set-up at all.
use crate::dev_secrets;
use crate::workers::selection::WorkerSet;
use anyhow::{bail, Context};
use secrecy::SecretString;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_SHOPIFY_PARTNER_API_URL: &str = "https://partners.shopify.com";
/// The newest stable Partner API version on 2026-12-01. Shopify serves a dated version for
/// about 12 months; the sync reports, in words, when this one is retired or about to be.
pub const DEFAULT_SHOPIFY_PARTNER_API_VERSION: &str = "2026-10";
const MIN_JWT_SECRET_BYTES: usize = 32;

/// `Debug` shows every setting but the secrets: the JWT secret, the encryption key and the
/// database and SMTP URLs (which carry passwords) print as `[REDACTED]`.
#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: SecretString,
    pub addr: String,
    pub data_dir: PathBuf,
    pub static_dir: PathBuf,
    pub jwt_secret: SecretString,
    pub jwt_ttl: Duration,
    pub production: bool,
    pub smtp_url: Option<SecretString>,
    /// The From address of CC copies.
    pub smtp_from: String,
    /// How often an idle outbox worker looks for mail, and the first retry delay.
    pub outbox_poll_interval: Duration,
    /// How long a worker owns the emails it claimed; a crashed worker's emails wait this long.
    pub outbox_lease: Duration,
    /// Which background workers this process runs (`CONVOT_WORKERS`: `on`, `off` for an
    /// API-only node, or a list such as `webhooks`).
    pub workers: WorkerSet,
    pub outbox_backoff_base: Duration,
    /// 32 bytes, hex: encrypts secrets at rest (the Shopify token).
    pub encryption_key: SecretString,
    pub shopify_sync_interval: Duration,
    /// First retry delay after a failed Partner API request.
    pub shopify_backoff_base: Duration,
    pub shopify_partner_api_url: String,
    /// A dated version (`2026-10`) or `unstable`.
    pub shopify_partner_api_version: String,
    /// Widget requests per minute per app and client IP; 0 turns the limit off.
    pub widget_rate_limit: u32,
    pub db_pool_size: u32,
    /// Peers whose `X-Forwarded-For` names the client (`CONVOT_TRUSTED_PROXIES`); empty, the
    /// TCP peer is the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// `CONVOT_WEBHOOKS_ALLOW_PRIVATE=1`: webhook endpoints may use `http://` and loopback or
    /// private addresses (tests, on-premises receivers). Metadata addresses stay refused.
    pub webhooks_allow_private: bool,
    /// The first retry gap of a failed webhook; it doubles from there.
    pub webhook_backoff_base: Duration,
    /// How long a message is retried, and how long an endpoint may fail every attempt before
    /// it is disabled.
    pub webhook_retry_window: Duration,
    /// How long a worker holds a claimed delivery: longer than the 15 s request timeout.
    pub webhook_lease: Duration,
    pub webhook_poll_interval: Duration,
}

/// `CONVOT_LOG`, read on its own so logging can start before the rest of the settings are
/// read (and warned about).
pub fn log_filter() -> String {
    var("CONVOT_LOG").unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".into())
}

/// `CONVOT_LOG_FORMAT`: `text` (the default) or `json`.
pub fn log_format() -> anyhow::Result<crate::telemetry::LogFormat> {
    var("CONVOT_LOG_FORMAT").map_or(Ok(crate::telemetry::LogFormat::Text), |v| v.parse())
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    /// Reads `CONVOT_*` and `DATABASE_URL`. In production (`CONVOT_ENV=production`) a strong
    /// `CONVOT_JWT_SECRET` is required; elsewhere one is generated once and kept in the data dir.
    pub fn from_env() -> anyhow::Result<Settings> {
        let data_dir = PathBuf::from(var("CONVOT_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let production = var("CONVOT_ENV").is_some_and(|env| env == "production");
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("convot.db").display()));
        let jwt_secret = match var("CONVOT_JWT_SECRET") {
            Some(secret) => {
                if production && (secret.len() < MIN_JWT_SECRET_BYTES || secret.contains("change-me")) {
                    bail!("CONVOT_JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} random bytes in production");
                }
                secret
            }
            None if production => bail!("CONVOT_JWT_SECRET is required when CONVOT_ENV=production"),
            None => dev_secrets::load_or_create(&data_dir, "jwt-secret", MIN_JWT_SECRET_BYTES)?,
        };
        let widget_rate_limit = match var("CONVOT_WIDGET_RATE_LIMIT") {
            Some(value) => value
                .parse()
                .context("CONVOT_WIDGET_RATE_LIMIT must be a whole number")?,
            None => 120,
        };
        let db_pool_size = match var("CONVOT_DB_POOL_SIZE") {
            Some(value) => value
                .parse()
                .context("CONVOT_DB_POOL_SIZE must be a whole number")?,
            None => 32,
        };
        let trusted_proxies = crate::http::client_address::parse_trusted_proxies(
            &var("CONVOT_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|problem| anyhow::anyhow!("CONVOT_TRUSTED_PROXIES: {problem}"))?;
        let encryption_key = match var("CONVOT_ENCRYPTION_KEY") {
            Some(key) => parse_key(&key)?,
            None if production => {
                bail!(
                    "CONVOT_ENCRYPTION_KEY (32 bytes, hex or base64) is required when CONVOT_ENV=production"
                )
            }
            None => dev_secrets::load_or_create(&data_dir, "encryption-key", MIN_JWT_SECRET_BYTES)?,
        };
        Ok(Settings {
            database_url: database_url.into(),
            addr: var("CONVOT_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
            static_dir: PathBuf::from(var("CONVOT_STATIC_DIR").unwrap_or_else(|| "frontend/dist".into())),
            data_dir,
            jwt_secret: jwt_secret.into(),
            jwt_ttl: Duration::from_secs(12 * 3600),
            production,
            smtp_url: var("CONVOT_SMTP_URL").map(Into::into),
            smtp_from: var("CONVOT_SMTP_FROM")
                .unwrap_or_else(|| "Convot Support <support@convot.localhost>".into()),
            outbox_poll_interval: Duration::from_millis(1000),
            outbox_lease: Duration::from_secs(match var("CONVOT_OUTBOX_LEASE_SECS") {
                Some(value) => value
                    .parse()
                    .context("CONVOT_OUTBOX_LEASE_SECS must be a whole number")?,
                None => 60,
            }),
            workers: WorkerSet::parse(var("CONVOT_WORKERS").as_deref()).map_err(anyhow::Error::msg)?,
            outbox_backoff_base: Duration::from_secs(2),
            encryption_key: encryption_key.into(),
            shopify_sync_interval: Duration::from_secs(300),
            shopify_backoff_base: Duration::from_secs(1),
            shopify_partner_api_url: var("CONVOT_SHOPIFY_PARTNER_API_URL")
                .unwrap_or_else(|| DEFAULT_SHOPIFY_PARTNER_API_URL.into()),
            shopify_partner_api_version: partner_api_version(var("CONVOT_SHOPIFY_PARTNER_API_VERSION"))?,
            widget_rate_limit,
            db_pool_size,
            trusted_proxies,
            webhooks_allow_private: var("CONVOT_WEBHOOKS_ALLOW_PRIVATE").is_some_and(|v| v == "1"),
            webhook_backoff_base: Duration::from_secs(5),
            webhook_retry_window: Duration::from_secs(3 * 24 * 3600),
            webhook_lease: Duration::from_secs(match var("CONVOT_WEBHOOK_LEASE_SECS") {
                Some(value) => value
                    .parse()
                    .context("CONVOT_WEBHOOK_LEASE_SECS must be a whole number")?,
                None => 60,
            }),
            webhook_poll_interval: Duration::from_millis(500),
        })
    }
}

/// `YYYY-MM` or `unstable`: anything else would only surface as 404s from Shopify.
fn partner_api_version(value: Option<String>) -> anyhow::Result<String> {
    let Some(value) = value.map(|v| v.trim().to_owned()) else {
        return Ok(DEFAULT_SHOPIFY_PARTNER_API_VERSION.into());
    };
    let dated = value.len() == 7
        && value.as_bytes()[4] == b'-'
        && value[..4].chars().all(|c| c.is_ascii_digit())
        && matches!(&value[5..], "01" | "04" | "07" | "10");
    anyhow::ensure!(
        dated || value == "unstable",
        "CONVOT_SHOPIFY_PARTNER_API_VERSION must be a quarterly version such as 2026-10, or unstable"
    );
    Ok(value)
}

/// An encryption key given as 64 hex characters or base64 of 32 bytes, returned as hex.
fn parse_key(value: &str) -> anyhow::Result<String> {
    use base64::Engine;
    let value = value.trim();
    let bytes = match hex::decode(value) {
        Ok(bytes) => bytes,
        Err(_) => base64::engine::general_purpose::STANDARD
            .decode(value)
            .context("CONVOT_ENCRYPTION_KEY must be 32 bytes as hex or base64")?,
    };
    if bytes.len() != 32 {
        bail!("CONVOT_ENCRYPTION_KEY must be exactly 32 bytes");
    }
    Ok(hex::encode(bytes))
}
