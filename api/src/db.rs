//! Opening the database (SQLite by default, PostgreSQL by URL) and migrating it.
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub async fn connect(database_url: &str, pool_size: u32) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = sqlite_path(database_url) {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
        }
    }
    let mut options = ConnectOptions::new(database_url.to_owned());
    options
        .max_connections(pool_size)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false)
        // Applied as each pooled connection opens, not once on whichever connection came first:
        // WAL lets readers proceed while one writer commits, NORMAL syncs at checkpoints
        // (safe in WAL mode), and the busy timeout makes concurrent writers wait instead of
        // failing. PostgreSQL ignores these.
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
        });
    Database::connect(options).await.map_err(|err| {
        let what = format!("connecting to {}", redact(database_url));
        match tls_hint(&err.to_string()) {
            Some(hint) => anyhow::Error::new(err).context(format!("{what}: {hint}")),
            None => anyhow::Error::new(err).context(what),
        }
    })
}

/// What to do about a TLS failure the driver reports only by its rustls name. `CREATE
/// EXTENSION citus` turns on TLS with a self-signed X.509 v1 certificate, which rustls refuses
/// to parse even under the default `sslmode=prefer`.
fn tls_hint(error: &str) -> Option<&'static str> {
    error.contains("UnsupportedCertVersion").then_some(
        "the database's TLS certificate is X.509 version 1 (as Citus generates), which this \
         client cannot read; give the server a version 3 certificate, or add sslmode=disable to \
         DATABASE_URL where the connection never leaves the host",
    )
}

/// The migrations, then the Citus distribution step (a no-op without the extension).
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")?;
    let report = migration::citus::distribute(db)
        .await
        .context("distributing the tables on Citus")?;
    if report.citus && !(report.reference.is_empty() && report.distributed.is_empty()) {
        tracing::info!(
            reference = ?report.reference,
            distributed = ?report.distributed,
            "Citus: tables distributed by organization"
        );
    }
    Ok(())
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// The URL without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..scheme], &url[at + 1..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_v1_certificate_gets_advice_and_other_errors_do_not() {
        let err = "error communicating with database: invalid peer certificate: UnsupportedCertVersion";
        assert!(super::tls_hint(err).unwrap().contains("sslmode=disable"));
        assert!(super::tls_hint("connection refused").is_none());
    }
}
