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

/// Waits for SIGTERM or SIGINT, then drains and stops the server.
pub async fn stop_on_signal(server: ServerHandle, in_flight: InFlight, timeout: Duration) {
    let Ok(mut terminate) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
        tracing::warn!("cannot listen for SIGTERM; stopping on SIGINT only");
        let _ = tokio::signal::ctrl_c().await;
        return drain_and_stop(server, in_flight, timeout).await;
    };
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
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
