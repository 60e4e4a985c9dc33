//! The webhook sender each API process runs: claims due deliveries under a lease, keeps them in
//! a local queue, and sends them as slots free up ([`webhook_send`] does one). A crashed
//! worker's lease runs out and another process sends the delivery again with the same
//! `webhook-id` (at least once); a worker whose lease was taken over records nothing, so no
//! attempt is logged twice. Leases of everything held here are renewed well before they run
//! out, so a slow receiver never lets a second process start the same send.
use crate::configuration::Settings;
use crate::domain::sealed::SealingKey;
use crate::domain::webhook::records::{Delivery, Endpoint};
use crate::integrations::webhook_sender::WebhookSender;
use crate::repo;
use crate::repo::claiming::Claiming;
use crate::workers::claiming_of;
use crate::workers::webhook_send::{self, SendContext};
use chrono::{Duration, Utc};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Deliveries claimed per round.
const BATCH: u64 = 50;
/// Sends on the wire at once per process: enough that slow receivers (up to the 15 s timeout)
/// do not hold up the others, few enough to bound memory and sockets.
const MAX_IN_FLIGHT: usize = 128;
/// Sends on the wire at once per endpoint: a receiver that answers slowly (a tarpit) holds at
/// most this many of the process's slots, so other organizations' messages keep flowing.
const MAX_PER_ENDPOINT: usize = 16;
/// Deliveries held (leased, queued here or on the wire) per process, and per endpoint: the
/// rest stay in the table for other processes.
const MAX_HELD: usize = 512;
const MAX_HELD_PER_ENDPOINT: usize = 128;
/// Claim more once the local queue is this short.
const LOW_WATER: usize = 64;

/// Runs until the process stops, leasing deliveries to `token` (released on shutdown).
pub fn spawn(db: DatabaseConnection, settings: Arc<Settings>, token: String) -> anyhow::Result<()> {
    let sender = WebhookSender::new(settings.webhooks_allow_private)?;
    let key = SealingKey::from_hex(settings.encryption_key.expose_secret())?;
    tokio::spawn(async move {
        let claiming = claiming_of(&db, settings.webhook_poll_interval).await;
        let worker = Arc::new(Worker {
            db,
            sender,
            key,
            settings,
            token,
            claiming,
            disabled: Mutex::new(HashMap::new()),
        });
        Scheduler::default().run(worker).await
    });
    Ok(())
}

struct Worker {
    db: DatabaseConnection,
    sender: WebhookSender,
    key: SealingKey,
    settings: Arc<Settings>,
    token: String,
    claiming: Claiming,
    disabled: Mutex<HashMap<i64, Instant>>,
}

impl Worker {
    fn lease_until(&self) -> chrono::DateTime<Utc> {
        Utc::now() + Duration::from_std(self.settings.webhook_lease).unwrap_or(Duration::seconds(60))
    }

    /// Sends one delivery, with its endpoint as read at `read_at`.
    async fn send(&self, endpoint: &Endpoint, read_at: Instant, delivery: &Delivery) {
        // Disabled (by an owner, or here after a 410 since that reading): not sent; the claim
        // skips it until the endpoint is enabled again.
        let disabled_since_read = self
            .disabled
            .lock()
            .expect("disabled endpoints")
            .get(&endpoint.id)
            .is_some_and(|at| *at >= read_at);
        if !endpoint.enabled || disabled_since_read {
            let _ = repo::webhook_leases::release_ids(&self.db, &self.token, &[delivery.id]).await;
            return;
        }
        let context = SendContext {
            db: &self.db,
            sender: &self.sender,
            key: &self.key,
            settings: &self.settings,
            token: &self.token,
            disabled: &self.disabled,
        };
        if let Err(err) = webhook_send::deliver(&context, endpoint, delivery).await {
            tracing::warn!(delivery_id = delivery.id, error = %err, "webhook delivery not recorded");
        }
    }
}

/// A claimed delivery waiting for a slot, with its endpoint as read when it was claimed
/// (`None`: deleted meanwhile, and its deliveries with it).
struct Queued {
    delivery: Delivery,
    endpoint: Option<Arc<Endpoint>>,
    read_at: Instant,
}

/// What this process holds: the local queue, the sends on the wire, and per endpoint how many
/// of each. Only the scheduler's loop touches it; finished sends come back through the join set.
#[derive(Default)]
struct Scheduler {
    queue: VecDeque<Queued>,
    held: HashSet<i64>,
    held_per_endpoint: HashMap<i64, usize>,
    sending_per_endpoint: HashMap<i64, usize>,
    /// Which delivery (and endpoint) each running task sends, so even a task that panicked
    /// gives its hold back.
    tasks: HashMap<tokio::task::Id, (i64, i64)>,
}

impl Scheduler {
    async fn run(mut self, worker: Arc<Worker>) {
        let mut running: tokio::task::JoinSet<()> = tokio::task::JoinSet::new();
        let renew_every = worker.settings.webhook_lease / 3;
        let mut renewed = tokio::time::Instant::now();
        loop {
            while let Some(done) = running.try_join_next_with_id() {
                self.finished(done);
            }
            if renewed.elapsed() >= renew_every {
                self.renew(&worker).await;
                renewed = tokio::time::Instant::now();
            }
            let mut claimed = 0;
            if self.queue.len() < LOW_WATER && self.held.len() < MAX_HELD {
                match self.claim(&worker).await {
                    Ok(count) => claimed = count,
                    Err(err) => tracing::warn!(error = %err, "webhook claim failed"),
                }
            }
            let started = self.start(&worker, &mut running);
            if started == 0 && claimed == 0 {
                let poll = tokio::time::sleep(worker.settings.webhook_poll_interval.min(renew_every));
                if running.is_empty() {
                    poll.await;
                } else {
                    tokio::select! {
                        done = running.join_next_with_id() => {
                            if let Some(done) = done {
                                self.finished(done);
                            }
                        }
                        _ = poll => {}
                    }
                }
            }
        }
    }

    /// A send ended (or its task failed): its slot and its hold are given back.
    fn finished(&mut self, done: Result<(tokio::task::Id, ()), tokio::task::JoinError>) {
        let task = match &done {
            Ok((task, ())) => *task,
            Err(err) => {
                tracing::warn!(error = %err, "a webhook send failed");
                err.id()
            }
        };
        let Some((delivery_id, endpoint_id)) = self.tasks.remove(&task) else {
            return;
        };
        self.held.remove(&delivery_id);
        decrement(&mut self.held_per_endpoint, endpoint_id);
        decrement(&mut self.sending_per_endpoint, endpoint_id);
    }

    async fn renew(&self, worker: &Worker) {
        if self.held.is_empty() {
            return;
        }
        let ids: Vec<i64> = self.held.iter().copied().collect();
        let renewed =
            repo::webhook_leases::renew(&worker.db, &worker.token, &ids, worker.lease_until()).await;
        if let Err(err) = renewed {
            tracing::warn!(error = %err, "webhook leases not renewed");
        }
    }

    /// Claims due deliveries of endpoints this process does not hold enough of already, and
    /// queues them with their endpoints (one read per endpoint per claim).
    async fn claim(&mut self, worker: &Worker) -> anyhow::Result<usize> {
        let full: Vec<i64> = self
            .held_per_endpoint
            .iter()
            .filter(|(_, held)| **held >= MAX_HELD_PER_ENDPOINT)
            .map(|(endpoint, _)| *endpoint)
            .collect();
        let batch = BATCH.min((MAX_HELD - self.held.len()) as u64);
        let now = Utc::now();
        let claimed = repo::webhook_leases::claim(
            &worker.db,
            worker.claiming,
            &worker.token,
            now,
            worker.lease_until(),
            batch,
            &full,
        )
        .await?;
        let mut endpoints: HashMap<(i64, i64), Option<Arc<Endpoint>>> = HashMap::new();
        let read_at = Instant::now();
        let mut queued = 0;
        for delivery in claimed {
            // A claim can return what this process holds when its lease ran out (a renewal
            // failed): the claim renewed it; it is not queued twice.
            if !self.held.insert(delivery.id) {
                continue;
            }
            *self.held_per_endpoint.entry(delivery.endpoint_id).or_default() += 1;
            let key = (delivery.organization_id, delivery.endpoint_id);
            let endpoint = match endpoints.get(&key) {
                Some(found) => found.clone(),
                None => {
                    let found = repo::webhook_endpoints::find_in_organization(&worker.db, key.0, key.1).await;
                    let found = match found {
                        Ok(found) => found.map(Arc::new),
                        Err(err) => {
                            // Given back, so another round (or process) sends it.
                            self.held.remove(&delivery.id);
                            decrement(&mut self.held_per_endpoint, delivery.endpoint_id);
                            let _ =
                                repo::webhook_leases::release_ids(&worker.db, &worker.token, &[delivery.id])
                                    .await;
                            return Err(err.into());
                        }
                    };
                    endpoints.insert(key, found.clone());
                    found
                }
            };
            self.queue.push_back(Queued {
                delivery,
                endpoint,
                read_at,
            });
            queued += 1;
        }
        Ok(queued)
    }

    /// Starts queued sends, oldest first, while there are slots (per process and per endpoint).
    fn start(&mut self, worker: &Arc<Worker>, running: &mut tokio::task::JoinSet<()>) -> usize {
        let mut started = 0;
        let mut waiting = VecDeque::new();
        while let Some(queued) = self.queue.pop_front() {
            let endpoint_id = queued.delivery.endpoint_id;
            let sending = self.sending_per_endpoint.get(&endpoint_id).copied().unwrap_or(0);
            if running.len() >= MAX_IN_FLIGHT || sending >= MAX_PER_ENDPOINT {
                waiting.push_back(queued);
                if running.len() >= MAX_IN_FLIGHT {
                    break;
                }
                continue;
            }
            *self.sending_per_endpoint.entry(endpoint_id).or_default() += 1;
            let worker = worker.clone();
            let delivery_id = queued.delivery.id;
            let task = running.spawn(async move {
                if let Some(endpoint) = &queued.endpoint {
                    worker.send(endpoint, queued.read_at, &queued.delivery).await;
                }
            });
            self.tasks.insert(task.id(), (delivery_id, endpoint_id));
            started += 1;
        }
        waiting.append(&mut self.queue);
        self.queue = waiting;
        started
    }
}

fn decrement(counts: &mut HashMap<i64, usize>, key: i64) {
    if let Some(count) = counts.get_mut(&key) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            counts.remove(&key);
        }
    }
}
