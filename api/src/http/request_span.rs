//! One span per request (tracing-actix-web): method, route, status, latency and, once an
//! extractor has authenticated the caller, the organization id. Each request ends with one
//! `request finished` event inside that span, the access log.
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage, HttpRequest};
use std::time::Instant;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpan, RootSpanBuilder, TracingLogger};

/// When the request reached the middleware, for its latency.
struct Started(Instant);

pub struct RequestSpan;

pub fn middleware() -> TracingLogger<RequestSpan> {
    TracingLogger::<RequestSpan>::new()
}

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        request.extensions_mut().insert(Started(Instant::now()));
        tracing_actix_web::root_span!(
            request,
            organization_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span.clone(), outcome);
        let Ok(response) = outcome else { return };
        let latency_ms = response
            .request()
            .extensions()
            .get::<Started>()
            .map_or(0.0, |started| started.0.elapsed().as_secs_f64() * 1000.0);
        span.record("latency_ms", latency_ms);
        let status = response.status().as_u16();
        span.in_scope(|| tracing::info!(status, latency_ms, "request finished"));
    }
}

/// The request's span, taken before an extractor's future runs (which cannot see the request).
pub fn of(request: &HttpRequest) -> Option<Span> {
    request
        .extensions()
        .get::<RootSpan>()
        .map(|root| Span::clone(root))
}

/// Names the organization on the request's span once the caller is known.
pub fn record_organization(span: &Option<Span>, organization_id: i64) {
    if let Some(span) = span {
        span.record("organization_id", organization_id);
    }
}
