//! One request to the Partner API: paced per Partner organization, retried with backoff on
//! throttling, 5xx and timeouts within a budget, and its failure sorted into what the caller
//! can do about it.
use super::{Credentials, PartnerClient, PartnerError};
use crate::domain::backoff;
use serde_json::Value;
use std::time::Duration;

/// How hard one request tries: the sync is patient, a person waiting on "Connect" is not.
#[derive(Clone, Copy)]
pub(super) struct Budget {
    tries: u32,
    timeout: Duration,
}

pub(super) const SYNC: Budget = Budget {
    tries: 4,
    timeout: Duration::from_secs(20),
};
pub(super) const INTERACTIVE: Budget = Budget {
    tries: 1,
    timeout: Duration::from_secs(5),
};
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// One request every 300 ms per Partner organization: at most 4 in any second even when the
/// network bunches them up, under Shopify's limit of 4 a second per client.
pub(super) const REQUEST_SPACING: Duration = Duration::from_millis(300);

impl PartnerClient {
    pub(super) async fn request(
        &self,
        credentials: &Credentials<'_>,
        version: &str,
        body: &Value,
        budget: Budget,
    ) -> Result<Value, RequestError> {
        let url = format!(
            "{}/{}/api/{version}/graphql.json",
            self.base_url, credentials.partner_organization_id
        );
        let mut last_problem = String::new();
        for attempt in 0..budget.tries {
            self.pacer
                .until_key_ready(&credentials.partner_organization_id.to_owned())
                .await;
            let response = self
                .http
                .post(&url)
                .timeout(budget.timeout)
                .header("X-Shopify-Access-Token", credentials.token)
                .json(body)
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
                Ok(response) if response.status() == reqwest::StatusCode::NOT_FOUND => {
                    return Err(RequestError::NotFound);
                }
                Ok(response) if matches!(response.status().as_u16(), 401 | 403) => {
                    return Err(RequestError::Failed(PartnerError::TokenRefused(format!(
                        "the Partner API refused the token ({}); create a Partner API client token with \
                         access to apps and financial data and connect again",
                        response.status().as_u16()
                    ))));
                }
                Ok(response) if !response.status().is_success() => {
                    return Err(RequestError::Failed(PartnerError::Permanent(format!(
                        "the Partner API answered {}",
                        response.status().as_u16()
                    ))));
                }
                Ok(response) => {
                    let body: Value = response.json().await.map_err(|err| {
                        RequestError::Failed(PartnerError::Temporary(format!("unreadable response: {err}")))
                    })?;
                    match body.get("errors").and_then(Value::as_array) {
                        Some(errors) if !errors.is_empty() => {
                            let throttled = errors.iter().any(|e| e["extensions"]["code"] == "THROTTLED");
                            if !throttled {
                                return Err(RequestError::Failed(PartnerError::Permanent(format!(
                                    "GraphQL errors: {}",
                                    Value::Array(errors.clone())
                                ))));
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
            if attempt + 1 < budget.tries {
                tokio::time::sleep(wait).await;
            }
        }
        Err(RequestError::Failed(PartnerError::Temporary(format!(
            "gave up after {} tries: {last_problem}",
            budget.tries
        ))))
    }

    /// base × 2^attempt plus up to 50 % jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let delay = backoff::exponential(self.backoff_base, attempt.min(8), Duration::MAX);
        backoff::with_jitter(delay, 0.5, rand::random())
    }
}

pub(super) enum RequestError {
    NotFound,
    Failed(PartnerError),
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
