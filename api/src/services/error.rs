//! What a use case can fail with, in the caller's terms and without HTTP: the kind of
//! failure, a stable code, a message the caller may read, and facts for `details`.
//! `error.rs` turns it into the JSON error contract with one `From`; this layer never names
//! a status code.
use crate::domain::error::InvalidInput;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The kinds of failure the API distinguishes (each is one HTTP status in `error.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthenticated,
    Forbidden,
    /// Also used for other organizations' ids, so an id never reveals that it exists.
    NotFound,
    Conflict,
    TooLarge,
    /// Input that parsed but breaks a rule (`validation_failed` and its relatives).
    Invalid,
    RateLimited,
    Unavailable,
    Internal,
}

#[derive(Debug, thiserror::Error)]
#[error("{kind:?} {code}: {message}")]
pub struct ServiceError {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub message: String,
    pub details: Map<String, Value>,
    pub retry_after_secs: Option<u64>,
    /// Logged, never sent.
    #[source]
    pub source: Option<anyhow::Error>,
}

pub type ServiceResult<T> = Result<T, ServiceError>;

impl ServiceError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        ServiceError {
            kind,
            code,
            message: message.into(),
            details: Map::new(),
            retry_after_secs: None,
            source: None,
        }
    }

    pub fn with_detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, code, message)
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthenticated, "unauthenticated", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, "forbidden", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorKind::NotFound, "not_found", format!("{what} not found"))
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, code, message)
    }

    pub fn payload_too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TooLarge, "payload_too_large", message)
    }

    /// `validation_failed`, naming each failing field.
    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        let summary = fields
            .iter()
            .map(|(field, problem)| format!("{field}: {problem}"))
            .collect::<Vec<_>>()
            .join("; ");
        Self::new(
            ErrorKind::Invalid,
            "validation_failed",
            format!("Invalid input ({summary})"),
        )
        .with_detail("fields", json!(fields))
    }

    pub fn invalid_field(field: &str, problem: impl Into<String>) -> Self {
        Self::validation(BTreeMap::from([(field.to_owned(), problem.into())]))
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut error = Self::new(
            ErrorKind::RateLimited,
            "rate_limited",
            format!("Too many requests; retry in {retry_after_secs} s"),
        );
        error.retry_after_secs = Some(retry_after_secs.max(1));
        error
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, "service_unavailable", message)
    }

    pub fn internal(source: anyhow::Error) -> Self {
        let mut error = Self::new(
            ErrorKind::Internal,
            "internal_error",
            "Something went wrong on our side",
        );
        error.source = Some(source);
        error
    }

    /// The database error underneath, if this failure is one (the retry loop looks for races).
    pub fn db_error(&self) -> Option<&sea_orm::DbErr> {
        self.source
            .as_ref()
            .and_then(|s| s.downcast_ref::<sea_orm::DbErr>())
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(err: sea_orm::DbErr) -> Self {
        use sea_orm::DbErr;
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                let mut error = ServiceError::unavailable("The database is unavailable; try again shortly");
                error.source = Some(err.into());
                error
            }
            other => ServiceError::internal(other.into()),
        }
    }
}

impl From<anyhow::Error> for ServiceError {
    fn from(err: anyhow::Error) -> Self {
        ServiceError::internal(err)
    }
}

impl From<InvalidInput> for ServiceError {
    fn from(err: InvalidInput) -> Self {
        ServiceError::invalid_field(err.field, err.problem)
    }
}
