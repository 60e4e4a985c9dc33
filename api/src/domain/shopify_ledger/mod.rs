//! A merchant's standing with one Partner app, folded from what the Partner API reports:
//! relationship events, subscription-charge events (kept by charge id) and revenue
//! transactions. Plan, status, MRR, lifetime value and the MRR history all come from this
//! one fold, so the sidebar, the merchant endpoint and the chart cannot disagree (SPEC §2).
//!
//! Facts are kept in time order, deduplicated by key; facts older than the retention horizon
//! are folded into a baseline, so the ledger stays small while the state stays exact.
//!
//! Here: what the fold yields, which the rest of the product reads. [`facts`] turns Partner
//! events and transactions into facts, [`standing`] folds them, [`ledger`] stores them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

mod facts;
mod ledger;
mod standing;

pub use facts::{charge_key, ChargeInfo, ChargeStatus, Dated, Fact, SaleKind};
pub use ledger::{stored_mrr_history, Ledger};
pub use standing::{Charge, EarlySale, Standing};

crate::domain::text_enum::text_enum! {
    /// `AppPricingInterval`: Shopify bills subscriptions every 30 days or once a year.
    pub enum BillingInterval {
        Every30Days = "EVERY_30_DAYS",
        Annual = "ANNUAL",
    }
}

crate::domain::text_enum::text_enum! {
    /// Where the merchant stands with the Partner app (SPEC §2's table).
    #[schema(as = ShopifySubscriptionStatus)]
    pub enum Status {
        Trialing = "trialing",
        Active = "active",
        Frozen = "frozen",
        Churned = "churned",
    }
}

/// What the panel shows for the merchant (SPEC §2's table).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub status: Status,
    pub plan_name: Option<String>,
    /// The current charge's id, when there is one.
    pub charge_id: Option<String>,
    /// The current charge is a development store's test charge: it earns nothing.
    pub test: bool,
    pub billing_interval: Option<BillingInterval>,
    /// The current charge's price normalized to 30 days; 0 while trialing, frozen, churned
    /// or on a test charge.
    pub mrr_minor: i64,
    pub mrr_currency: Option<String>,
}

/// One step of the MRR chart: from `at` on, the merchant paid `mrr_minor` per 30 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrrStep {
    pub at: DateTime<Utc>,
    pub mrr_minor: i64,
}

/// Builders the tests of the fold and of the ledger share.
#[cfg(test)]
mod fixtures {
    use super::*;

    pub(super) fn at(day: u32, second: u32) -> DateTime<Utc> {
        format!("2026-03-{day:02}T10:00:{second:02}Z").parse().unwrap()
    }

    pub(super) fn charge(id: &str, name: &str, amount_minor: i64, test: bool) -> ChargeInfo {
        ChargeInfo {
            id: format!("gid://shopify/AppSubscription/{id}"),
            name: name.into(),
            test,
            amount_minor,
            currency: "USD".into(),
        }
    }

    pub(super) fn sale(charge_id: &str, interval: BillingInterval, gross: i64, net: i64) -> Fact {
        Fact::Sale {
            sale: SaleKind::AppSubscriptionSale,
            charge_id: Some(format!("gid://partners/AppSubscription/{charge_id}")),
            billing_interval: Some(interval),
            gross_minor: Some(gross),
            net_minor: net,
            currency: "USD".into(),
        }
    }

    pub(super) fn ledger(facts: Vec<(DateTime<Utc>, Fact)>) -> Ledger {
        let mut ledger = Ledger::default();
        for (n, (at, fact)) in facts.into_iter().enumerate() {
            ledger.insert(Dated {
                at,
                key: n.to_string(),
                fact,
            });
        }
        ledger
    }
}
