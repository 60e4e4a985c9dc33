//! Webhook endpoints, secrets and deliveries as requests send and responses show them.
use crate::domain::webhook::records::{Attempt, DeliveryStatus, Endpoint};
use crate::domain::webhook::topic::Topic;
use crate::services::webhooks::{LoggedDelivery, Secrets};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhookEndpoint {
    /// `https://…` (plain `http://` and inside addresses only with CONVOT_WEBHOOKS_ALLOW_PRIVATE=1).
    pub url: String,
    pub topics: Vec<String>,
    /// Default true.
    pub enabled: Option<bool>,
    /// Up to 500 characters.
    pub description: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookEndpointPatch {
    pub url: Option<String>,
    pub topics: Option<Vec<String>>,
    /// Turning a disabled endpoint back on clears its `disabled_reason`.
    pub enabled: Option<bool>,
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub app_id: i64,
    pub url: String,
    pub description: String,
    pub topics: Vec<Topic>,
    pub enabled: bool,
    /// Why Convot stopped sending (410 Gone, or every attempt failed for three days).
    pub disabled_reason: Option<String>,
    /// When the current run of failed attempts began; null while deliveries succeed.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Endpoint> for WebhookEndpoint {
    fn from(model: Endpoint) -> WebhookEndpoint {
        WebhookEndpoint {
            id: model.id,
            app_id: model.app_id,
            url: model.url,
            description: model.description,
            topics: model.topics,
            enabled: model.enabled,
            disabled_reason: model.disabled_reason,
            failing_since: model.failing_since,
            created_at: model.created_at,
            updated_at: model.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedWebhookEndpoint {
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
    /// `whsec_<base64>`: verify requests with it (also shown by GET …/secret).
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookSecret {
    /// `whsec_<base64>` of 32 random bytes.
    pub secret: String,
    /// After a rotation, the old secret, which still signs until `previous_secret_expires_at`.
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

impl From<Secrets> for WebhookSecret {
    fn from(secrets: Secrets) -> WebhookSecret {
        WebhookSecret {
            secret: secrets.secret,
            previous_secret: secrets.previous_secret,
            previous_secret_expires_at: secrets.previous_secret_expires_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookAttempt {
    pub id: i64,
    pub attempted_at: DateTime<Utc>,
    /// Null when no answer came (timeout, refused connection or address).
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
    /// The first 1 KiB of what the receiver answered.
    pub response_body: Option<String>,
}

impl From<Attempt> for WebhookAttempt {
    fn from(model: Attempt) -> WebhookAttempt {
        WebhookAttempt {
            id: model.id,
            attempted_at: model.attempted_at,
            status_code: model.status_code,
            duration_ms: model.duration_ms,
            error: model.error,
            response_body: model.response_body,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WebhookDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    /// The `webhook-id` header, the same on every attempt.
    pub message_id: String,
    #[serde(rename = "type")]
    pub topic: Topic,
    pub status: DeliveryStatus,
    pub attempt_count: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The body as sent.
    pub payload: serde_json::Value,
    pub attempts: Vec<WebhookAttempt>,
}

impl From<LoggedDelivery> for WebhookDelivery {
    fn from((model, attempts): LoggedDelivery) -> WebhookDelivery {
        WebhookDelivery {
            id: model.id,
            endpoint_id: model.endpoint_id,
            message_id: model.message_id,
            // The worker wrote both from these enums; an unknown value is a corrupt row.
            topic: model.topic.parse().unwrap_or(Topic::MessageReceived),
            status: model.status.parse().unwrap_or(DeliveryStatus::Pending),
            attempt_count: model.attempts,
            next_attempt_at: model.next_attempt_at,
            last_status_code: model.last_status_code,
            last_error: model.last_error,
            created_at: model.created_at,
            finished_at: model.finished_at,
            payload: serde_json::from_str(&model.payload).unwrap_or(serde_json::Value::Null),
            attempts: attempts.into_iter().map(WebhookAttempt::from).collect(),
        }
    }
}
