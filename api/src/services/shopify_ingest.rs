//! Turning Partner API events and sales into merchant state. Both the sync and the demo seed
//! go through here, so the demo shows what a real sync would.
use crate::domain::money::{monthly_minor, to_minor_units};
use crate::integrations::shopify_partner::{AppEvent, SubscriptionSale};
use crate::repo;
use chrono::{DateTime, Utc};
use entity::shopify_merchant;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

fn shop_domain(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Applies one lifecycle event (oldest first); an event seen before changes nothing.
pub async fn apply_event(
    db: &impl ConnectionTrait,
    organization_id: i64,
    partner_app_id: &str,
    event: &AppEvent,
) -> Result<(), DbErr> {
    let shop = shop_domain(&event.shop.myshopify_domain);
    let merchant =
        repo::shopify::merchant(db, organization_id, partner_app_id, &shop, event.occurred_at).await?;
    let key = format!(
        "{partner_app_id}:{}:{shop}:{}",
        event.event_type,
        event.occurred_at.timestamp_micros()
    );
    let details = json!({
        "plan_name": event.charge.as_ref().and_then(|c| c.name.clone()),
        "amount": event.charge.as_ref().and_then(|c| c.amount.as_ref()).map(|m| json!({"amount": m.amount, "currency": m.currency_code})),
        "reason": event.reason,
        "description": event.description,
    });
    if !repo::shopify::record_event(
        db,
        organization_id,
        merchant.id,
        &key,
        &event.event_type,
        event.occurred_at,
        details,
    )
    .await?
    {
        return Ok(());
    }
    let mut active: shopify_merchant::ActiveModel = merchant.clone().into();
    let plan = event.charge.as_ref().and_then(|c| c.name.clone());
    let activation_amount = event
        .charge
        .as_ref()
        .and_then(|c| c.amount.as_ref())
        .and_then(|m| {
            to_minor_units(&m.amount, &m.currency_code).map(|minor| (minor, m.currency_code.clone()))
        });
    match event.event_type.as_str() {
        "RELATIONSHIP_INSTALLED" | "RELATIONSHIP_REACTIVATED" => {
            active.installed_at = Set(Some(event.occurred_at));
            active.uninstalled_at = Set(None);
            active.uninstall_reason = Set(None);
            active.subscription_status = Set("trialing".into());
        }
        "RELATIONSHIP_UNINSTALLED" | "RELATIONSHIP_DEACTIVATED" => {
            active.uninstalled_at = Set(Some(event.occurred_at));
            active.uninstall_reason = Set(event.reason.clone().or_else(|| event.description.clone()));
            active.subscription_status = Set("churned".into());
            active.mrr_minor = Set(0);
        }
        "SUBSCRIPTION_CHARGE_ACTIVATED" | "SUBSCRIPTION_CHARGE_UNFROZEN" | "SUBSCRIPTION_CHARGE_ACCEPTED" => {
            active.subscription_status = Set("active".into());
            if plan.is_some() {
                active.plan_name = Set(plan);
            }
            let charge = activation_amount
                .as_ref()
                .map(|(m, _)| *m)
                .unwrap_or(merchant.last_charge_minor);
            if let Some((minor, currency)) = activation_amount {
                active.last_charge_minor = Set(minor);
                active.currency = Set(Some(currency));
            }
            let interval = merchant
                .billing_interval
                .clone()
                .unwrap_or_else(|| "EVERY_30_DAYS".into());
            active.mrr_minor = Set(monthly_minor(charge, &interval));
        }
        "SUBSCRIPTION_CHARGE_FROZEN" => {
            active.subscription_status = Set("frozen".into());
            active.mrr_minor = Set(0);
        }
        "SUBSCRIPTION_CHARGE_CANCELED" | "SUBSCRIPTION_CHARGE_DECLINED" | "SUBSCRIPTION_CHARGE_EXPIRED" => {
            active.subscription_status = Set("churned".into());
            active.mrr_minor = Set(0);
        }
        _ => {}
    }
    active.updated_at = Set(event.occurred_at.max(merchant.updated_at));
    save(db, active, organization_id).await?;
    Ok(())
}

/// Applies one subscription sale: lifetime value grows by its net amount, and the charge and
/// billing interval set the MRR while the subscription is active.
pub async fn apply_sale(
    db: &impl ConnectionTrait,
    organization_id: i64,
    partner_app_id: &str,
    sale: &SubscriptionSale,
) -> Result<(), DbErr> {
    let Some(shop) = sale.shop.as_ref().map(|s| shop_domain(&s.myshopify_domain)) else {
        return Ok(());
    };
    let merchant =
        repo::shopify::merchant(db, organization_id, partner_app_id, &shop, sale.created_at).await?;
    let gross = sale
        .gross_amount
        .as_ref()
        .and_then(|m| to_minor_units(&m.amount, &m.currency_code));
    let net = sale
        .net_amount
        .as_ref()
        .and_then(|m| to_minor_units(&m.amount, &m.currency_code))
        .unwrap_or(0);
    let interval = sale
        .billing_interval
        .clone()
        .unwrap_or_else(|| "EVERY_30_DAYS".into());
    let currency = sale
        .gross_amount
        .as_ref()
        .or(sale.net_amount.as_ref())
        .map(|m| m.currency_code.clone());
    let details = json!({
        "transaction_id": sale.id, "gross_minor": gross, "net_minor": net,
        "currency": currency, "billing_interval": interval,
    });
    let key = format!("{partner_app_id}:sale:{}", sale.id);
    if !repo::shopify::record_event(
        db,
        organization_id,
        merchant.id,
        &key,
        "SUBSCRIPTION_SALE",
        sale.created_at,
        details,
    )
    .await?
    {
        return Ok(());
    }
    let mut active: shopify_merchant::ActiveModel = merchant.clone().into();
    active.lifetime_value_minor = Set(merchant.lifetime_value_minor + net);
    active.billing_interval = Set(Some(interval.clone()));
    if let Some(currency) = sale
        .gross_amount
        .as_ref()
        .or(sale.net_amount.as_ref())
        .map(|m| m.currency_code.clone())
    {
        active.currency = Set(Some(currency));
    }
    if let Some(gross) = gross {
        active.last_charge_minor = Set(gross);
        if matches!(merchant.subscription_status.as_str(), "active" | "trialing") {
            active.subscription_status = Set("active".into());
            active.mrr_minor = Set(monthly_minor(gross, &interval));
        }
    }
    active.updated_at = Set(sale.created_at.max(merchant.updated_at));
    save(db, active, organization_id).await?;
    Ok(())
}

/// Lifecycle events older than a year are dropped (SPEC §2).
pub async fn prune(db: &impl ConnectionTrait, organization_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    repo::shopify::prune_events(db, organization_id, now - chrono::Duration::days(365)).await
}

/// Writes a merchant's changes, scoped by organization like every other write.
async fn save(
    db: &impl ConnectionTrait,
    active: shopify_merchant::ActiveModel,
    organization_id: i64,
) -> Result<(), DbErr> {
    shopify_merchant::Entity::update(active)
        .validate()?
        .filter(shopify_merchant::Column::OrganizationId.eq(organization_id))
        .exec(db)
        .await?;
    Ok(())
}
