//! What the Partner client hands out: events and transactions as plain values, converted from
//! the types `graphql_client` generates for each query.
use crate::domain::shopify_ledger::SaleKind;
use crate::integrations::partner_queries::{app_events, transactions};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub amount: String,
    pub currency_code: String,
}

/// `charge { id name test amount }` of a `SubscriptionCharge*` event.
#[derive(Debug, Clone, PartialEq)]
pub struct Charge {
    pub id: String,
    pub name: String,
    pub test: bool,
    pub amount: Money,
}

/// An `AppEvent` of one of [`EVENT_TYPES`].
#[derive(Debug, Clone)]
pub struct AppEvent {
    pub event_type: String,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub shop_domain: String,
    pub reason: Option<String>,
    pub description: Option<String>,
    pub charge: Option<Charge>,
}

/// An app revenue `Transaction`: subscription, usage or one-time sale, adjustment or credit.
#[derive(Debug, Clone)]
pub struct Transaction {
    pub id: String,
    pub kind: SaleKind,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub shop_domain: Option<String>,
    pub charge_id: Option<String>,
    /// Subscription sales only.
    pub billing_interval: Option<String>,
    pub gross_amount: Option<Money>,
    pub net_amount: Money,
}

pub fn event_type(name: &str) -> app_events::AppEventTypes {
    serde_json::from_value(Value::String(name.to_owned())).expect("every AppEventTypes value deserializes")
}

fn money(amount: String, currency: impl serde::Serialize) -> Money {
    Money {
        amount,
        currency_code: serde_json::to_value(currency)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

pub fn to_event(node: app_events::AppEventsAppEventsEdgesNode) -> Option<AppEvent> {
    use app_events::AppEventsAppEventsEdgesNodeOn as On;
    let event_type = serde_json::to_value(&node.type_).ok()?.as_str()?.to_owned();
    let (mut reason, mut description, mut charge) = (None, None, None);
    let charge_of = |c: app_events::Charge| Charge {
        id: c.id,
        name: c.name,
        test: c.test,
        amount: money(c.amount.amount, c.amount.currency_code),
    };
    match node.on {
        On::RelationshipUninstalled(e) => {
            reason = e.reason;
            description = e.description;
        }
        On::SubscriptionChargeAccepted(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeActivated(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeCanceled(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeDeclined(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeExpired(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeFrozen(e) => charge = Some(charge_of(e.charge)),
        On::SubscriptionChargeUnfrozen(e) => charge = Some(charge_of(e.charge)),
        _ => {}
    }
    Some(AppEvent {
        event_type,
        occurred_at: node.occurred_at,
        shop_domain: node.shop.myshopify_domain,
        reason,
        description,
        charge,
    })
}

pub fn to_transaction(node: transactions::TransactionsTransactionsEdgesNode) -> Option<Transaction> {
    use transactions::TransactionsTransactionsEdgesNodeOn as On;
    let amount = |m: transactions::Amount| money(m.amount, m.currency_code);
    let (kind, charge_id, interval, gross, net, shop) = match node.on {
        On::AppSubscriptionSale(s) => (
            SaleKind::AppSubscriptionSale,
            s.charge_id,
            s.billing_interval
                .and_then(|i| serde_json::to_value(i).ok())
                .and_then(|v| v.as_str().map(str::to_owned)),
            s.gross_amount.map(amount),
            amount(s.net_amount),
            s.shop.map(|s| s.myshopify_domain),
        ),
        On::AppUsageSale(s) => (
            SaleKind::AppUsageSale,
            s.charge_id,
            None,
            s.gross_amount.map(amount),
            amount(s.net_amount),
            s.shop.map(|s| s.myshopify_domain),
        ),
        On::AppOneTimeSale(s) => (
            SaleKind::AppOneTimeSale,
            s.charge_id,
            None,
            s.gross_amount.map(amount),
            amount(s.net_amount),
            s.shop.map(|s| s.myshopify_domain),
        ),
        On::AppSaleAdjustment(s) => (
            SaleKind::AppSaleAdjustment,
            s.charge_id,
            None,
            s.gross_amount.map(amount),
            amount(s.net_amount),
            s.shop.map(|s| s.myshopify_domain),
        ),
        On::AppSaleCredit(s) => (
            SaleKind::AppSaleCredit,
            s.charge_id,
            None,
            s.gross_amount.map(amount),
            amount(s.net_amount),
            s.shop.map(|s| s.myshopify_domain),
        ),
        _ => return None,
    };
    Some(Transaction {
        id: node.id,
        kind,
        created_at: node.created_at,
        shop_domain: shop,
        charge_id,
        billing_interval: interval,
        gross_amount: gross,
        net_amount: net,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrations::shopify_partner::EVENT_TYPES;

    #[test]
    fn every_event_type_asked_for_exists_in_the_schema() {
        for name in EVENT_TYPES {
            assert!(
                !matches!(event_type(name), app_events::AppEventTypes::Other(_)),
                "{name} is not an AppEventTypes value"
            );
        }
    }
}
