//! The agent extractor: a valid JWT becomes an `AgentScope`, the authorization every agent
//! handler must hold. The user is re-read on each request, so a removed user or a changed
//! role takes effect at once.
use crate::domain::role::Role;
pub use crate::domain::visibility::AppVisibility;
use crate::error::ApiError;
use crate::http::request_span;
use crate::repo;
use crate::services::error::ServiceError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::pin::Pin;

#[derive(Clone, Debug)]
pub struct AgentScope {
    pub organization_id: i64,
    pub user_id: i64,
    pub role: Role,
    pub revenue_permission: bool,
    pub apps: AppVisibility,
}

impl AgentScope {
    pub fn require_owner_or_admin(&self) -> Result<(), ServiceError> {
        if self.role.sees_all_apps() {
            Ok(())
        } else {
            Err(ServiceError::forbidden("Only owners and admins may do this"))
        }
    }
}

pub fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequest for AgentScope {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let claims =
            bearer_token(req).and_then(|token| state.as_ref().and_then(|state| state.jwt.verify(token)));
        let span = request_span::of(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("state missing")))?;
            let claims = claims.ok_or_else(|| {
                ApiError::unauthenticated("A valid bearer token is required; sign in again")
            })?;
            let stale = || ApiError::unauthenticated("This session is no longer valid; sign in again");
            let user_id: i64 = claims.sub.parse().map_err(|_| stale())?;
            let scope = load_scope(&state.db, claims.org, user_id)
                .await?
                .ok_or_else(stale)?;
            request_span::record_organization(&span, scope.organization_id);
            Ok(scope)
        })
    }
}

/// The user's scope as stored now; `None` once the user is gone or has no valid role.
/// Long-lived requests (the live stream) call it again, so a deleted user or a changed role
/// takes effect on them too.
pub async fn load_scope(
    db: &DatabaseConnection,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<AgentScope>, ServiceError> {
    let Some(user) = repo::users::find_in_organization(db, organization_id, user_id).await? else {
        return Ok(None);
    };
    let Some(role) = user.role else {
        return Ok(None);
    };
    let apps = if role.sees_all_apps() {
        AppVisibility::All
    } else {
        AppVisibility::Only(repo::apps::operated_app_ids(db, user.organization_id, user.id).await?)
    };
    Ok(Some(AgentScope {
        organization_id: user.organization_id,
        user_id: user.id,
        role,
        revenue_permission: role.has_revenue_permission(user.revenue_permission),
        apps,
    }))
}
