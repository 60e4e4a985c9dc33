//! Turning Partner API events and transactions into merchant state. Both the sync and the
//! demo seed go through here, so the demo shows what a real sync would.
//!
//! Per shop: each item becomes a ledger fact (deduplicated by key; transactions also by id in
//! `shopify_transactions`, kept forever), is logged as a lifecycle event for the panel, and the
//! merchant's columns are rewritten from the ledger's one fold. Callers run this inside a
//! transaction, so a transaction row never exists without the ledger that counted it.
use crate::domain::merchant::MerchantLedger;
use crate::domain::money::to_minor_units;
use crate::domain::shopify_ledger::{BillingInterval, ChargeInfo, Dated, Fact, Ledger, Snapshot};
use crate::integrations::shopify_partner::{AppEvent, Transaction};
use crate::repo;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::json;
use std::collections::BTreeMap;

/// Lifecycle events are kept 12 months (SPEC §2); older facts fold into the ledger's baseline.
pub const RETENTION: Duration = Duration::days(365);

/// An uninstall seen for the first time, for the inbox note.
#[derive(Debug, Clone)]
pub struct Uninstall {
    pub shop_domain: String,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
    pub description: Option<String>,
}

enum Item<'a> {
    Event(&'a AppEvent),
    Transaction(&'a Transaction),
}

impl Item<'_> {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Item::Event(e) => e.occurred_at,
            Item::Transaction(t) => t.created_at,
        }
    }
}

fn shop_domain(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Applies one sync's events and transactions of a Partner app, in time order per shop.
/// Returns the uninstalls logged for the first time.
pub async fn apply(
    db: &impl ConnectionTrait,
    organization_id: i64,
    partner_app_id: &str,
    events: &[AppEvent],
    transactions: &[Transaction],
    now: DateTime<Utc>,
) -> Result<Vec<Uninstall>, DbErr> {
    let mut by_shop: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for event in events {
        by_shop
            .entry(shop_domain(&event.shop_domain))
            .or_default()
            .push(Item::Event(event));
    }
    for transaction in transactions {
        // A transaction without a shop (a Partner-level adjustment) belongs to no merchant.
        if let Some(shop) = transaction.shop_domain.as_deref() {
            by_shop
                .entry(shop_domain(shop))
                .or_default()
                .push(Item::Transaction(transaction));
        }
    }
    let mut uninstalls = Vec::new();
    for (shop, mut items) in by_shop {
        items.sort_by_key(Item::at);
        let first = items.first().map(Item::at).unwrap_or(now);
        let merchant = repo::shopify::merchant(db, organization_id, partner_app_id, &shop, first).await?;
        // An unreadable ledger stops the sync: starting afresh would lose the lifetime value of
        // every transaction `shopify_transactions` has already seen.
        let mut ledger: Ledger = match merchant.ledger.as_deref() {
            None => Ledger::default(),
            Some(json) => serde_json::from_str(json).map_err(|err| {
                DbErr::Custom(format!("merchant {}: unreadable ledger: {err}", merchant.id))
            })?,
        };
        for item in items {
            let logged = match item {
                Item::Event(event) => apply_event(db, &merchant, partner_app_id, &mut ledger, event).await?,
                Item::Transaction(transaction) => {
                    apply_transaction(db, &merchant, partner_app_id, &mut ledger, transaction).await?;
                    false
                }
            };
            if let (true, Item::Event(event)) = (logged, item) {
                if event.event_type == "RELATIONSHIP_UNINSTALLED" {
                    uninstalls.push(Uninstall {
                        shop_domain: shop.clone(),
                        at: event.occurred_at,
                        reason: event.reason.clone(),
                        description: event.description.clone(),
                    });
                }
            }
        }
        ledger.compact(now - RETENTION);
        repo::shopify::save_ledger(db, &merchant, &ledger, now).await?;
    }
    Ok(uninstalls)
}

fn charge_info(event: &AppEvent) -> Option<ChargeInfo> {
    let charge = event.charge.as_ref()?;
    Some(ChargeInfo {
        id: charge.id.clone(),
        name: charge.name.clone(),
        test: charge.test,
        amount_minor: to_minor_units(&charge.amount.amount, &charge.amount.currency_code).unwrap_or(0),
        currency: charge.amount.currency_code.clone(),
    })
}

/// Returns whether the event was logged for the first time.
async fn apply_event(
    db: &impl ConnectionTrait,
    merchant: &MerchantLedger,
    partner_app_id: &str,
    ledger: &mut Ledger,
    event: &AppEvent,
) -> Result<bool, DbErr> {
    let charge = charge_info(event);
    let Some(fact) = Fact::from_event(
        &event.event_type,
        charge.clone(),
        event.reason.clone(),
        event.description.clone(),
    ) else {
        return Ok(false);
    };
    let key = format!(
        "{partner_app_id}:{}:{}:{}:{}",
        event.event_type,
        merchant.shop_domain,
        charge.as_ref().map(|c| c.id.as_str()).unwrap_or(""),
        event.occurred_at.timestamp_micros()
    );
    let before = ledger.standing().snapshot();
    ledger.insert(Dated {
        at: event.occurred_at,
        key: key.clone(),
        fact,
    });
    let after = ledger.standing().snapshot();
    let details = event_details(event, charge.as_ref(), &before, &after);
    repo::shopify::record_event(
        db,
        merchant.organization_id,
        merchant.id,
        &key,
        &event.event_type,
        event.occurred_at,
        details,
    )
    .await
}

/// What the panel's timeline says of an event: the plan, and for plan changes what changed.
fn event_details(
    event: &AppEvent,
    charge: Option<&ChargeInfo>,
    before: &Snapshot,
    after: &Snapshot,
) -> serde_json::Value {
    let mut details = json!({
        "plan_name": charge.map(|c| c.name.clone()),
        "amount": event.charge.as_ref().map(|c| json!({"amount": c.amount.amount, "currency": c.amount.currency_code})),
        "charge_id": charge.map(|c| c.id.clone()),
        "test": charge.map(|c| c.test),
        "reason": event.reason,
        "description": event.description,
    });
    let this = charge.map(|c| c.id.as_str());
    if event.event_type == "SUBSCRIPTION_CHARGE_ACTIVATED"
        && before.charge_id.is_some()
        && before.charge_id.as_deref() != this
    {
        details["previous_plan"] = json!(before.plan_name);
    }
    if event.event_type == "SUBSCRIPTION_CHARGE_CANCELED"
        && after.charge_id.is_some()
        && after.charge_id.as_deref() != this
    {
        // The charge a newer plan replaced: a plan change, not churn.
        details["replaced"] = json!(true);
    }
    details
}

async fn apply_transaction(
    db: &impl ConnectionTrait,
    merchant: &MerchantLedger,
    partner_app_id: &str,
    ledger: &mut Ledger,
    transaction: &Transaction,
) -> Result<(), DbErr> {
    let net = &transaction.net_amount;
    let net_minor = to_minor_units(&net.amount, &net.currency_code).unwrap_or(0);
    let gross_minor = transaction
        .gross_amount
        .as_ref()
        .and_then(|m| to_minor_units(&m.amount, &m.currency_code));
    let interval = match transaction.billing_interval.as_deref() {
        Some("ANNUAL") => Some(BillingInterval::Annual),
        Some("EVERY_30_DAYS") => Some(BillingInterval::Every30Days),
        _ => None,
    };
    let new = repo::shopify::record_transaction(
        db,
        merchant,
        &transaction.id,
        transaction.kind.as_str(),
        transaction.charge_id.as_deref(),
        net_minor,
        &net.currency_code,
        transaction.created_at,
    )
    .await?;
    if !new {
        return Ok(());
    }
    let key = format!("{partner_app_id}:transaction:{}", transaction.id);
    ledger.insert(Dated {
        at: transaction.created_at,
        key: key.clone(),
        fact: Fact::Sale {
            sale: transaction.kind,
            charge_id: transaction.charge_id.clone(),
            billing_interval: interval,
            gross_minor,
            net_minor,
            currency: net.currency_code.clone(),
        },
    });
    let details = json!({
        "transaction_id": transaction.id, "charge_id": transaction.charge_id,
        "gross_minor": gross_minor, "net_minor": net_minor, "currency": net.currency_code,
        "billing_interval": interval.map(BillingInterval::as_str),
    });
    repo::shopify::record_event(
        db,
        merchant.organization_id,
        merchant.id,
        &key,
        transaction.kind.as_str(),
        transaction.created_at,
        details,
    )
    .await?;
    Ok(())
}

/// Lifecycle events older than a year are dropped (SPEC §2).
pub async fn prune(db: &impl ConnectionTrait, organization_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    repo::shopify::prune_events(db, organization_id, now - RETENTION).await
}
