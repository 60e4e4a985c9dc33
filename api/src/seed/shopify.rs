//! The demo organization's Shopify data, written through the sync's own ingest code from
//! fixture events and transactions shaped like the Partner API's (charge ids, `test`,
//! `billingInterval` on sales, every app revenue transaction type), so the sidebar shows each
//! merchant exactly as a real sync would produce it.
use crate::domain::sealed::SealingKey;
use crate::domain::shopify_ledger::SaleKind;
use crate::integrations::shopify_partner::{AppEvent, Charge, Money, Transaction};
use crate::repo::sql::statement;
use crate::services::{shopify_ingest, shopify_uninstall};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// One step in a merchant's story, `days` before now.
enum Step {
    Install,
    Uninstall(&'static str),
    Deactivate,
    Reactivate,
    /// (event type, charge id, plan, price, test)
    Charge(&'static str, u32, &'static str, &'static str, bool),
    /// Subscription sales of a charge every `period` days while `until` days ago is not reached.
    Billed {
        charge: u32,
        price: &'static str,
        interval: &'static str,
        period: i64,
        until: i64,
    },
    /// A single revenue transaction of another kind (gross amount; net is 80 %).
    Sale(SaleKind, &'static str),
}

use Step::*;

/// A merchant's story: each step with how many days ago it happened.
type Story = Vec<(i64, Step)>;

/// (shop, partner app, story).
fn merchants() -> Vec<(&'static str, &'static str, Story)> {
    vec![
        // Monthly, upgraded from Basic to Pro (the old charge canceled a second later), one refund.
        (
            "northwind-outfitters",
            "1001",
            vec![
                (300, Install),
                (
                    300,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7101, "Basic", "9.99", false),
                ),
                (
                    299,
                    Billed {
                        charge: 7101,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 120,
                    },
                ),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7102, "Pro", "29.99", false),
                ),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_CANCELED", 7101, "Basic", "9.99", false),
                ),
                (
                    119,
                    Billed {
                        charge: 7102,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (40, Sale(SaleKind::AppSaleAdjustment, "-10.00")),
            ],
        ),
        // Monthly with usage charges on top.
        (
            "casa-verde",
            "1001",
            vec![
                (120, Install),
                (
                    120,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7201, "Starter", "9.99", false),
                ),
                (
                    113,
                    Billed {
                        charge: 7201,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (53, Sale(SaleKind::AppUsageSale, "4.20")),
                (23, Sale(SaleKind::AppUsageSale, "6.80")),
            ],
        ),
        // Annual: $899 a year is $73.89 a month, from the first day on.
        (
            "lotus-leaf-teas",
            "1001",
            vec![
                (400, Install),
                (
                    400,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7301, "Business", "899.00", false),
                ),
                (
                    399,
                    Billed {
                        charge: 7301,
                        price: "899.00",
                        interval: "ANNUAL",
                        period: 365,
                        until: 0,
                    },
                ),
            ],
        ),
        // A frozen charge: the store stopped paying Shopify.
        (
            "bergschuh",
            "1001",
            vec![
                (200, Install),
                (
                    200,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7401, "Pro", "29.99", false),
                ),
                (
                    199,
                    Billed {
                        charge: 7401,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 15,
                    },
                ),
                (
                    10,
                    Charge("SUBSCRIPTION_CHARGE_FROZEN", 7401, "Pro", "29.99", false),
                ),
            ],
        ),
        // Uninstalled three days ago, with Shopify's reason.
        (
            "atelier-lune",
            "1001",
            vec![
                (90, Install),
                (
                    90,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7501, "Starter", "9.99", false),
                ),
                (
                    83,
                    Billed {
                        charge: 7501,
                        price: "9.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 10,
                    },
                ),
                (3, Uninstall("Switched to another reviews app")),
                (
                    3,
                    Charge("SUBSCRIPTION_CHARGE_CANCELED", 7501, "Starter", "9.99", false),
                ),
            ],
        ),
        // Monthly plus a one-time setup purchase.
        (
            "kumo-ceramics",
            "1001",
            vec![
                (45, Install),
                (
                    45,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7601, "Pro", "29.99", false),
                ),
                (44, Sale(SaleKind::AppOneTimeSale, "49.00")),
                (
                    38,
                    Billed {
                        charge: 7601,
                        price: "29.99",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
            ],
        ),
        // A development store on a test charge: it earns nothing.
        (
            "sunbird-beauty",
            "1001",
            vec![
                (5, Install),
                (
                    5,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 7701, "Pro", "29.99", true),
                ),
            ],
        ),
        (
            "northwind-outfitters",
            "1002",
            vec![
                (150, Install),
                (
                    150,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 8101, "Growth", "49.00", false),
                ),
                (
                    143,
                    Billed {
                        charge: 8101,
                        price: "49.00",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
            ],
        ),
        // The store closed for the season (deactivated), then reopened.
        (
            "harbour-coffee",
            "1002",
            vec![
                (60, Install),
                (
                    60,
                    Charge("SUBSCRIPTION_CHARGE_ACTIVATED", 8201, "Growth", "49.00", false),
                ),
                (
                    53,
                    Billed {
                        charge: 8201,
                        price: "49.00",
                        interval: "EVERY_30_DAYS",
                        period: 30,
                        until: 0,
                    },
                ),
                (20, Deactivate),
                (12, Reactivate),
            ],
        ),
    ]
}

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
    let backend = txn.get_database_backend();
    // A fixture connection: its next sync is far off, so the demo never calls the real API.
    txn.execute_raw(statement(
        backend,
        "INSERT INTO shopify_integrations (organization_id, partner_organization_id, token_ciphertext, status, \
         consecutive_failures, retries_exhausted, last_synced_at, next_sync_at, created_at, updated_at, api_version) \
         VALUES ($1, '1234567', $2, 'connected', 0, $3, $4, $5, $4, $4, $6)",
        vec![
            organization_id.into(),
            sealed.into(),
            false.into(),
            now.into(),
            (now + Duration::days(36_500)).into(),
            crate::configuration::DEFAULT_SHOPIFY_PARTNER_API_VERSION.into(),
        ],
    ))
    .await?;
    for (partner_app_id, app_id) in apps {
        txn.execute_raw(statement(
            backend,
            "INSERT INTO shopify_partner_apps (organization_id, partner_app_id, app_id, events_synced_until, transactions_synced_until) \
             VALUES ($1, $2, $3, $4, $4)",
            vec![organization_id.into(), partner_app_id.into(), app_id.into(), now.into()],
        ))
        .await?;
    }
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
