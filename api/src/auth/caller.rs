//! Endpoints open to both agents (JWT) and apps (API key) take a `Caller`.
use crate::auth::agent::{bearer_token, AgentScope};
use crate::auth::api_key::{self, ApiKeyScope, Scope};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

#[derive(Clone, Debug)]
pub enum Caller {
    Agent(AgentScope),
    ApiKey(ApiKeyScope),
}

impl Caller {
    pub fn organization_id(&self) -> i64 {
        match self {
            Caller::Agent(agent) => agent.organization_id,
            Caller::ApiKey(key) => key.organization_id,
        }
    }

    /// Agents see their apps; an API key sees only its own app's conversations.
    pub fn apps(&self) -> crate::auth::AppVisibility {
        match self {
            Caller::Agent(agent) => agent.apps.clone(),
            Caller::ApiKey(key) => crate::auth::AppVisibility::Only(vec![key.app_id]),
        }
    }

    /// API keys need the scope; agents hold every contact and conversation permission of
    /// their role.
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        match self {
            Caller::Agent(_) => Ok(()),
            Caller::ApiKey(key) => key.require(scope),
        }
    }

    /// For what only a signed-in person may do (bulk exports of personal data): an API key is
    /// refused with 403, not 401, since it is valid, just not allowed.
    pub fn require_agent(&self, what: &str) -> Result<&AgentScope, ApiError> {
        match self {
            Caller::Agent(agent) => Ok(agent),
            Caller::ApiKey(_) => Err(ApiError::forbidden(format!(
                "{what} are for owners and admins signed in, not API keys"
            ))),
        }
    }

    pub fn require_api_key(&self) -> Result<&ApiKeyScope, ApiError> {
        match self {
            Caller::ApiKey(key) => Ok(key),
            Caller::Agent(_) => Err(ApiError::forbidden("This operation is for API keys")),
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_api_key = bearer_token(req).is_some_and(|t| t.starts_with(api_key::TOKEN_PREFIX));
        if !is_api_key {
            let agent = AgentScope::from_request(req, payload);
            return Box::pin(async move { agent.await.map(Caller::Agent) });
        }
        let token = bearer_token(req).unwrap_or_default().to_owned();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let span = crate::http::request_span::of(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("state missing")))?;
            let key = api_key::authenticate(&state.db, &token).await?;
            crate::http::request_span::record_organization(&span, key.organization_id);
            Ok(Caller::ApiKey(key))
        })
    }
}
