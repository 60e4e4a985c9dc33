//! The delivery worker each API process runs: claims due outbox rows under a lease, sends
//! them, and records the outcome. A crashed worker's lease expires and another picks the row
//! up; the Message-ID was fixed when the reply was written, so a resend is recognisably the
//! same email. Temporary failures back off exponentially; permanent ones fail at once.
use crate::configuration::Settings;
use crate::domain::backoff;
use crate::integrations::smtp::{Mailer, SendError};
use crate::repo;
use crate::repo::outbox::Outcome;
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::sync::Arc;

const BATCH: u64 = 20;
const MAX_BACKOFF: std::time::Duration = std::time::Duration::from_secs(600);
const MAX_ATTEMPTS: i32 = 25;

/// Runs until the process stops; returns the worker's lease token (to release on shutdown).
pub fn spawn(db: DatabaseConnection, settings: Arc<Settings>, token: String) -> anyhow::Result<()> {
    let mailer = Mailer::from_settings(
        settings.smtp_url.as_ref().map(|url| url.expose_secret()),
        &settings.data_dir,
    )?;
    tokio::spawn(async move {
        let claiming = crate::workers::claiming_of(&db, settings.outbox_poll_interval).await;
        loop {
            match deliver_due(&db, claiming, &mailer, &settings, &token).await {
                Ok(0) => tokio::time::sleep(settings.outbox_poll_interval).await,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "outbox delivery round failed");
                    tokio::time::sleep(settings.outbox_poll_interval).await;
                }
            }
        }
    });
    Ok(())
}

async fn deliver_due(
    db: &DatabaseConnection,
    claiming: crate::repo::claiming::Claiming,
    mailer: &Mailer,
    settings: &Settings,
    token: &str,
) -> anyhow::Result<usize> {
    let now = Utc::now();
    let lease = Duration::from_std(settings.outbox_lease).unwrap_or(Duration::seconds(60));
    let claimed = repo::outbox::claim(db, claiming, token, now, now + lease, BATCH).await?;
    for email in &claimed {
        let outcome = match mailer.send(&settings.smtp_from, email).await {
            Ok(()) => Outcome::Sent,
            Err(SendError::Permanent(error)) => Outcome::Failed { error },
            Err(SendError::Temporary(error)) if email.attempts + 1 >= MAX_ATTEMPTS => Outcome::Failed {
                error: format!("gave up after {MAX_ATTEMPTS} attempts: {error}"),
            },
            Err(SendError::Temporary(error)) => Outcome::Retry {
                at: Utc::now() + backoff(settings, email.attempts),
                error,
            },
        };
        if let Outcome::Failed { error } | Outcome::Retry { error, .. } = &outcome {
            tracing::warn!(outbox_id = email.id, attempts = email.attempts + 1, %error, "email not delivered");
        }
        repo::outbox::finish(db, email, token, outcome, Utc::now()).await?;
    }
    Ok(claimed.len())
}

/// base × 2^attempts, capped, with up to 25 % jitter so retries of many emails spread out.
fn backoff(settings: &Settings, attempts: i32) -> Duration {
    let attempt = u32::try_from(attempts).unwrap_or(0);
    let delay = backoff::exponential(settings.outbox_backoff_base, attempt, MAX_BACKOFF);
    let delay = backoff::with_jitter(delay, 0.25, rand::random());
    Duration::from_std(delay).unwrap_or(Duration::minutes(10))
}
