//! One delivery, start to end: sign with the endpoint's current (and, during a rotation, its
//! previous) secret, send, judge the answer, and record the attempt with the delivery's next
//! state — only while this worker's lease holds — then the endpoint's health.
use crate::configuration::Settings;
use crate::domain::sealed::SealingKey;
use crate::domain::webhook::records::{Delivery, Endpoint};
use crate::domain::webhook::retry::{self, Verdict};
use crate::domain::webhook::signature;
use crate::integrations::webhook_sender::{SignedRequest, WebhookSender};
use crate::repo;
use crate::repo::webhook_leases::{Outcome, Tried};
use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// What a send needs besides the delivery.
pub struct SendContext<'a> {
    pub db: &'a DatabaseConnection,
    pub sender: &'a WebhookSender,
    pub key: &'a SealingKey,
    pub settings: &'a Settings,
    pub token: &'a str,
    /// Endpoints this process disabled, and when: sends queued from an older reading of the
    /// endpoint are dropped instead of sent after a 410.
    pub disabled: &'a Mutex<HashMap<i64, Instant>>,
}

pub async fn deliver(
    context: &SendContext<'_>,
    endpoint: &Endpoint,
    delivery: &Delivery,
) -> anyhow::Result<()> {
    let SendContext {
        db,
        sender,
        key,
        settings,
        token,
        disabled,
    } = *context;
    let note_disabled = || {
        disabled
            .lock()
            .expect("disabled endpoints")
            .insert(endpoint.id, Instant::now());
    };
    let attempted_at = Utc::now();
    let secrets = signing_secrets(key, endpoint, attempted_at)?;
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let timestamp = attempted_at.timestamp();
    let signature = signature::header(&secrets, &delivery.message_id, timestamp, &delivery.payload);
    let answer = sender
        .send(SignedRequest {
            url: &endpoint.url,
            message_id: &delivery.message_id,
            timestamp,
            signature: &signature,
            body: &delivery.payload,
        })
        .await;
    let now = Utc::now();
    let verdict = match answer.error {
        Some(_) if answer.status.is_none() => Verdict::Failed,
        _ => retry::verdict(answer.status),
    };
    let outcome = match verdict {
        Verdict::Delivered => Outcome::Succeeded,
        Verdict::Gone => Outcome::Failed,
        Verdict::Failed => {
            let asked = answer
                .retry_after
                .as_deref()
                .and_then(|value| retry::parse_retry_after(value, now));
            let gap = retry::next_gap(
                settings.webhook_backoff_base,
                delivery.attempts + 1,
                asked,
                rand::random(),
            );
            match retry::next_attempt(delivery.created_at, now, gap, settings.webhook_retry_window) {
                Some(at) => Outcome::Retry { at },
                None => Outcome::Failed,
            }
        }
    };
    let given_up = matches!(outcome, Outcome::Failed) && verdict == Verdict::Failed;
    let error = answer.error.clone().or_else(|| match answer.status {
        Some(status) if verdict != Verdict::Delivered => Some(format!("answered {status}")),
        _ => None,
    });
    let recorded = repo::webhook_leases::finish(
        db,
        delivery,
        token,
        Tried {
            attempted_at,
            status_code: answer.status,
            duration_ms: i64::try_from(answer.duration.as_millis()).unwrap_or(i64::MAX),
            error: error.as_deref(),
            response_body: answer.body.as_deref(),
        },
        outcome,
    )
    .await?;
    if !recorded {
        return Ok(());
    }
    let org = endpoint.organization_id;
    match verdict {
        // The endpoint as read this round: a run of failures it did not show yet is cleared
        // by the next success after it (a write per success would cost every delivery one).
        Verdict::Delivered if endpoint.failing_since.is_some() => {
            repo::webhook_endpoints::mark_healthy(db, org, endpoint.id).await?
        }
        Verdict::Delivered => {}
        Verdict::Gone => {
            let reason = "The endpoint answered 410 Gone, which asks never to be sent to again.";
            repo::webhook_endpoints::disable(db, org, endpoint.id, reason, now).await?;
            note_disabled();
        }
        Verdict::Failed => {
            let since = repo::webhook_endpoints::mark_failing(db, org, endpoint.id, attempted_at).await?;
            // A message given up after its whole window, with no success to the endpoint since
            // its first try, is a window of failures too: a quiet endpoint gets one message,
            // whose last try comes before a full window has passed since the first.
            // Its tries must span most of the window too: a message queued long ago but first
            // tried just now (its endpoint was off meanwhile) is given up at once.
            let first_try = match given_up {
                true => repo::webhook_leases::first_attempt_at(db, org, delivery.id).await?,
                false => None,
            };
            let window = settings.webhook_retry_window;
            if since.is_some_and(|since| {
                retry::failed_for_whole_window(since, now, window)
                    || first_try.is_some_and(|first| {
                        since <= first && retry::failed_for_whole_window(first, now, window / 2)
                    })
            }) {
                let reason = format!(
                    "Every delivery failed from {} until {}; the last: {}.",
                    since.map(|s| s.to_rfc3339()).unwrap_or_default(),
                    now.to_rfc3339(),
                    error.as_deref().unwrap_or("no answer"),
                );
                repo::webhook_endpoints::disable(db, org, endpoint.id, &reason, now).await?;
                note_disabled();
            }
        }
    }
    Ok(())
}

/// The current secret, and the previous one while its 24 h overlap lasts.
fn signing_secrets(
    key: &SealingKey,
    endpoint: &Endpoint,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let mut secrets = vec![key.open(&endpoint.sealed_secret)?];
    if let (Some(previous), Some(until)) = (
        &endpoint.sealed_previous_secret,
        endpoint.previous_secret_expires_at,
    ) {
        if now < until {
            secrets.push(key.open(previous)?);
        }
    }
    Ok(secrets)
}
