//! The one JSON error contract (SPEC §8): `{"error": {"code", "message", "details"}}`.
//!
//! Handlers return `ApiError`; the whole error is logged, the body only says what the caller
//! may know. Database and other internal failures never leak their text.
use crate::domain::error::InvalidInput;
use crate::services::error::{ErrorKind, ServiceError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Map<String, Value>,
    pub retry_after_secs: Option<u64>,
    /// The `Allow` header of a 405.
    pub allow: Option<String>,
    /// Logged, never sent.
    pub source: Option<anyhow::Error>,
}

/// The body of every error response.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorObject,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorObject {
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`.
    #[schema(example = "not_found")]
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// Extra facts; for `validation_failed`, `fields` maps each failing field to its problem.
    #[schema(value_type = Object)]
    pub details: Map<String, Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: Map::new(),
            retry_after_secs: None,
            allow: None,
            source: None,
        }
    }

    pub fn with_allow(mut self, methods: String) -> Self {
        self.allow = Some(methods);
        self
    }

    pub fn with_detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    // The constructors below are the service layer's, so a message or code is defined once
    // whether a handler or a service refuses.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::bad_request(code, message).into()
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        ServiceError::unauthenticated(message).into()
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        ServiceError::forbidden(message).into()
    }

    /// Also used for other organizations' ids, so an id never reveals that it exists.
    pub fn not_found(what: &str) -> Self {
        ServiceError::not_found(what).into()
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::conflict(code, message).into()
    }

    pub fn payload_too_large(message: impl Into<String>) -> Self {
        ServiceError::payload_too_large(message).into()
    }

    /// 422 naming each failing field.
    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        ServiceError::validation(fields).into()
    }

    pub fn invalid_field(field: &str, problem: impl Into<String>) -> Self {
        ServiceError::invalid_field(field, problem).into()
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        ServiceError::rate_limited(retry_after_secs).into()
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        ServiceError::unavailable(message).into()
    }

    pub fn internal(source: anyhow::Error) -> Self {
        ServiceError::internal(source).into()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.message)?;
        if let Some(source) = &self.source {
            write!(f, " ({source:#})")?;
        }
        Ok(())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request rejected");
        }
        let mut response = HttpResponse::build(self.status);
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let Some(methods) = &self.allow {
            response.insert_header((header::ALLOW, methods.clone()));
        }
        response.json(ErrorBody {
            error: ErrorObject {
                code: self.code.to_owned(),
                message: self.message.clone(),
                details: self.details.clone(),
            },
        })
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        ServiceError::from(err).into()
    }
}

/// The one place a use case's failure becomes an HTTP status.
impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        let status = match err.kind {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status,
            code: err.code,
            message: err.message,
            details: err.details,
            retry_after_secs: err.retry_after_secs,
            allow: None,
            source: err.source,
        }
    }
}

impl From<InvalidInput> for ApiError {
    fn from(err: InvalidInput) -> Self {
        ServiceError::from(err).into()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::internal(err)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
