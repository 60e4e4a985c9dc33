//! The Shopify Partner GraphQL API: app events and revenue transactions, page by page.
//!
//! - The queries are `graphql_client`'s, checked against Shopify's schema at compile time.
//! - Requests are paced under the Partner API's 4 a second per client, so a long first sync
//!   does not run into 429s; a 429 still waits out `Retry-After`, and 5xx or timeouts are
//!   retried with backoff and jitter, a bounded number of times per request.
//! - A 404 means a retired API version or a wrong organization id; `publicApiVersions`,
//!   asked through `unstable`, tells which.
//!
//! Here: the client and its calls, each page of a list read and checked. [`transport`] sends
//! one request: paced, retried, its failures sorted.
use crate::integrations::partner_nodes::{event_type, to_event, to_transaction};
pub use crate::integrations::partner_nodes::{AppEvent, Charge, Money, Transaction};
use crate::integrations::partner_queries::{app_events, public_api_versions, transactions};
use crate::integrations::partner_queries::{AppEvents, PublicApiVersions, Transactions};
use crate::integrations::partner_versions::UNSTABLE;
pub use crate::integrations::partner_versions::{ApiVersion, VersionCheck};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use graphql_client::GraphQLQuery;
use serde_json::json;
use std::num::NonZeroU32;
use std::time::Duration;
use transport::{Budget, RequestError, INTERACTIVE, REQUEST_SPACING, SYNC};

mod transport;

/// A Partner app with more than a million events or transactions is beyond this sync; the cap
/// keeps a misbehaving API (or cursor) from paging forever.
const MAX_PAGES: usize = 10_000;

/// The events the ledger reads; the rest (usage records, credits, capped amounts, one-time
/// charges, whose money arrives as transactions) are not fetched at all.
pub const EVENT_TYPES: [&str; 11] = [
    "RELATIONSHIP_INSTALLED",
    "RELATIONSHIP_UNINSTALLED",
    "RELATIONSHIP_DEACTIVATED",
    "RELATIONSHIP_REACTIVATED",
    "SUBSCRIPTION_CHARGE_ACCEPTED",
    "SUBSCRIPTION_CHARGE_ACTIVATED",
    "SUBSCRIPTION_CHARGE_CANCELED",
    "SUBSCRIPTION_CHARGE_DECLINED",
    "SUBSCRIPTION_CHARGE_EXPIRED",
    "SUBSCRIPTION_CHARGE_FROZEN",
    "SUBSCRIPTION_CHARGE_UNFROZEN",
];

pub struct PartnerClient {
    http: reqwest::Client,
    base_url: String,
    version: String,
    backoff_base: Duration,
    pacer: DefaultKeyedRateLimiter<String>,
}

pub struct Credentials<'a> {
    pub partner_organization_id: &'a str,
    pub token: &'a str,
}

#[derive(Debug)]
pub enum PartnerError {
    /// Worth trying again later (5xx, timeouts, throttling that outlasted our patience).
    Temporary(String),
    /// The API version is retired, or the API refused the query.
    Permanent(String),
    /// A 404 that the version list shows is the organization id's fault.
    UnknownOrganization(String),
    /// 401 or 403: the token is wrong, revoked or lacks access.
    TokenRefused(String),
}

impl std::fmt::Display for PartnerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Shown to owners as the sync's last error: the message alone, in plain words.
        match self {
            PartnerError::Temporary(m)
            | PartnerError::Permanent(m)
            | PartnerError::UnknownOrganization(m)
            | PartnerError::TokenRefused(m) => f.write_str(m),
        }
    }
}

impl PartnerClient {
    pub fn new(base_url: &str, version: &str, backoff_base: Duration) -> anyhow::Result<PartnerClient> {
        let http = reqwest::Client::builder().build()?;
        let quota = Quota::with_period(REQUEST_SPACING)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::MIN);
        Ok(PartnerClient {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            version: version.to_owned(),
            backoff_base,
            pacer: RateLimiter::keyed(quota),
        })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// The app's events since `since` (inclusive), oldest first.
    pub async fn app_events(
        &self,
        credentials: &Credentials<'_>,
        partner_app_id: &str,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Vec<AppEvent>, PartnerError> {
        let mut variables = app_events::Variables {
            id: app_gid(partner_app_id),
            after: None,
            occurred_at_min: since,
            types: Some(EVENT_TYPES.iter().map(|t| event_type(t)).collect()),
        };
        let (mut events, mut pages) = (Vec::new(), 0);
        loop {
            let data: app_events::ResponseData = self
                .query::<AppEvents>(credentials, &self.version, variables.clone(), SYNC)
                .await?;
            let connection = data
                .app
                .ok_or_else(|| {
                    PartnerError::Permanent(format!("no Partner app {partner_app_id} in this organization"))
                })?
                .events;
            let last_cursor = connection.edges.last().map(|edge| edge.cursor.clone());
            events.extend(
                connection
                    .edges
                    .into_iter()
                    .filter_map(|edge| to_event(edge.node)),
            );
            let more = connection.page_info.has_next_page;
            match next_page(more, last_cursor, &variables.after, &mut pages)? {
                Some(cursor) => variables.after = Some(cursor),
                None => break,
            }
        }
        // Shopify lists newest first; the ledger reads in time order. Reversed first, so
        // events of one instant keep Shopify's order (an activation before its cancel).
        events.reverse();
        events.sort_by_key(|e| e.occurred_at);
        Ok(events)
    }

    /// The app's revenue transactions since `since`, oldest first.
    pub async fn transactions(
        &self,
        credentials: &Credentials<'_>,
        partner_app_id: &str,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Vec<Transaction>, PartnerError> {
        use transactions::TransactionType as T;
        let mut variables = transactions::Variables {
            app_id: Some(app_gid(partner_app_id)),
            after: None,
            created_at_min: since,
            types: Some(vec![
                T::APP_SUBSCRIPTION_SALE,
                T::APP_USAGE_SALE,
                T::APP_ONE_TIME_SALE,
                T::APP_SALE_ADJUSTMENT,
                T::APP_SALE_CREDIT,
            ]),
        };
        let (mut items, mut pages) = (Vec::new(), 0);
        loop {
            let data: transactions::ResponseData = self
                .query::<Transactions>(credentials, &self.version, variables.clone(), SYNC)
                .await?;
            let connection = data.transactions;
            let last_cursor = connection.edges.last().map(|edge| edge.cursor.clone());
            items.extend(
                connection
                    .edges
                    .into_iter()
                    .filter_map(|edge| to_transaction(edge.node)),
            );
            let more = connection.page_info.has_next_page;
            match next_page(more, last_cursor, &variables.after, &mut pages)? {
                Some(cursor) => variables.after = Some(cursor),
                None => break,
            }
        }
        items.reverse();
        items.sort_by_key(|t| t.created_at);
        Ok(items)
    }

    /// The versions Shopify serves, asked through `unstable`.
    async fn api_versions(
        &self,
        credentials: &Credentials<'_>,
        budget: Budget,
    ) -> Result<Vec<ApiVersion>, PartnerError> {
        let data: public_api_versions::ResponseData = self
            .query::<PublicApiVersions>(credentials, UNSTABLE, public_api_versions::Variables {}, budget)
            .await?;
        Ok(data
            .public_api_versions
            .into_iter()
            .map(|v| ApiVersion {
                handle: v.handle,
                supported: v.supported,
            })
            .collect())
    }

    /// Where the configured version stands, for the sync.
    pub async fn check_version(&self, credentials: &Credentials<'_>) -> Result<VersionCheck, PartnerError> {
        let versions = self.api_versions(credentials, SYNC).await?;
        Ok(VersionCheck::from_list(&self.version, &versions))
    }

    /// The same, with one quick try: someone is waiting on the answer.
    pub async fn check_version_now(
        &self,
        credentials: &Credentials<'_>,
    ) -> Result<VersionCheck, PartnerError> {
        let versions = self.api_versions(credentials, INTERACTIVE).await?;
        Ok(VersionCheck::from_list(&self.version, &versions))
    }

    async fn query<Q: GraphQLQuery>(
        &self,
        credentials: &Credentials<'_>,
        version: &str,
        variables: Q::Variables,
        budget: Budget,
    ) -> Result<Q::ResponseData, PartnerError> {
        let body = Q::build_query(variables);
        let body = serde_json::to_value(&body)
            .map_err(|err| PartnerError::Permanent(format!("building the query: {err}")))?;
        let data = match self.request(credentials, version, &body, budget).await {
            Err(RequestError::NotFound) => {
                return Err(self.explain_not_found(credentials, version, budget).await)
            }
            Err(RequestError::Failed(error)) => return Err(error),
            Ok(data) => data,
        };
        serde_json::from_value(data).map_err(|err| {
            PartnerError::Permanent(format!("the Partner API answered an unexpected shape: {err}"))
        })
    }

    /// A 404 on a dated version is a retired version or a wrong organization id: the
    /// version list, served through `unstable` to the same organization, tells which.
    async fn explain_not_found(
        &self,
        credentials: &Credentials<'_>,
        version: &str,
        budget: Budget,
    ) -> PartnerError {
        let org = credentials.partner_organization_id;
        if version == UNSTABLE {
            return PartnerError::UnknownOrganization(format!(
                "no such Partner organization: {org} (the Partner API answered 404; check the organization id)"
            ));
        }
        let body = json!({"query": public_api_versions::QUERY, "variables": {}});
        match self.request(credentials, UNSTABLE, &body, budget).await {
            Ok(data) => {
                let versions: Vec<ApiVersion> = data["publicApiVersions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| {
                        Some(ApiVersion {
                            handle: v["handle"].as_str()?.to_owned(),
                            supported: v["supported"].as_bool()?,
                        })
                    })
                    .collect();
                match VersionCheck::from_list(version, &versions) {
                    retired @ VersionCheck::Retired { .. } => {
                        PartnerError::Permanent(retired.message(version).unwrap_or_default())
                    }
                    _ => PartnerError::Permanent(format!(
                        "the Partner API answered 404 for version {version}, which it still serves; \
                         check the Partner app ids"
                    )),
                }
            }
            Err(RequestError::NotFound) => PartnerError::UnknownOrganization(format!(
                "no such Partner organization: {org} (the Partner API answered 404; check the organization id)"
            )),
            Err(RequestError::Failed(error)) => error,
        }
    }
}

/// The cursor of the next page, `None` after the last; an API that repeats a cursor or pages
/// past [`MAX_PAGES`] is an error rather than a loop.
fn next_page(
    has_next_page: bool,
    last_cursor: Option<String>,
    previous: &Option<String>,
    pages: &mut usize,
) -> Result<Option<String>, PartnerError> {
    *pages += 1;
    match (has_next_page, last_cursor) {
        (true, Some(cursor)) if Some(&cursor) == previous.as_ref() => Err(PartnerError::Permanent(
            "the Partner API returned the same page twice".into(),
        )),
        (true, Some(_)) if *pages >= MAX_PAGES => Err(PartnerError::Permanent(format!(
            "more than {MAX_PAGES} pages in one list"
        ))),
        (true, Some(cursor)) => Ok(Some(cursor)),
        _ => Ok(None),
    }
}

fn app_gid(partner_app_id: &str) -> String {
    if partner_app_id.starts_with("gid://") {
        partner_app_id.to_owned()
    } else {
        format!("gid://partners/App/{partner_app_id}")
    }
}
