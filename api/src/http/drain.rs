//! Stopping without failing requests in flight. On SIGTERM actix stops idle workers at once,
//! and a pooled database connection opened on a stopped worker's runtime then fails for a
//! request still running on another worker ("Tokio context is being shutdown": a 500 seen in
//! the SIGTERM test). So the server handles the signal itself: it drains, and only then stops
//! the workers.
//!
//! Draining has to cover a request from when the client sent it, not from when actix
//! dispatched it: kernel accept queue → actix's accept thread → a worker (`on_connect`) → head
//! parsed → dispatched. A graceful stop closes the connections whose request is not dispatched
//! yet (actix-http starts no buffered request once shutdown is signalled), and closing the
//! listener resets those still in the accept queue. Pausing and then waiting for dispatched
//! requests only, the SIGTERM test lost its half-sent request under load (two busy cores) in
//! 21 of 128 runs. Of 8 failures traced to the microsecond, 2 had passed `on_connect` without
//! being dispatched, and 6 were still in the accept queue when the drain decided to stop: 4
//! were accepted a few milliseconds later by a starved accept thread (`ServerHandle::pause`
//! returns before the accept thread has seen it) and 2 never were.
//!
//! So on a signal the server keeps accepting, and stops once, on two polls in a row with no
//! connection opened between them, the accept queue is empty, no connection is waiting for its
//! first request and no request is in flight. Keeping accepting, rather than pausing, is what
//! lets a connection queued at the signal be served. Two polls, because the hand-off of a
//! connection from actix's accept thread to a worker cannot be observed: the second gives a
//! worker slow to pick it up the time to reach `on_connect`. A keep-alive connection that has
//! served a request and sits idle does not hold the drain (actix closes it on stop); one that
//! never sends a request holds it until actix's client request timeout (5 s) closes it. All of
//! it is bounded by the shutdown timeout.
use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServerHandle, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use std::cell::Cell;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::signal::unix::{signal, Signal, SignalKind};

/// What the drain waits for, shared by the connection guards and the tracking middleware.
#[derive(Clone, Default)]
pub struct Drain(Arc<Counts>);

#[derive(Default)]
struct Counts {
    /// Requests between being dispatched and their response being returned.
    in_flight: AtomicUsize,
    /// Connections accepted whose first request has not been dispatched yet.
    waiting: AtomicUsize,
    /// Connections accepted so far: a drain poll that sees it change saw traffic.
    opened: AtomicUsize,
}

/// Decrements on drop, so a cancelled request is not counted forever.
struct Entered(Arc<Counts>);

impl Drop for Entered {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Lives in a connection's extensions, as long as the connection: counts it as waiting until
/// its first request is dispatched or it closes without one.
struct Connection {
    counts: Arc<Counts>,
    waiting: Cell<bool>,
}

impl Connection {
    fn dispatched(&self) {
        if self.waiting.replace(false) {
            self.counts.waiting.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.dispatched();
    }
}

impl Drain {
    pub fn in_flight(&self) -> usize {
        self.0.in_flight.load(Ordering::SeqCst)
    }

    pub fn waiting(&self) -> usize {
        self.0.waiting.load(Ordering::SeqCst)
    }

    /// For `HttpServer::on_connect`: runs on the worker for every accepted connection.
    pub fn connected(&self, extensions: &mut Extensions) {
        self.0.opened.fetch_add(1, Ordering::SeqCst);
        self.0.waiting.fetch_add(1, Ordering::SeqCst);
        extensions.insert(Connection {
            counts: self.0.clone(),
            waiting: Cell::new(true),
        });
    }

    fn enter(&self) -> Entered {
        self.0.in_flight.fetch_add(1, Ordering::SeqCst);
        Entered(self.0.clone())
    }

    /// The outermost middleware: counts every request while its handler runs.
    pub async fn track(
        self,
        request: ServiceRequest,
        next: Next<impl MessageBody>,
    ) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
        // In flight before no longer waiting, so the drain never sees the request in neither.
        let _entered = self.enter();
        if let Some(connection) = request.conn_data::<Connection>() {
            connection.dispatched();
        }
        next.call(request).await
    }

    /// Nothing between the kernel and a response, read in the order a request moves through
    /// them, so one that moves on while they are read is seen at its later stage. Returns the
    /// opened count too, to tell two quiet polls apart from two quiet moments with traffic
    /// between them.
    fn settled(&self, listener: Option<&TcpListener>) -> (bool, usize) {
        let queued = listener.map_or(0, accept_queue);
        let opened = self.0.opened.load(Ordering::SeqCst);
        let quiet = queued == 0 && self.waiting() == 0 && self.in_flight() == 0;
        (quiet, opened)
    }
}

/// Connections the kernel has completed but nobody has accepted yet: for a listening socket,
/// Linux reports its accept queue length as `tcpi_unacked` (what `ss` shows as Recv-Q).
#[cfg(target_os = "linux")]
fn accept_queue(listener: &TcpListener) -> usize {
    use std::os::fd::AsRawFd;
    // SAFETY: tcp_info is plain integers, so all zeroes is a valid value; getsockopt writes at
    // most `length` bytes into it and the descriptor stays open while `listener` is borrowed.
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut length = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    let result = unsafe {
        libc::getsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_INFO,
            std::ptr::addr_of_mut!(info).cast(),
            &mut length,
        )
    };
    if result == 0 {
        info.tcpi_unacked as usize
    } else {
        0
    }
}

/// Elsewhere the queue is not observable; the drain then waits for accepted connections only.
#[cfg(not(target_os = "linux"))]
fn accept_queue(_listener: &TcpListener) -> usize {
    0
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

/// Waits for SIGTERM or SIGINT, then drains and stops the server. `listener` is a duplicate
/// of the server's listening socket, to read its accept queue.
pub async fn stop_on_signal(
    mut signals: Signals,
    server: ServerHandle,
    drain: Drain,
    listener: Option<TcpListener>,
    timeout: Duration,
) {
    signals.recv().await;
    drain_and_stop(server, drain, listener, timeout).await;
}

/// How often the drain looks; two quiet looks in a row end it.
const POLL: Duration = Duration::from_millis(10);

async fn drain_and_stop(
    server: ServerHandle,
    drain: Drain,
    listener: Option<TcpListener>,
    timeout: Duration,
) {
    let started = Instant::now();
    tracing::info!(
        in_flight = drain.in_flight(),
        waiting = drain.waiting(),
        "stopping: draining requests"
    );
    let deadline = started + timeout;
    let mut previous = None;
    loop {
        let (quiet, opened) = drain.settled(listener.as_ref());
        if quiet && previous == Some(opened) {
            break;
        }
        if Instant::now() >= deadline {
            tracing::warn!(
                in_flight = drain.in_flight(),
                waiting = drain.waiting(),
                "shutdown timeout: stopping with requests unfinished"
            );
            break;
        }
        previous = quiet.then_some(opened);
        tokio::time::sleep(POLL).await;
    }
    // The duplicate would keep the socket listening after actix closes its own, queueing
    // connections nobody accepts instead of refusing them.
    drop(listener);
    tracing::info!(
        drained_ms = started.elapsed().as_millis() as u64,
        "drained; stopping workers"
    );
    server.stop(true).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_connection_is_in_the_accept_queue_until_accepted() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let watched = listener.try_clone().unwrap();
        assert_eq!(accept_queue(&watched), 0);
        let _client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        // The kernel completes the handshake on its own; on loopback it is all but immediate.
        let deadline = Instant::now() + Duration::from_secs(5);
        while accept_queue(&watched) == 0 {
            assert!(Instant::now() < deadline, "never queued");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(accept_queue(&watched), 1);
        let _accepted = listener.accept().unwrap();
        assert_eq!(accept_queue(&watched), 0);
    }

    #[test]
    fn a_connection_waits_until_its_first_request_or_until_it_closes() {
        let drain = Drain::default();
        let mut served = Extensions::new();
        let mut silent = Extensions::new();
        drain.connected(&mut served);
        drain.connected(&mut silent);
        assert_eq!(drain.waiting(), 2);
        let connection = served.get::<Connection>().unwrap();
        connection.dispatched();
        connection.dispatched();
        assert_eq!(drain.waiting(), 1, "a second request does not count again");
        drop(served);
        assert_eq!(drain.waiting(), 1, "nor does closing after a request");
        drop(silent);
        assert_eq!(drain.waiting(), 0);
        assert_eq!(drain.settled(None), (true, 2));
    }
}
