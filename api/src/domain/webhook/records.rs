//! Webhook rows as the layers above the repo see them.
use crate::domain::webhook::topic::Topic;
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub id: i64,
    pub organization_id: i64,
    pub app_id: i64,
    pub url: String,
    pub description: String,
    pub topics: Vec<Topic>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// Sealed with the encryption key; opened only to sign or to reveal.
    pub sealed_secret: String,
    pub sealed_previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The changes of an edit; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct EndpointEdit {
    pub url: Option<String>,
    pub topics: Option<Vec<Topic>>,
    pub description: Option<String>,
    pub enabled: Option<bool>,
    /// Turned back on: forget the reason and the run of failures.
    pub fresh_start: bool,
    /// A rotation: the new sealed secret; the current one becomes the previous until the time.
    pub rotate_to: Option<(String, DateTime<Utc>)>,
}

crate::domain::text_enum::text_enum! {
    /// Where a delivery stands: `pending` (due, retrying or on the wire), `succeeded` (a 2xx),
    /// `failed` (given up, or answered 410).
    #[schema(as = WebhookDeliveryStatus)]
    pub enum DeliveryStatus {
        Pending = "pending",
        Succeeded = "succeeded",
        Failed = "failed",
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub id: i64,
    pub organization_id: i64,
    pub endpoint_id: i64,
    pub message_id: String,
    pub topic: String,
    pub payload: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub id: i64,
    pub delivery_id: i64,
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    pub response_body: Option<String>,
}
