//! The demo organization's Shopify data, written through the sync's own ingest code from
//! fixture events and sales shaped like the Partner API's, so the sidebar shows a merchant
//! exactly as a real sync would produce it.
use crate::domain::sealed::SealingKey;
use crate::integrations::shopify_partner::{AppEvent, Charge, Money, Shop, SubscriptionSale};
use crate::repo::sql::statement;
use crate::services::shopify_ingest;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// (shop, partner app, plan, amount, interval, installed days ago, later state)
const MERCHANTS: &[(&str, &str, &str, &str, &str, i64, &str)] = &[
    (
        "northwind-outfitters",
        "1001",
        "Pro",
        "29.99",
        "EVERY_30_DAYS",
        300,
        "active",
    ),
    (
        "casa-verde",
        "1001",
        "Starter",
        "9.99",
        "EVERY_30_DAYS",
        120,
        "active",
    ),
    (
        "lotus-leaf-teas",
        "1001",
        "Business",
        "899.00",
        "ANNUAL",
        400,
        "active",
    ),
    (
        "bergschuh",
        "1001",
        "Pro",
        "79.00",
        "EVERY_90_DAYS",
        200,
        "frozen",
    ),
    (
        "atelier-lune",
        "1001",
        "Starter",
        "9.99",
        "EVERY_30_DAYS",
        90,
        "uninstalled",
    ),
    (
        "kumo-ceramics",
        "1001",
        "Pro",
        "29.99",
        "EVERY_30_DAYS",
        45,
        "active",
    ),
    (
        "sunbird-beauty",
        "1001",
        "Trial",
        "0.00",
        "EVERY_30_DAYS",
        5,
        "trialing",
    ),
    (
        "northwind-outfitters",
        "1002",
        "Growth",
        "49.00",
        "EVERY_30_DAYS",
        150,
        "active",
    ),
    (
        "harbour-coffee",
        "1002",
        "Growth",
        "49.00",
        "EVERY_30_DAYS",
        60,
        "active",
    ),
];

fn event(
    kind: &str,
    shop: &str,
    at: DateTime<Utc>,
    plan: Option<(&str, &str)>,
    reason: Option<&str>,
) -> AppEvent {
    AppEvent {
        event_type: kind.into(),
        occurred_at: at,
        shop: Shop {
            myshopify_domain: format!("{shop}.myshopify.com"),
        },
        reason: reason.map(str::to_owned),
        description: None,
        charge: plan.map(|(name, amount)| Charge {
            name: Some(name.into()),
            amount: Some(Money {
                amount: amount.into(),
                currency_code: "USD".into(),
            }),
        }),
    }
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
         consecutive_failures, retries_exhausted, last_synced_at, next_sync_at, created_at, updated_at) \
         VALUES ($1, '1234567', $2, 'connected', 0, $3, $4, $5, $4, $4)",
        vec![organization_id.into(), sealed.into(), false.into(), now.into(), (now + Duration::days(36_500)).into()],
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
    for (shop, partner_app, plan, amount, interval, days_ago, state) in MERCHANTS {
        let installed = now - Duration::days(*days_ago);
        let mut events = vec![event("RELATIONSHIP_INSTALLED", shop, installed, None, None)];
        if *state != "trialing" {
            events.push(event(
                "SUBSCRIPTION_CHARGE_ACTIVATED",
                shop,
                installed + Duration::days(1),
                Some((plan, amount)),
                None,
            ));
        }
        match *state {
            "frozen" => events.push(event(
                "SUBSCRIPTION_CHARGE_FROZEN",
                shop,
                now - Duration::days(10),
                Some((plan, amount)),
                None,
            )),
            "uninstalled" => events.push(event(
                "RELATIONSHIP_UNINSTALLED",
                shop,
                now - Duration::days(3),
                None,
                Some("Switched to another reviews app"),
            )),
            _ => {}
        }
        let period = match *interval {
            "ANNUAL" => 365,
            "EVERY_90_DAYS" => 90,
            _ => 30,
        };
        let mut sales = Vec::new();
        if *state != "trialing" {
            let mut billed = installed + Duration::days(1);
            let mut n = 0;
            while billed < now - Duration::days(if *state == "active" { 0 } else { 15 }) {
                let net = format!("{:.2}", amount.parse::<f64>().unwrap_or(0.0) * 0.8);
                sales.push(SubscriptionSale {
                    id: format!("gid://partners/AppSubscriptionSale/{shop}-{partner_app}-{n}"),
                    created_at: billed,
                    billing_interval: Some((*interval).into()),
                    gross_amount: Some(Money {
                        amount: (*amount).into(),
                        currency_code: "USD".into(),
                    }),
                    net_amount: Some(Money {
                        amount: net,
                        currency_code: "USD".into(),
                    }),
                    shop: Some(Shop {
                        myshopify_domain: format!("{shop}.myshopify.com"),
                    }),
                });
                billed += Duration::days(period);
                n += 1;
            }
        }
        // Interleave as a sync would: everything in time order.
        let mut timeline: Vec<(DateTime<Utc>, Result<AppEvent, SubscriptionSale>)> = events
            .into_iter()
            .map(|e| (e.occurred_at, Ok(e)))
            .chain(sales.into_iter().map(|s| (s.created_at, Err(s))))
            .collect();
        timeline.sort_by_key(|(at, _)| *at);
        for (_, item) in timeline {
            match item {
                Ok(event) => shopify_ingest::apply_event(txn, organization_id, partner_app, &event).await?,
                Err(sale) => shopify_ingest::apply_sale(txn, organization_id, partner_app, &sale).await?,
            }
        }
    }
    Ok(())
}
