//! The records only a data-subject access request (`GET /contacts/{id}/export.json`) reads:
//! an app's sighting of the contact and the merchant's revenue transactions.
use chrono::{DateTime, Utc};

/// One app's view of the contact: when that app first and last saw them.
#[derive(Clone, Debug, PartialEq)]
pub struct AppSighting {
    pub app_id: i64,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// One app revenue transaction of a merchant, as synced from the Partner API.
#[derive(Clone, Debug, PartialEq)]
pub struct RevenueTransaction {
    pub merchant_id: i64,
    pub transaction_id: String,
    /// A `TransactionType` (`APP_SUBSCRIPTION_SALE`, `APP_SALE_ADJUSTMENT`, …).
    pub transaction_type: String,
    pub charge_id: Option<String>,
    /// The Partner's net, in minor units (negative for adjustments and refunds).
    pub net_minor: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
}
