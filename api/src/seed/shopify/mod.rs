//! The demo organization's Shopify data, written through the sync's own ingest code from
//! fixture events and transactions shaped like the Partner API's (charge ids, `test`,
//! `billingInterval` on sales, every app revenue transaction type), so the sidebar shows each
//! merchant exactly as a real sync would produce it.
//!
//! Here: each story turned into the Partner API's events and transactions, and the seeding;
//! [`stories`] holds the stories.
use crate::domain::merchant::IntegrationStatus;
use crate::domain::sealed::SealingKey;
use crate::domain::shopify_ledger::SaleKind;
use crate::integrations::shopify_partner::{AppEvent, Charge, Money, Transaction};
use crate::repo::shopify::{replace_connection, NewConnection};
use crate::services::{shopify_ingest, shopify_uninstall};
use chrono::{DateTime, Duration, Utc};
use entity::{shopify_integration, shopify_partner_app};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use stories::merchants;
use stories::Step::{self, *};

mod stories;

fn usd(amount: &str) -> Money {
    Money {
        amount: amount.into(),
        currency_code: "USD".into(),
    }
}

/// 80 % of a gross amount, as the Partner API's `netAmount`.
fn net_of(gross: &str) -> String {
    let cents = (gross.parse::<f64>().unwrap_or(0.0) * 100.0).round() as i64;
    let net = cents * 4 / 5;
    format!(
        "{}{}.{:02}",
        if net < 0 { "-" } else { "" },
        net.abs() / 100,
        net.abs() % 100
    )
}

fn story(shop: &str, steps: &[(i64, Step)], now: DateTime<Utc>) -> (Vec<AppEvent>, Vec<Transaction>) {
    let domain = format!("{shop}.myshopify.com");
    let (mut events, mut transactions) = (Vec::new(), Vec::new());
    let event = |kind: &str, at: DateTime<Utc>| AppEvent {
        event_type: kind.into(),
        occurred_at: at,
        shop_domain: domain.clone(),
        reason: None,
        description: None,
        charge: None,
    };
    for (n, (days, step)) in steps.iter().enumerate() {
        // Steps on one day keep their order, a second apart, as Shopify's own do.
        let at = now - Duration::days(*days) + Duration::seconds(n as i64);
        match step {
            Install => events.push(event("RELATIONSHIP_INSTALLED", at)),
            Uninstall(reason) => events.push(AppEvent {
                reason: Some((*reason).into()),
                ..event("RELATIONSHIP_UNINSTALLED", at)
            }),
            Deactivate => events.push(event("RELATIONSHIP_DEACTIVATED", at)),
            Reactivate => events.push(event("RELATIONSHIP_REACTIVATED", at)),
            Charge(kind, id, name, price, test) => events.push(AppEvent {
                charge: Some(Charge {
                    id: format!("gid://shopify/AppSubscription/{id}"),
                    name: (*name).into(),
                    test: *test,
                    amount: usd(price),
                }),
                ..event(kind, at)
            }),
            Billed {
                charge,
                price,
                interval,
                period,
                until,
            } => {
                let mut billed = at;
                let mut k = 0;
                while billed <= now - Duration::days(*until) {
                    transactions.push(Transaction {
                        id: format!("gid://partners/AppSubscriptionSale/{shop}-{charge}-{k}"),
                        kind: SaleKind::AppSubscriptionSale,
                        created_at: billed,
                        shop_domain: Some(domain.clone()),
                        charge_id: Some(format!("gid://partners/AppSubscription/{charge}")),
                        billing_interval: Some((*interval).into()),
                        gross_amount: Some(usd(price)),
                        net_amount: usd(&net_of(price)),
                    });
                    billed += Duration::days(*period);
                    k += 1;
                }
            }
            Sale(kind, gross) => transactions.push(Transaction {
                id: format!("gid://partners/{}/{shop}-{n}", kind.as_str()),
                kind: *kind,
                created_at: at,
                shop_domain: Some(domain.clone()),
                charge_id: None,
                billing_interval: None,
                gross_amount: Some(usd(gross)),
                net_amount: usd(&net_of(gross)),
            }),
        }
    }
    (events, transactions)
}

pub async fn seed(
    txn: &DatabaseTransaction,
    organization_id: i64,
    apps: [(&str, i64); 2],
    encryption_key: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sealed = SealingKey::from_hex(encryption_key)?.seal("prtapi_demo_fixture_not_a_real_token");
    let mapped: Vec<(String, i64)> = apps
        .iter()
        .map(|(partner, app)| ((*partner).to_owned(), *app))
        .collect();
    let connection = NewConnection {
        organization_id,
        partner_organization_id: "1234567",
        token_ciphertext: &sealed,
        api_version: crate::configuration::DEFAULT_SHOPIFY_PARTNER_API_VERSION,
        api_version_warning: None,
        apps: &mapped,
        at: now,
    };
    replace_connection(txn, &connection).await?;
    // Connected as the owner would, then synced as of now with its next sync far off, so the
    // demo never calls the real API (the product marks a sync done only after a real one).
    shopify_integration::Entity::update_many()
        .col_expr(
            shopify_integration::Column::Status,
            Expr::value(IntegrationStatus::Connected.as_str()),
        )
        .col_expr(shopify_integration::Column::LastSyncedAt, Expr::value(now))
        .col_expr(
            shopify_integration::Column::NextSyncAt,
            Expr::value(now + Duration::days(36_500)),
        )
        .filter(shopify_integration::Column::OrganizationId.eq(organization_id))
        .exec(txn)
        .await?;
    shopify_partner_app::Entity::update_many()
        .col_expr(shopify_partner_app::Column::EventsSyncedUntil, Expr::value(now))
        .col_expr(
            shopify_partner_app::Column::TransactionsSyncedUntil,
            Expr::value(now),
        )
        .filter(shopify_partner_app::Column::OrganizationId.eq(organization_id))
        .exec(txn)
        .await?;
    for (shop, partner_app, steps) in merchants() {
        let (events, transactions) = story(shop, &steps, now);
        let uninstalls =
            shopify_ingest::apply(txn, organization_id, partner_app, &events, &transactions, now).await?;
        if let Some((_, app_id)) = apps.iter().find(|(id, _)| *id == partner_app) {
            shopify_uninstall::note_uninstalls(txn, organization_id, *app_id, &uninstalls, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn net_is_eighty_percent_in_cents() {
        assert_eq!(super::net_of("29.99"), "23.99");
        assert_eq!(super::net_of("-10.00"), "-8.00");
        assert_eq!(super::net_of("899.00"), "719.20");
    }
}
