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
/// Requests on the wire at once per endpoint: a receiver that answers slowly (a tarpit) holds
/// at most this many of the process's slots, so other organizations' messages keep flowing.
const MAX_PER_ENDPOINT: usize = 16;

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

/// What this process has on the wire: each delivery once, and how many per endpoint.
#[derive(Default)]
struct OnTheWire {
    deliveries: HashSet<i64>,
    per_endpoint: HashMap<i64, usize>,
}

/// One delivery's place on the wire, given back when dropped (also if its task fails).
struct WireSlot {
    wire: Arc<Mutex<OnTheWire>>,
    delivery_id: i64,
    endpoint_id: i64,
}

impl Drop for WireSlot {
    fn drop(&mut self) {
        let mut wire = self.wire.lock().expect("on-the-wire set");
        wire.deliveries.remove(&self.delivery_id);
        if let Some(count) = wire.per_endpoint.get_mut(&self.endpoint_id) {
            *count -= 1;
            if *count == 0 {
                wire.per_endpoint.remove(&self.endpoint_id);
            }
        }
    }
}

/// A slot for the delivery, unless it is on the wire already (a claim returned it again) or
/// its endpoint has all its slots.
fn take_slot(wire: &Arc<Mutex<OnTheWire>>, delivery: &Delivery) -> Option<WireSlot> {
    let mut state = wire.lock().expect("on-the-wire set");
    let used = state
        .per_endpoint
        .get(&delivery.endpoint_id)
        .copied()
        .unwrap_or(0);
    if used >= MAX_PER_ENDPOINT || !state.deliveries.insert(delivery.id) {
        return None;
    }
    *state.per_endpoint.entry(delivery.endpoint_id).or_default() += 1;
    Some(WireSlot {
        wire: wire.clone(),
        delivery_id: delivery.id,
        endpoint_id: delivery.endpoint_id,
    })
}

impl Worker {
    /// A pipeline, not rounds: new deliveries are claimed as soon as there is room, while
    /// slower ones are still on the wire; the leases of those on the wire are renewed well
    /// before they run out, so no other process takes over a send that is still going.
    async fn run(self) {
        let this = Arc::new(self);
        let mut running = tokio::task::JoinSet::new();
        let wire = Arc::new(Mutex::new(OnTheWire::default()));
        let renew_every = this.settings.webhook_lease / 3;
        let mut renewed = tokio::time::Instant::now();
        loop {
            while running.try_join_next().is_some() {}
            if renewed.elapsed() >= renew_every {
                if let Err(err) = this.renew_leases(&wire).await {
                    tracing::warn!(error = %err, "webhook leases not renewed");
                }
                renewed = tokio::time::Instant::now();
            }
            let room = MAX_IN_FLIGHT.saturating_sub(running.len());
            let claimed = match room {
                0 => Ok(0),
                room => this.claim_and_start(&mut running, &wire, room).await,
            };
            let idle = match claimed {
                Ok(started) => started == 0,
                Err(err) => {
                    tracing::warn!(error = %err, "webhook delivery round failed");
                    true
                }
            };
            if idle || running.len() >= MAX_IN_FLIGHT {
                let wait = this.settings.webhook_poll_interval.min(renew_every);
                let poll = tokio::time::sleep(wait);
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

    fn lease_until(&self, now: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
        now + Duration::from_std(self.settings.webhook_lease).unwrap_or(Duration::seconds(60))
    }

    async fn renew_leases(&self, wire: &Mutex<OnTheWire>) -> anyhow::Result<()> {
        let ids: Vec<i64> = wire
            .lock()
            .expect("on-the-wire set")
            .deliveries
            .iter()
            .copied()
            .collect();
        if !ids.is_empty() {
            let until = self.lease_until(Utc::now());
            repo::webhook_deliveries::renew(&self.db, &self.token, &ids, until).await?;
        }
        Ok(())
    }

    async fn claim_and_start(
        self: &Arc<Self>,
        running: &mut tokio::task::JoinSet<()>,
        wire: &Arc<Mutex<OnTheWire>>,
        room: usize,
    ) -> anyhow::Result<usize> {
        let now = Utc::now();
        let batch = BATCH.min(room as u64);
        let full: Vec<i64> = {
            let state = wire.lock().expect("on-the-wire set");
            let full = state.per_endpoint.iter().filter(|(_, n)| **n >= MAX_PER_ENDPOINT);
            full.map(|(endpoint, _)| *endpoint).collect()
        };
        let claimed =
            repo::webhook_deliveries::claim(&self.db, &self.token, now, self.lease_until(now), batch, &full)
                .await?;
        // One read per endpoint per round, not per delivery.
        let mut endpoints: HashMap<(i64, i64), Option<Arc<Endpoint>>> = HashMap::new();
        let mut no_room = Vec::new();
        let mut started = 0;
        for delivery in claimed {
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
            let Some(slot) = take_slot(wire, &delivery) else {
                // Already on the wire (the claim only renewed its lease), or its endpoint's
                // slots are taken: given back unless it is this process's own send.
                if !wire
                    .lock()
                    .expect("on-the-wire set")
                    .deliveries
                    .contains(&delivery.id)
                {
                    no_room.push(delivery.id);
                }
                continue;
            };
            let this = self.clone();
            started += 1;
            running.spawn(async move {
                let _slot = slot;
                match endpoint {
                    // Deleted meanwhile: its deliveries went with it.
                    None => {}
                    // Disabled (a 410, an owner) since the claim: not sent; the claim skips
                    // it until the endpoint is enabled again.
                    Some(endpoint) if !endpoint.enabled => {
                        let _ = repo::webhook_deliveries::release_ids(&this.db, &this.token, &[delivery.id]).await;
                    }
                    Some(endpoint) => {
                        if let Err(err) = this.deliver_one(&endpoint, &delivery).await {
                            tracing::warn!(delivery_id = delivery.id, error = %err, "webhook delivery not recorded");
                        }
                    }
                }
            });
        }
        if !no_room.is_empty() {
            repo::webhook_deliveries::release_ids(&self.db, &self.token, &no_room).await?;
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
            // Its tries must span most of the window too: a message queued long ago but first
            // tried just now (its endpoint was off meanwhile) is given up at once.
            let first_try = match given_up {
                true => repo::webhook_deliveries::first_attempt_at(db, org, delivery.id).await?,
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
