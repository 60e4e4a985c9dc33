//! The Shopify Partner integration as agents read it: the connection, the Partner apps, and
//! each shop as a merchant of one Partner app (SPEC §2, §7).
use crate::domain::shopify_ledger::{BillingInterval, MrrStep, Status};
use crate::domain::text_enum::text_enum;
use chrono::{DateTime, Utc};

text_enum! {
    /// Where the organization's Partner connection stands.
    pub enum IntegrationStatus {
        Connected = "connected",
        Syncing = "syncing",
        Error = "error",
    }
}

/// The organization's Partner connection, without its token.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerConnection {
    pub partner_organization_id: String,
    pub status: IntegrationStatus,
    pub last_error: Option<String>,
    pub last_synced_at: Option<DateTime<Utc>>,
    pub consecutive_failures: i32,
    /// The schedule stopped after too many failures in a row.
    pub retries_exhausted: bool,
    /// The Partner API version the last sync used.
    pub api_version: Option<String>,
    pub api_version_warning: Option<String>,
}

/// A Partner app and the Convot app it is mapped to, if any.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct PartnerApp {
    pub partner_app_id: String,
    pub app_id: Option<i64>,
    /// The mapped Convot app's name, so the panel can say which app a merchant is of.
    pub app_name: Option<String>,
    pub events_synced_until: Option<DateTime<Utc>>,
    pub transactions_synced_until: Option<DateTime<Utc>>,
}

/// A shop as a merchant of one Partner app: what the ledger's fold derived.
#[derive(Clone, Debug, PartialEq)]
pub struct Merchant {
    pub id: i64,
    pub partner_app_id: String,
    pub shop_domain: String,
    pub plan_name: Option<String>,
    pub subscription_status: Status,
    pub mrr_minor: i64,
    pub lifetime_value_minor: i64,
    /// The current charge's currency.
    pub currency: Option<String>,
    /// The currency the Partner is paid in (that of the transactions).
    pub lifetime_value_currency: Option<String>,
    pub billing_interval: Option<BillingInterval>,
    /// The current charge is a development store's test charge: it earns nothing.
    pub test_charge: bool,
    pub installed_at: Option<DateTime<Utc>>,
    pub uninstalled_at: Option<DateTime<Utc>>,
    pub uninstall_reason: Option<String>,
    pub uninstall_description: Option<String>,
    pub deactivated_at: Option<DateTime<Utc>>,
    /// The MRR chart, oldest step first.
    pub mrr_history: Vec<MrrStep>,
}

/// A lifecycle event or revenue transaction of one merchant.
#[derive(Clone, Debug, PartialEq)]
pub struct MerchantEvent {
    pub merchant_id: i64,
    /// An `AppEventTypes` or `TransactionType` value.
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    pub details: serde_json::Value,
}

/// A merchant row as the sync reads it: its ledger of facts, to fold the Partner API's news
/// into.
#[derive(Clone, Debug, PartialEq)]
pub struct MerchantLedger {
    pub id: i64,
    pub organization_id: i64,
    pub shop_domain: String,
    /// The ledger as JSON; `None` before the first fact.
    pub ledger: Option<String>,
    pub updated_at: DateTime<Utc>,
}
