//! Stopping without failing requests in flight. On SIGTERM actix stops idle workers at once,
//! and a pooled database connection opened on a stopped worker's runtime then fails for a
//! request still running on another worker ("Tokio context is being shutdown": a 500 seen in
//! the SIGTERM test). So the server handles the signal itself: stop accepting, wait until no
//! request is in flight (at most the shutdown timeout), and only then stop the workers.
use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::signal::unix::{signal, Signal, SignalKind};

/// Requests between their head arriving and their response being returned.
#[derive(Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>);

/// Decrements on drop, so a cancelled request is not counted forever.
struct Entered(Arc<AtomicUsize>);

impl Drop for Entered {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl InFlight {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    fn enter(&self) -> Entered {
        self.0.fetch_add(1, Ordering::SeqCst);
        Entered(self.0.clone())
    }

    /// The outermost middleware: counts every request while its handler runs.
    pub async fn track(
        self,
        request: ServiceRequest,
        next: Next<impl MessageBody>,
    ) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
        let _entered = self.enter();
        next.call(request).await
    }
}

/// SIGTERM and SIGINT, listened for from when the server is built: one that came before the
/// stopper task first ran would take its default action and kill the process undrained (a
/// SIGTERM sent right after "listening" did).
pub struct Signals {
    terminate: Option<Signal>,
    interrupt: Option<Signal>,
}

impl Signals {
    /// Needs the Tokio runtime; replaces the default action of both signals from now on.
    pub fn listen() -> Signals {
        let listen = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(signal) => Some(signal),
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for {name}; it will not drain");
                None
            }
        };
        Signals {
            terminate: listen(SignalKind::terminate(), "SIGTERM"),
            interrupt: listen(SignalKind::interrupt(), "SIGINT"),
        }
    }

    async fn recv(&mut self) {
        async fn next(signal: &mut Option<Signal>) {
            let received = match signal {
                Some(signal) => signal.recv().await.is_some(),
                None => false,
            };
            if !received {
                // Not listened for, or the runtime is going away: never a reason to stop.
                std::future::pending::<()>().await;
            }
        }
        tokio::select! {
            _ = next(&mut self.terminate) => {}
            _ = next(&mut self.interrupt) => {}
        }
    }
}

/// Waits for SIGTERM or SIGINT, then drains and stops the server.
pub async fn stop_on_signal(
    mut signals: Signals,
    server: ServerHandle,
    in_flight: InFlight,
    timeout: Duration,
) {
    signals.recv().await;
    drain_and_stop(server, in_flight, timeout).await;
}

async fn drain_and_stop(server: ServerHandle, in_flight: InFlight, timeout: Duration) {
    tracing::info!(
        in_flight = in_flight.count(),
        "stopping: no new connections, draining requests"
    );
    server.pause().await;
    let deadline = Instant::now() + timeout;
    while in_flight.count() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.stop(true).await;
}
