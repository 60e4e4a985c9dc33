//! Sends one signed webhook request. The host is resolved here, and every address it resolves
//! to must be one a webhook may reach ([`classify`]); reqwest then connects only to the
//! addresses this resolver returned, so a name cannot be re-pointed (DNS rebinding) between
//! the check and the connection. No redirects are followed, no proxy from the environment is
//! used, the whole exchange has 15 s, and only the first 1 KiB of the answer is kept.
use crate::domain::webhook::address::classify;
use crate::domain::webhook::endpoint::validate_url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(15);
pub const KEPT_BODY_BYTES: usize = 1024;

/// What one request came to.
#[derive(Debug, Default)]
pub struct Answer {
    pub status: Option<u16>,
    pub retry_after: Option<String>,
    pub body: Option<String>,
    pub error: Option<String>,
    pub duration: Duration,
}

pub struct SignedRequest<'a> {
    pub url: &'a str,
    pub message_id: &'a str,
    pub timestamp: i64,
    pub signature: &'a str,
    pub body: &'a str,
}

pub struct WebhookSender {
    client: reqwest::Client,
    allow_private: bool,
}

impl WebhookSender {
    pub fn new(allow_private: bool) -> anyhow::Result<WebhookSender> {
        let client = reqwest::Client::builder()
            .dns_resolver(GuardedResolver { allow_private })
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(TIMEOUT)
            .user_agent(concat!("Convot-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(WebhookSender {
            client,
            allow_private,
        })
    }

    pub async fn send(&self, request: SignedRequest<'_>) -> Answer {
        let started = Instant::now();
        // Address literals never reach the resolver: checked here, as on save.
        if let Err(problem) = validate_url(request.url, self.allow_private) {
            return Answer {
                error: Some(format!("refused: the URL {problem}")),
                ..Answer::default()
            };
        }
        let sent = self
            .client
            .post(request.url)
            .header("content-type", "application/json")
            .header("webhook-id", request.message_id)
            .header("webhook-timestamp", request.timestamp.to_string())
            .header("webhook-signature", request.signature)
            .body(request.body.to_owned())
            .send()
            .await;
        let mut answer = match sent {
            Ok(response) => read(response).await,
            Err(err) => Answer {
                error: Some(storable(&describe(&err))),
                ..Answer::default()
            },
        };
        answer.duration = started.elapsed();
        answer
    }
}

async fn read(mut response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let mut kept = Vec::new();
    let mut error = None;
    while kept.len() < KEPT_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(err) => {
                error = Some(describe(&err));
                break;
            }
        }
    }
    kept.truncate(KEPT_BODY_BYTES);
    Answer {
        status: Some(status),
        retry_after,
        body: Some(storable(&String::from_utf8_lossy(&kept))),
        error: error.as_deref().map(storable),
        duration: Duration::ZERO,
    }
}

/// What a receiver sent, as text every database stores: PostgreSQL's `text` refuses NUL, and
/// an attempt that cannot be recorded would be sent again and again without backoff.
fn storable(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

/// The error and its causes in one line ("error sending request: … refused: … loopback").
fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_timeout() {
        format!("timed out after {} s", TIMEOUT.as_secs())
    } else {
        err.to_string()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

struct GuardedResolver {
    allow_private: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("refused: {host} resolves to {address}, a {class} address")]
struct RefusedAddress {
    host: String,
    address: std::net::IpAddr,
    class: &'static str,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = guard(&host, addresses, allow_private)?;
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// The addresses a name resolved to, if the connection may use them: the ones it then uses,
/// so what was checked is what is dialled (no second lookup for rebinding to answer).
fn guard(
    host: &str,
    addresses: Vec<SocketAddr>,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    if addresses.is_empty() {
        return Err(format!("{host} resolves to no address").into());
    }
    // One inside address refuses the whole name: a receiver has no reason to mix them.
    if let Some(bad) = addresses
        .iter()
        .find(|a| !classify(a.ip()).allowed(allow_private))
    {
        return Err(Box::new(RefusedAddress {
            host: host.to_owned(),
            address: bad.ip(),
            class: classify(bad.ip()).describe(),
        }));
    }
    Ok(addresses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(addresses: &[&str]) -> Vec<SocketAddr> {
        addresses
            .iter()
            .map(|a| SocketAddr::new(a.parse().unwrap(), 443))
            .collect()
    }

    /// A public name whose answer holds an inside address of any class is refused, whatever
    /// else it resolves to; with ALLOW_PRIVATE only metadata addresses still are.
    #[test]
    fn a_nul_in_an_answer_is_replaced_so_the_attempt_can_be_stored() {
        assert_eq!(storable("ok\0done"), "ok\u{FFFD}done");
    }

    #[test]
    fn a_name_resolving_inside_is_refused_for_each_class() {
        for inside in [
            "127.0.0.1",
            "10.20.30.40",
            "172.16.5.4",
            "192.168.0.10",
            "100.64.1.1",
            "169.254.3.3",
            "::1",
            "fc00::5",
            "fe80::1",
            "::ffff:10.0.0.1",
            "169.254.169.254",
            "fd00:ec2::254",
        ] {
            let err = guard("hooks.example.com", resolved(&["93.184.215.14", inside]), false)
                .expect_err(inside)
                .to_string();
            assert!(
                err.contains("hooks.example.com") && err.contains("refused"),
                "{inside}: {err}"
            );
        }
        assert_eq!(
            guard("hooks.example.com", resolved(&["10.20.30.40"]), true).unwrap(),
            resolved(&["10.20.30.40"])
        );
        for metadata in ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254"] {
            assert!(
                guard("metadata.example", resolved(&[metadata]), true).is_err(),
                "{metadata}"
            );
        }
        assert_eq!(
            guard("hooks.example.com", resolved(&["93.184.215.14"]), false).unwrap(),
            resolved(&["93.184.215.14"])
        );
        assert!(guard("nowhere.example", Vec::new(), true).is_err());
    }
}
