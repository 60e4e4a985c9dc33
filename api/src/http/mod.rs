//! The HTTP edge every request crosses before or around a handler: input refused early,
//! browser security headers, the widget rate limit, the client address behind proxies,
//! graceful draining on stop, the SPA's files, and the span each request is logged in.
pub mod client_address;
pub mod drain;
pub mod input_guard;
pub mod rate_limit;
pub mod request_span;
pub mod security_headers;
pub mod spa;
