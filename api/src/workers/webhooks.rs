//! The webhook sender each API process runs: claims due deliveries under a lease, signs and
//! sends each, and records the attempt. A crashed worker's lease runs out and another process
//! sends the delivery again with the same `webhook-id` (at least once); a worker whose lease
//! was taken over records nothing, so no attempt is logged twice.
use crate::configuration::Settings;
use crate::domain::sealed::SealingKey;
use crate::domain::webhook::records::{Delivery, Endpoint};
use crate::domain::webhook::retry::{self, Verdict};
use crate::domain::webhook::signature;
use crate::integrations::webhook_sender::{SignedRequest, WebhookSender};
use crate::repo;
use crate::repo::webhook_deliveries::{Outcome, Tried};
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Deliveries claimed per round.
const BATCH: u64 = 50;
/// Requests on the wire at once per process: enough that a few slow receivers (up to the
/// 15 s timeout) do not hold up the others, few enough to bound memory and sockets.
const MAX_IN_FLIGHT: usize = 128;

/// Runs until the process stops, leasing deliveries to `token` (released on shutdown).
pub fn spawn(db: DatabaseConnection, settings: Arc<Settings>, token: String) -> anyhow::Result<()> {
    let sender = Arc::new(WebhookSender::new(settings.webhooks_allow_private)?);
    let key = Arc::new(SealingKey::from_hex(settings.encryption_key.expose_secret())?);
    tokio::spawn(async move {
        let worker = Worker {
            db,
            sender,
            key,
            settings,
            token,
        };
        worker.run().await;
    });
    Ok(())
}

struct Worker {
    db: DatabaseConnection,
    sender: Arc<WebhookSender>,
    key: Arc<SealingKey>,
    settings: Arc<Settings>,
    token: String,
}

impl Worker {
    /// A pipeline, not rounds: new deliveries are claimed as soon as there is room, while
    /// slower ones are still on the wire.
    async fn run(self) {
        let this = Arc::new(self);
        let mut running = tokio::task::JoinSet::new();
        // Ids on the wire here: a claim that returns one again (its lease ran out while the
        // receiver was slow) only renewed the lease; it is not sent twice.
        let in_flight = Arc::new(Mutex::new(HashSet::new()));
        loop {
            while running.try_join_next().is_some() {}
            let room = MAX_IN_FLIGHT.saturating_sub(running.len());
            let claimed = match room {
                0 => Ok(0),
                room => this.claim_and_start(&mut running, &in_flight, room).await,
            };
            let idle = match claimed {
                Ok(started) => started == 0,
                Err(err) => {
                    tracing::warn!(error = %err, "webhook delivery round failed");
                    true
                }
            };
            if idle || running.len() >= MAX_IN_FLIGHT {
                let poll = tokio::time::sleep(this.settings.webhook_poll_interval);
                if running.is_empty() {
                    poll.await;
                } else {
                    tokio::select! {
                        _ = running.join_next() => {}
                        _ = poll => {}
                    }
                }
            }
        }
    }

    async fn claim_and_start(
        self: &Arc<Self>,
        running: &mut tokio::task::JoinSet<()>,
        in_flight: &Arc<Mutex<HashSet<i64>>>,
        room: usize,
    ) -> anyhow::Result<usize> {
        let now = Utc::now();
        let lease = Duration::from_std(self.settings.webhook_lease).unwrap_or(Duration::seconds(60));
        let batch = BATCH.min(room as u64);
        let claimed = repo::webhook_deliveries::claim(&self.db, &self.token, now, now + lease, batch).await?;
        // One read per endpoint per round, not per delivery.
        let mut endpoints: HashMap<(i64, i64), Option<Arc<Endpoint>>> = HashMap::new();
        let mut started = 0;
        for delivery in claimed {
            if !in_flight.lock().expect("in-flight set").insert(delivery.id) {
                continue;
            }
            let key = (delivery.organization_id, delivery.endpoint_id);
            let endpoint = match endpoints.get(&key) {
                Some(found) => found.clone(),
                None => {
                    let found = repo::webhook_endpoints::find_in_organization(&self.db, key.0, key.1)
                        .await?
                        .map(Arc::new);
                    endpoints.insert(key, found.clone());
                    found
                }
            };
            let (this, in_flight) = (self.clone(), in_flight.clone());
            started += 1;
            running.spawn(async move {
                // Deleted meanwhile: its deliveries went with it.
                if let Some(endpoint) = endpoint {
                    if let Err(err) = this.deliver_one(&endpoint, &delivery).await {
                        tracing::warn!(delivery_id = delivery.id, error = %err, "webhook delivery not recorded");
                    }
                }
                in_flight.lock().expect("in-flight set").remove(&delivery.id);
            });
        }
        Ok(started)
    }
}

impl Worker {
    async fn deliver_one(&self, endpoint: &Endpoint, delivery: &Delivery) -> anyhow::Result<()> {
        let (db, sender, key, settings, token) =
            (&self.db, &*self.sender, &*self.key, &*self.settings, &self.token);
        deliver(db, sender, key, settings, token, endpoint, delivery).await
    }
}

async fn deliver(
    db: &DatabaseConnection,
    sender: &WebhookSender,
    key: &SealingKey,
    settings: &Settings,
    token: &str,
    endpoint: &Endpoint,
    delivery: &Delivery,
) -> anyhow::Result<()> {
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
    let recorded = repo::webhook_deliveries::finish(
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
        Verdict::Delivered => repo::webhook_endpoints::mark_healthy(db, org, endpoint.id).await?,
        Verdict::Gone => {
            let reason = "The endpoint answered 410 Gone, which asks never to be sent to again.";
            repo::webhook_endpoints::disable(db, org, endpoint.id, reason, now).await?;
        }
        Verdict::Failed => {
            let since = repo::webhook_endpoints::mark_failing(db, org, endpoint.id, attempted_at).await?;
            // A message given up after its whole window, with no success to the endpoint since
            // its first try, is a window of failures too: a quiet endpoint gets one message,
            // whose last try comes before a full window has passed since the first.
            let first_try = match given_up {
                true => repo::webhook_deliveries::first_attempt_at(db, org, delivery.id).await?,
                false => None,
            };
            if since.is_some_and(|since| {
                retry::failed_for_whole_window(since, now, settings.webhook_retry_window)
                    || first_try.is_some_and(|first| since <= first)
            }) {
                let reason = format!(
                    "Every delivery failed from {} until {}; the last: {}.",
                    since.map(|s| s.to_rfc3339()).unwrap_or_default(),
                    now.to_rfc3339(),
                    error.as_deref().unwrap_or("no answer"),
                );
                repo::webhook_endpoints::disable(db, org, endpoint.id, &reason, now).await?;
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
