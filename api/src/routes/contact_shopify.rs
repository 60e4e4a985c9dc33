//! `GET /contacts/{id}/shopify`: the contact as a merchant, and the merchant figures the
//! sidebar shares, with revenue only for users with the revenue permission.
use crate::auth::AgentScope;
use crate::domain::merchant::{IntegrationStatus, Merchant, MerchantEvent, PartnerApp};
use crate::domain::shopify_ledger::{BillingInterval, Status as ShopifySubscriptionStatus};
use crate::error::{ApiError, ErrorBody};
use crate::routes::responses::{BadId, Unauthenticated};
use crate::routes::sidebar::Money;
use crate::services;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ShopifyLifecycleEvent {
    /// The Partner app whose merchant this event concerns.
    pub partner_app_id: String,
    /// An `AppEventTypes` value (`RELATIONSHIP_UNINSTALLED`, `SUBSCRIPTION_CHARGE_ACTIVATED`, …) or,
    /// for revenue, a `TransactionType` (`APP_SUBSCRIPTION_SALE`, `APP_SALE_ADJUSTMENT`, …).
    pub event_type: String,
    pub occurred_at: DateTime<Utc>,
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub details: serde_json::Value,
}

/// From `at` on, the merchant's MRR was `amount_minor` (normalized to 30 days).
#[derive(Serialize, ToSchema)]
pub struct MrrStep {
    pub at: DateTime<Utc>,
    pub amount_minor: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ContactMerchant {
    pub partner_app_id: String,
    #[schema(required = true)]
    pub app_id: Option<i64>,
    /// The Convot app the Partner app is mapped to, in words for the panel.
    #[schema(required = true)]
    pub app_name: Option<String>,
    pub shop_domain: String,
    /// The current subscription charge's name (or, after churn, the last one's).
    #[schema(required = true)]
    pub plan_name: Option<String>,
    pub subscription_status: ShopifySubscriptionStatus,
    /// The current charge is a development store's test charge: it earns nothing.
    pub test_charge: bool,
    /// The current charge's interval, read from its sales; `null` before its first sale.
    #[schema(required = true)]
    pub billing_interval: Option<BillingInterval>,
    /// The current relationship's install.
    #[schema(required = true)]
    pub installed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub uninstalled_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub uninstall_reason: Option<String>,
    #[schema(required = true)]
    pub uninstall_description: Option<String>,
    /// The store closed or paused (`RELATIONSHIP_DEACTIVATED`) and is not reactivated yet.
    #[schema(required = true)]
    pub deactivated_at: Option<DateTime<Utc>>,
    /// What the merchant pays per 30 days for the current charge. Only with the revenue
    /// permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrr: Option<Money>,
    /// The net the Partner earned from the shop, every app revenue transaction counted. Only
    /// with the revenue permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_value: Option<Money>,
    /// MRR over the last 12 months, one step per change, oldest first; the last step is `mrr`.
    /// Only with the revenue permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrr_history: Option<Vec<MrrStep>>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactShopify {
    pub merchants: Vec<ContactMerchant>,
    /// Newest first, at most 50: lifecycle events (`RELATIONSHIP_*`, `SUBSCRIPTION_CHARGE_*`)
    /// and, with the revenue permission, revenue transactions (`APP_SUBSCRIPTION_SALE`,
    /// `APP_USAGE_SALE`, `APP_ONE_TIME_SALE`, `APP_SALE_ADJUSTMENT`, `APP_SALE_CREDIT`).
    /// Without it, amounts are left out of every event's details.
    pub events: Vec<ShopifyLifecycleEvent>,
    #[schema(required = true)]
    pub last_synced_at: Option<DateTime<Utc>>,
    /// The last sync failed, so this may be out of date.
    pub stale: bool,
}

/// What a lifecycle event's details may show without the revenue permission: an allow-list,
/// so a money field added to the details later stays hidden until it is named here.
const DETAILS_WITHOUT_REVENUE: &[&str] = &[
    "plan_name",
    "previous_plan",
    "replaced",
    "test",
    "reason",
    "description",
    "billing_interval",
];

/// Revenue transactions are logged under their `TransactionType` names.
pub fn is_revenue_transaction(event_type: &str) -> bool {
    crate::domain::shopify_ledger::SaleKind::parse(event_type).is_some()
}

fn without_revenue(details: serde_json::Value) -> serde_json::Value {
    match details {
        serde_json::Value::Object(mut fields) => {
            fields.retain(|key, _| DETAILS_WITHOUT_REVENUE.contains(&key.as_str()));
            serde_json::Value::Object(fields)
        }
        _ => serde_json::json!({}),
    }
}

/// Lifetime value in the currency the Partner is paid in (that of the transactions).
pub fn lifetime_value(merchant: &Merchant, allowed: bool) -> Option<Money> {
    let currency = merchant
        .lifetime_value_currency
        .clone()
        .or_else(|| merchant.currency.clone());
    money(merchant.lifetime_value_minor, &currency, allowed)
}

pub fn money(minor: i64, currency: &Option<String>, allowed: bool) -> Option<Money> {
    allowed.then(|| Money {
        amount_minor: minor,
        currency: currency.clone().unwrap_or_else(|| "USD".into()),
    })
}

/// The contact as a merchant: each Partner app's view of the shop, lifecycle events, sync
/// freshness. MRR and lifetime value only for users with the revenue permission.
#[utoipa::path(
    tag = "shopify",
    params(("id" = i64, Path, description = "Contact id")),
    responses(
        (status = 200, description = "OK", body = ContactShopify),
        BadId, Unauthenticated,
        (status = 404, description = "No such contact, or not a known merchant: `not_found`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/{id}/shopify")]
pub async fn get_contact_shopify(
    state: web::Data<AppState>,
    scope: AgentScope,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let contact = services::contacts::get(&state.db, scope.organization_id, id.into_inner()).await?;
    let view = services::shopify_view::for_contact(
        &state.db,
        &contact,
        &scope.apps,
        None,
        scope.revenue_permission,
        50,
    )
    .await?
    .ok_or_else(|| ApiError::not_found("Shopify merchant for this contact"))?;
    let revenue = scope.revenue_permission;
    let apps = view.partner_apps;
    let events = lifecycle_events(view.events, &view.merchants, revenue);
    Ok(HttpResponse::Ok().json(ContactShopify {
        merchants: view
            .merchants
            .into_iter()
            .map(|m| contact_merchant(m, &apps, revenue))
            .collect(),
        events,
        last_synced_at: view.integration.last_synced_at,
        stale: view.integration.status == IntegrationStatus::Error,
    }))
}

/// The merchants' events as agents see them: without the revenue permission, revenue
/// transactions are left out and amounts are cut from every event's details. Shared by this
/// endpoint and the access request (`export.json`).
pub fn lifecycle_events(
    events: Vec<MerchantEvent>,
    merchants: &[Merchant],
    revenue: bool,
) -> Vec<ShopifyLifecycleEvent> {
    let partner_app_of: std::collections::HashMap<i64, &str> = merchants
        .iter()
        .map(|m| (m.id, m.partner_app_id.as_str()))
        .collect();
    events
        .into_iter()
        .filter(|e| revenue || !is_revenue_transaction(&e.event_type))
        .map(|e| ShopifyLifecycleEvent {
            partner_app_id: partner_app_of
                .get(&e.merchant_id)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            event_type: e.event_type,
            occurred_at: e.occurred_at,
            details: if revenue {
                e.details
            } else {
                without_revenue(e.details)
            },
        })
        .collect()
}

/// The merchant's MRR chart series, as the merchant endpoint and the sidebar show it.
pub fn mrr_steps(merchant: &Merchant) -> Vec<MrrStep> {
    merchant
        .mrr_history
        .iter()
        .map(|step| MrrStep {
            at: step.at,
            amount_minor: step.mrr_minor,
        })
        .collect()
}

/// One merchant row as agents see it; MRR, lifetime value and the chart series only with the
/// revenue permission. Shared by this endpoint and the sidebar.
pub fn contact_merchant(m: Merchant, partner_apps: &[PartnerApp], revenue: bool) -> ContactMerchant {
    let mapping = partner_apps.iter().find(|a| a.partner_app_id == m.partner_app_id);
    ContactMerchant {
        app_id: mapping.and_then(|a| a.app_id),
        app_name: mapping.and_then(|a| a.app_name.clone()),
        mrr: money(m.mrr_minor, &m.currency, revenue),
        lifetime_value: lifetime_value(&m, revenue),
        mrr_history: revenue.then(|| mrr_steps(&m)),
        subscription_status: m.subscription_status,
        test_charge: m.test_charge,
        billing_interval: m.billing_interval,
        partner_app_id: m.partner_app_id,
        shop_domain: m.shop_domain,
        plan_name: m.plan_name,
        installed_at: m.installed_at,
        uninstalled_at: m.uninstalled_at,
        uninstall_reason: m.uninstall_reason,
        uninstall_description: m.uninstall_description,
        deactivated_at: m.deactivated_at,
    }
}
