//! One sync of an organization's Partner data, under a database lease so two API processes
//! never sync the same organization at once. Failures count; the 12th in a row stops the
//! schedule (`retries_exhausted`) until an owner asks for "Sync now".
use crate::configuration::Settings;
use crate::domain::sealed::SealingKey;
use crate::integrations::shopify_partner::{Credentials, PartnerClient, PartnerError};
use crate::repo;
use crate::repo::shopify::SyncOutcome;
use crate::services::transaction::in_write_transaction;
use crate::services::{shopify_ingest, shopify_uninstall};
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

pub const MAX_CONSECUTIVE_FAILURES: i32 = 12;
const LEASE: Duration = Duration::minutes(10);

/// Syncs the organization if it is due and nobody else is syncing it. Returns whether it ran.
pub async fn sync_if_due(
    db: &DatabaseConnection,
    client: &PartnerClient,
    settings: &Settings,
    organization_id: i64,
    owner: &str,
) -> anyhow::Result<bool> {
    let started_at = Utc::now();
    if !repo::shopify::take_lease(db, organization_id, owner, started_at, started_at + LEASE).await? {
        return Ok(false);
    }
    let result = sync(db, client, settings, organization_id).await;
    let integration = repo::shopify::integration(db, organization_id).await?;
    let Some(integration) = integration else {
        return Ok(true);
    };
    let now = Utc::now();
    let interval = Duration::from_std(settings.shopify_sync_interval).unwrap_or(Duration::minutes(5));
    let outcome = match &result {
        Ok(()) => SyncOutcome::Succeeded {
            next_sync_at: now + interval,
        },
        Err(error) => {
            let failures = integration.consecutive_failures + 1;
            let exhausted = failures >= MAX_CONSECUTIVE_FAILURES;
            tracing::warn!(organization_id, failures, %error, "Shopify sync failed");
            let cap = interval.to_std().unwrap_or(settings.shopify_sync_interval);
            let attempt = u32::try_from(failures).unwrap_or(0);
            let retry_in = crate::domain::backoff::exponential(settings.shopify_backoff_base, attempt, cap);
            let retry_in = Duration::from_std(retry_in).unwrap_or(interval);
            let message = if exhausted {
                format!("retries_exhausted: {MAX_CONSECUTIVE_FAILURES} syncs failed in a row; last: {error}")
            } else {
                error.to_string()
            };
            SyncOutcome::Failed {
                message,
                failures,
                exhausted,
                next_sync_at: now + retry_in,
            }
        }
    };
    repo::shopify::finish_sync(db, organization_id, owner, outcome, started_at, now).await?;
    Ok(true)
}

async fn sync(
    db: &DatabaseConnection,
    client: &PartnerClient,
    settings: &Settings,
    organization_id: i64,
) -> Result<(), PartnerError> {
    let store = |err: sea_orm::DbErr| PartnerError::Temporary(format!("storing the sync: {err}"));
    let integration = repo::shopify::integration(db, organization_id)
        .await
        .map_err(store)?
        .ok_or_else(|| PartnerError::Permanent("disconnected during the sync".into()))?;
    let token = SealingKey::from_hex(settings.encryption_key.expose_secret())
        .and_then(|key| key.open(&integration.token_ciphertext))
        .map_err(|_| PartnerError::Permanent("the stored token cannot be decrypted; connect again".into()))?;
    let credentials = Credentials {
        partner_organization_id: &integration.partner_organization_id,
        token: &token,
    };
    // Warn while the version is still served but on its way out; a retired one fails below.
    // The list is advice: when only it is unavailable, the sync goes on and keeps the last word.
    match client.check_version(&credentials).await {
        Ok(check) => {
            let warning = check.message(client.version());
            repo::shopify::set_api_version(db, organization_id, client.version(), warning)
                .await
                .map_err(store)?
        }
        Err(error @ (PartnerError::UnknownOrganization(_) | PartnerError::TokenRefused(_))) => {
            return Err(error)
        }
        Err(error) => tracing::warn!(organization_id, %error, "Shopify's version list is unavailable"),
    }
    for app in repo::shopify::partner_apps(db, organization_id)
        .await
        .map_err(store)?
    {
        let events = client
            .app_events(&credentials, &app.partner_app_id, app.events_synced_until)
            .await?;
        let transactions = client
            .transactions(&credentials, &app.partner_app_id, app.transactions_synced_until)
            .await?;
        // The next sync starts where this one ended; the boundary is re-read and deduplicated.
        let events_until = events.last().map(|e| e.occurred_at).or(app.events_synced_until);
        let transactions_until = transactions
            .last()
            .map(|t| t.created_at)
            .or(app.transactions_synced_until);
        let (app, events, transactions) = (&app, &events, &transactions);
        in_write_transaction!(db, |txn| {
            let now = Utc::now();
            let uninstalls = shopify_ingest::apply(
                &txn,
                organization_id,
                &app.partner_app_id,
                events,
                transactions,
                now,
            )
            .await?;
            if let Some(app_id) = app.app_id {
                shopify_uninstall::note_uninstalls(&txn, organization_id, app_id, &uninstalls, now).await?;
            }
            repo::shopify::set_synced_until(
                &txn,
                organization_id,
                &app.partner_app_id,
                events_until,
                transactions_until,
            )
            .await?;
            Ok(())
        })
        .await
        .map_err(|err| PartnerError::Temporary(format!("storing the sync: {err}")))?;
    }
    shopify_ingest::prune(db, organization_id, Utc::now())
        .await
        .map_err(store)?;
    repo::shopify::backfill_mrr_history(db, organization_id)
        .await
        .map_err(store)?;
    Ok(())
}
