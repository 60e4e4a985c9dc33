//! The Shopify Partner GraphQL API: app events and subscription sales, page by page, with
//! throttling (429 + Retry-After) honoured and 5xx or timeouts retried with backoff and
//! jitter, a bounded number of times per request.
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

const API_VERSION: &str = "2025-01";
const TRIES_PER_REQUEST: u32 = 4;
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

pub struct PartnerClient {
    http: reqwest::Client,
    base_url: String,
    backoff_base: Duration,
}

pub struct Credentials<'a> {
    pub partner_organization_id: &'a str,
    pub token: &'a str,
}

#[derive(Debug)]
pub enum PartnerError {
    /// Worth trying again later (5xx, timeouts, throttling that outlasted our patience).
    Temporary(String),
    /// The token or organization is wrong, or the API refused the query.
    Permanent(String),
}

impl std::fmt::Display for PartnerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartnerError::Temporary(m) => write!(f, "temporary: {m}"),
            PartnerError::Permanent(m) => write!(f, "permanent: {m}"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    pub amount: String,
    pub currency_code: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shop {
    pub myshopify_domain: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    pub name: Option<String>,
    pub amount: Option<Money>,
}

/// An `AppEvent` (RelationshipInstalled, RelationshipUninstalled, SubscriptionCharge*…).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppEvent {
    #[serde(rename = "type")]
    pub event_type: String,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub shop: Shop,
    pub reason: Option<String>,
    pub description: Option<String>,
    pub charge: Option<Charge>,
}

/// An `AppSubscriptionSale` transaction.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionSale {
    pub id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub billing_interval: Option<String>,
    pub gross_amount: Option<Money>,
    pub net_amount: Option<Money>,
    pub shop: Option<Shop>,
}

const EVENTS_QUERY: &str = "query AppEvents($id: ID!, $after: String, $occurredAtMin: DateTime) {
  app(id: $id) {
    events(first: 100, after: $after, occurredAtMin: $occurredAtMin) {
      edges { cursor node {
        type occurredAt shop { myshopifyDomain }
        ... on RelationshipUninstalled { reason description }
        ... on SubscriptionChargeActivated { charge { name amount { amount currencyCode } } }
        ... on SubscriptionChargeFrozen { charge { name amount { amount currencyCode } } }
        ... on SubscriptionChargeUnfrozen { charge { name amount { amount currencyCode } } }
        ... on SubscriptionChargeCanceled { charge { name amount { amount currencyCode } } }
      } }
      pageInfo { hasNextPage }
    }
  }
}";

const SALES_QUERY: &str = "query Sales($appId: ID, $after: String, $createdAtMin: DateTime) {
  transactions(first: 100, after: $after, appId: $appId, createdAtMin: $createdAtMin, types: [APP_SUBSCRIPTION_SALE]) {
    edges { cursor node {
      id createdAt
      ... on AppSubscriptionSale {
        billingInterval
        grossAmount { amount currencyCode }
        netAmount { amount currencyCode }
        shop { myshopifyDomain }
      }
    } }
    pageInfo { hasNextPage }
  }
}";

impl PartnerClient {
    pub fn new(base_url: &str, backoff_base: Duration) -> anyhow::Result<PartnerClient> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()?;
        Ok(PartnerClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            backoff_base,
        })
    }

    /// Every event of the app since `since` (inclusive), oldest first.
    pub async fn app_events(
        &self,
        credentials: &Credentials<'_>,
        partner_app_id: &str,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Vec<AppEvent>, PartnerError> {
        let variables = json!({"id": app_gid(partner_app_id), "occurredAtMin": since});
        let mut events: Vec<AppEvent> = self
            .all_pages(credentials, EVENTS_QUERY, variables, &["app", "events"])
            .await?;
        events.sort_by_key(|e| e.occurred_at);
        Ok(events)
    }

    /// Every subscription sale of the app since `since`, oldest first.
    pub async fn subscription_sales(
        &self,
        credentials: &Credentials<'_>,
        partner_app_id: &str,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Vec<SubscriptionSale>, PartnerError> {
        let variables = json!({"appId": app_gid(partner_app_id), "createdAtMin": since});
        let mut sales: Vec<SubscriptionSale> = self
            .all_pages(credentials, SALES_QUERY, variables, &["transactions"])
            .await?;
        sales.sort_by_key(|s| s.created_at);
        Ok(sales)
    }

    async fn all_pages<T: serde::de::DeserializeOwned>(
        &self,
        credentials: &Credentials<'_>,
        query: &str,
        mut variables: Value,
        path: &[&str],
    ) -> Result<Vec<T>, PartnerError> {
        let mut items = Vec::new();
        loop {
            let data = self.request(credentials, query, &variables).await?;
            let connection = path.iter().fold(&data, |value, key| &value[*key]);
            let edges = connection["edges"]
                .as_array()
                .ok_or_else(|| PartnerError::Permanent("the response has no edges where expected".into()))?;
            let mut last_cursor = None;
            for edge in edges {
                let node = serde_json::from_value::<T>(edge["node"].clone())
                    .map_err(|err| PartnerError::Permanent(format!("unexpected node shape: {err}")))?;
                items.push(node);
                last_cursor = edge["cursor"].as_str().map(str::to_owned);
            }
            match (connection["pageInfo"]["hasNextPage"].as_bool(), last_cursor) {
                (Some(true), Some(cursor)) => variables["after"] = Value::String(cursor),
                _ => return Ok(items),
            }
        }
    }

    async fn request(
        &self,
        credentials: &Credentials<'_>,
        query: &str,
        variables: &Value,
    ) -> Result<Value, PartnerError> {
        let url = format!(
            "{}/{}/api/{API_VERSION}/graphql.json",
            self.base_url, credentials.partner_organization_id
        );
        let mut last_problem = String::new();
        for attempt in 0..TRIES_PER_REQUEST {
            let response = self
                .http
                .post(&url)
                .header("X-Shopify-Access-Token", credentials.token)
                .json(&json!({"query": query, "variables": variables}))
                .send()
                .await;
            let wait = match response {
                Ok(response) if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                    last_problem = "throttled (429)".into();
                    retry_after(&response).unwrap_or_else(|| self.backoff(attempt))
                }
                Ok(response) if response.status().is_server_error() => {
                    last_problem = format!("server error {}", response.status().as_u16());
                    self.backoff(attempt)
                }
                Ok(response) if !response.status().is_success() => {
                    return Err(PartnerError::Permanent(format!(
                        "the Partner API answered {} (check the organization id and token)",
                        response.status().as_u16()
                    )));
                }
                Ok(response) => {
                    let body: Value = response
                        .json()
                        .await
                        .map_err(|err| PartnerError::Temporary(format!("unreadable response: {err}")))?;
                    match body.get("errors").and_then(Value::as_array) {
                        Some(errors) if !errors.is_empty() => {
                            let throttled = errors.iter().any(|e| e["extensions"]["code"] == "THROTTLED");
                            if !throttled {
                                return Err(PartnerError::Permanent(format!(
                                    "GraphQL errors: {}",
                                    Value::Array(errors.clone())
                                )));
                            }
                            last_problem = "throttled (GraphQL)".into();
                            self.backoff(attempt)
                        }
                        _ => return Ok(body["data"].clone()),
                    }
                }
                Err(err) => {
                    last_problem = if err.is_timeout() {
                        "timed out".into()
                    } else {
                        format!("connection failed: {err}")
                    };
                    self.backoff(attempt)
                }
            };
            if attempt + 1 < TRIES_PER_REQUEST {
                tokio::time::sleep(wait).await;
            }
        }
        Err(PartnerError::Temporary(format!(
            "gave up after {TRIES_PER_REQUEST} tries: {last_problem}"
        )))
    }

    /// base × 2^attempt plus up to 50 % jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self.backoff_base * 2u32.pow(attempt.min(8));
        exponential + exponential.mul_f64(rand::random::<f64>() / 2.0)
    }
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

fn app_gid(partner_app_id: &str) -> String {
    if partner_app_id.starts_with("gid://") {
        partner_app_id.to_owned()
    } else {
        format!("gid://partners/App/{partner_app_id}")
    }
}
