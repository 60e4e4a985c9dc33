//! The contact-import worker each API process runs: claims a queued import (or one whose
//! worker died: its lease ran out) and runs it (`services::contact_imports::run`), one at a
//! time per process.
use crate::domain::secret::random_hex;
use crate::services::contact_imports::run;
use sea_orm::DatabaseConnection;
use std::time::Duration;

pub fn spawn(db: DatabaseConnection, poll_interval: Duration) {
    let token = random_hex(12);
    tokio::spawn(async move {
        let claiming = crate::workers::claiming_of(&db, poll_interval).await;
        loop {
            match run::run_next(&db, claiming, &token).await {
                Ok(true) => {}
                Ok(false) => tokio::time::sleep(poll_interval).await,
                Err(err) => {
                    tracing::warn!(error = %err, "contact import round failed");
                    tokio::time::sleep(poll_interval).await;
                }
            }
        }
    });
}
