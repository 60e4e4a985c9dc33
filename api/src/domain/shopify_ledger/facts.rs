//! What the Partner API reports about a merchant, as facts the fold understands: charge
//! events and relationship events read by their `AppEventTypes` value, revenue transactions
//! by their `TransactionType`, and the charge key that ties a sale to its charge.
use super::BillingInterval;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a subscription charge stands after its latest `SubscriptionCharge*` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeStatus {
    Accepted,
    Active,
    Frozen,
    Canceled,
    Declined,
    Expired,
}

impl ChargeStatus {
    pub(super) fn ended(self) -> bool {
        matches!(
            self,
            ChargeStatus::Canceled | ChargeStatus::Declined | ChargeStatus::Expired
        )
    }
}

/// What an event says about a charge: `charge { id name test amount }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChargeInfo {
    pub id: String,
    pub name: String,
    pub test: bool,
    /// The price per billing interval, in minor units.
    pub amount_minor: i64,
    pub currency: String,
}

/// The revenue transactions an app earns (`TransactionType` values starting `APP_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SaleKind {
    AppSubscriptionSale,
    AppUsageSale,
    AppOneTimeSale,
    AppSaleAdjustment,
    AppSaleCredit,
}

impl SaleKind {
    pub const ALL: [SaleKind; 5] = [
        SaleKind::AppSubscriptionSale,
        SaleKind::AppUsageSale,
        SaleKind::AppOneTimeSale,
        SaleKind::AppSaleAdjustment,
        SaleKind::AppSaleCredit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SaleKind::AppSubscriptionSale => "APP_SUBSCRIPTION_SALE",
            SaleKind::AppUsageSale => "APP_USAGE_SALE",
            SaleKind::AppOneTimeSale => "APP_ONE_TIME_SALE",
            SaleKind::AppSaleAdjustment => "APP_SALE_ADJUSTMENT",
            SaleKind::AppSaleCredit => "APP_SALE_CREDIT",
        }
    }

    pub fn parse(value: &str) -> Option<SaleKind> {
        SaleKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    Installed,
    Uninstalled {
        reason: Option<String>,
        description: Option<String>,
    },
    /// The store closed or paused (`RELATIONSHIP_DEACTIVATED`): not an uninstall.
    Deactivated,
    Reactivated,
    Charge {
        status: ChargeStatus,
        charge: ChargeInfo,
    },
    Sale {
        sale: SaleKind,
        charge_id: Option<String>,
        billing_interval: Option<BillingInterval>,
        gross_minor: Option<i64>,
        net_minor: i64,
        currency: String,
    },
}

impl Fact {
    /// The `AppEventTypes` value of a Partner event, as a fact; `None` for events that say
    /// nothing about the plan or the relationship.
    pub fn from_event(
        event_type: &str,
        charge: Option<ChargeInfo>,
        reason: Option<String>,
        description: Option<String>,
    ) -> Option<Fact> {
        let status = match event_type {
            "RELATIONSHIP_INSTALLED" => return Some(Fact::Installed),
            "RELATIONSHIP_UNINSTALLED" => return Some(Fact::Uninstalled { reason, description }),
            "RELATIONSHIP_DEACTIVATED" => return Some(Fact::Deactivated),
            "RELATIONSHIP_REACTIVATED" => return Some(Fact::Reactivated),
            "SUBSCRIPTION_CHARGE_ACCEPTED" => ChargeStatus::Accepted,
            "SUBSCRIPTION_CHARGE_ACTIVATED" | "SUBSCRIPTION_CHARGE_UNFROZEN" => ChargeStatus::Active,
            "SUBSCRIPTION_CHARGE_FROZEN" => ChargeStatus::Frozen,
            "SUBSCRIPTION_CHARGE_CANCELED" => ChargeStatus::Canceled,
            "SUBSCRIPTION_CHARGE_DECLINED" => ChargeStatus::Declined,
            "SUBSCRIPTION_CHARGE_EXPIRED" => ChargeStatus::Expired,
            _ => return None,
        };
        Some(Fact::Charge {
            status,
            charge: charge?,
        })
    }
}

/// One fact with its time and a key that is the same each time the Partner API lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dated {
    pub at: DateTime<Utc>,
    pub key: String,
    pub fact: Fact,
}

/// A charge as both `charge { id }` and a sale's `chargeId` name it: its type and number
/// (`AppSubscription/7`). The gid's namespace is left out, since the Partner API's own ids are
/// `gid://partners/…` while charges come from the Admin API as `gid://shopify/…`; the type is
/// kept, so a usage record never matches a subscription with the same number.
pub fn charge_key(id: &str) -> &str {
    let id = id.trim_end_matches('/');
    match id.rmatch_indices('/').nth(1) {
        Some((slash, _)) => &id[slash + 1..],
        None => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_match_by_type_and_number_across_namespaces() {
        assert_eq!(
            charge_key("gid://shopify/AppSubscription/7"),
            charge_key("gid://partners/AppSubscription/7")
        );
        assert_ne!(
            charge_key("gid://shopify/AppSubscription/7"),
            charge_key("gid://shopify/AppUsageRecord/7")
        );
        assert_eq!(charge_key("7"), "7");
    }
}
