//! Widget visitor sessions: `ws_<organization>.<id>.<secret>`, the secret stored only hashed.
use crate::auth::agent::bearer_token;
use crate::domain::secret::matches_hash;
use crate::domain::visitor::WidgetSession;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

pub const TOKEN_PREFIX: &str = "ws_";

pub fn format_token(organization_id: i64, id: i64, secret: &str) -> String {
    format!("{TOKEN_PREFIX}{organization_id}.{id}.{secret}")
}

/// The authenticated session and the client address it called from (for rate limiting).
#[derive(Clone, Debug)]
pub struct WidgetCaller {
    pub session: WidgetSession,
    pub client_ip: Option<IpAddr>,
}

fn parse(token: &str) -> Option<(i64, i64, &str)> {
    let mut parts = token.strip_prefix(TOKEN_PREFIX)?.splitn(3, '.');
    let organization_id = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    Some((organization_id, id, parts.next()?))
}

impl FromRequest for WidgetCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer_token(req).map(str::to_owned);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        // Behind a trusted proxy the visitor is in X-Forwarded-For, not the TCP peer: else
        // every visitor would share the proxy's rate-limit budget.
        let client_ip = state
            .as_ref()
            .and_then(|state| crate::http::client_address::of(req, &state.settings.trusted_proxies));
        let span = crate::http::request_span::of(req);
        Box::pin(async move {
            let invalid = || ApiError::unauthenticated("Unknown or expired widget session; start a new one");
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("state missing")))?;
            let token = token.ok_or_else(invalid)?;
            let (organization_id, id, secret) = parse(&token).ok_or_else(invalid)?;
            let session = crate::repo::widget_sessions::find(&state.db, organization_id, id)
                .await?
                .filter(|session| matches_hash(secret, &session.token_hash))
                .ok_or_else(invalid)?;
            crate::http::request_span::record_organization(&span, session.organization_id);
            Ok(WidgetCaller { session, client_ip })
        })
    }
}
