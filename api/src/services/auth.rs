//! Signing in, throttled per (email, client address) and per client address (SPEC §2
//! "Login"). The counters live in the database, so every API process enforces the same limit.
use crate::auth::password::verify_password;
use crate::domain::account::{Organization, User};
use crate::domain::email::EmailAddress;
use crate::domain::login_throttle::{AttemptKeys, ADDRESS_LIMIT, PAIR_LIMIT};
use crate::repo;
use crate::repo::login_throttles;
use crate::services::error::{ErrorKind, ServiceError};
use crate::state::AppState;
use chrono::{Duration, Utc};
use std::net::IpAddr;

pub struct SignedIn {
    pub token: String,
    pub user: User,
    pub expires_at: chrono::DateTime<Utc>,
}

/// Every attempt is counted before its password is checked and counts as a failure unless it
/// signs in. Whether the email has an account changes nothing before the password check, so
/// answers (and counters) cannot tell unknown emails from known ones.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<SignedIn, ServiceError> {
    let db = &state.db;
    let keys = AttemptKeys::new(email, client);
    let now = Utc::now();
    // The address first: an address over its limit then never touches the pair counter, so
    // its refusals cannot use up the pair's reservations.
    let address = login_throttles::reserve(db, &keys.address, now).await?;
    if let Err(retry_after) = address.check(ADDRESS_LIMIT, now) {
        // A refusal is not a failure: only checked passwords use up the budget.
        login_throttles::give_back(db, &keys.address, &address).await?;
        return Err(ServiceError::rate_limited(retry_after));
    }
    let pair = login_throttles::reserve(db, &keys.pair, now).await?;
    if let Err(retry_after) = pair.check(PAIR_LIMIT, now) {
        login_throttles::give_back(db, &keys.pair, &pair).await?;
        login_throttles::give_back(db, &keys.address, &address).await?;
        return Err(ServiceError::rate_limited(retry_after));
    }

    let user = match EmailAddress::parse(email) {
        Ok(email) => repo::users::find_by_login_email(db, email.as_str()).await?,
        Err(_) => None,
    };
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    let password = password.to_owned();
    // Argon2 is deliberately slow: keep it off the async workers. An unknown email is checked
    // against a dummy hash, so it takes as long as a wrong password.
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, stored_hash.as_deref()))
        .await
        .map_err(|err| ServiceError::internal(anyhow::anyhow!("password check: {err}")))?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(ServiceError::new(
            ErrorKind::Unauthenticated,
            "invalid_credentials",
            "Invalid email or password",
        ));
    };
    // Signing in clears this address's failures for the account and gives back its share of
    // the address budget.
    login_throttles::forget(db, &keys.pair).await?;
    login_throttles::give_back(db, &keys.address, &address).await?;
    let token = state.jwt.issue(user.id, user.organization_id)?;
    let expires_at = Utc::now() + Duration::from_std(state.settings.jwt_ttl).unwrap_or_default();
    Ok(SignedIn {
        token,
        user,
        expires_at,
    })
}

/// The signed-in agent and their organization; a session whose user or organization is gone
/// is no longer valid.
pub async fn me(
    db: &sea_orm::DatabaseConnection,
    scope: &crate::auth::AgentScope,
) -> Result<(User, Organization), ServiceError> {
    let stale = || ServiceError::unauthenticated("This session is no longer valid");
    let user = repo::users::find_in_organization(db, scope.organization_id, scope.user_id)
        .await?
        .ok_or_else(stale)?;
    let organization = repo::organizations::find(db, scope.organization_id)
        .await?
        .ok_or_else(stale)?;
    Ok((user, organization))
}
