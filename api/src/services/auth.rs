//! Signing in, with a per-account throttle stored in the database so every API process
//! enforces the same limit.
use crate::auth::password::verify_password;
use crate::domain::email::EmailAddress;
use crate::error::ApiError;
use crate::repo;
use crate::state::AppState;
use chrono::{Duration, Utc};
use entity::user;

/// Failures allowed before the account is throttled.
const FREE_FAILURES: i32 = 5;
const FIRST_BLOCK_SECS: i64 = 30;
const MAX_BLOCK_SECS: i64 = 15 * 60;

pub struct SignedIn {
    pub token: String,
    pub user: user::Model,
    pub expires_at: chrono::DateTime<Utc>,
}

pub async fn login(state: &AppState, email: &str, password: &str) -> Result<SignedIn, ApiError> {
    let invalid = || {
        ApiError::new(
            actix_web::http::StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "Invalid email or password",
        )
    };
    let email = EmailAddress::parse(email).map_err(|_| invalid());
    let user = match &email {
        Ok(email) => repo::users::find_by_login_email(&state.db, email.as_str()).await?,
        Err(_) => None,
    };
    if let Some(blocked_until) = user.as_ref().and_then(|u| u.login_blocked_until) {
        let now = Utc::now();
        if blocked_until > now {
            return Err(ApiError::rate_limited(
                (blocked_until - now).num_seconds().max(1) as u64
            ));
        }
    }
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    let password = password.to_owned();
    // Argon2 is deliberately slow: keep it off the async workers.
    let matches = actix_web::web::block(move || verify_password(&password, stored_hash.as_deref()))
        .await
        .map_err(|err| ApiError::internal(anyhow::anyhow!("password check: {err}")))?;
    let Some(user) = user else {
        return Err(invalid());
    };
    if !matches {
        let failures = repo::users::record_failed_login(&state.db, &user).await?;
        if failures >= FREE_FAILURES {
            let doublings = (failures - FREE_FAILURES).min(10) as u32;
            let secs = (FIRST_BLOCK_SECS << doublings).min(MAX_BLOCK_SECS);
            repo::users::block_logins_until(&state.db, &user, Utc::now() + Duration::seconds(secs)).await?;
        }
        return Err(invalid());
    }
    repo::users::reset_failed_logins(&state.db, &user).await?;
    let token = state.jwt.issue(user.id, user.organization_id)?;
    let expires_at = Utc::now() + Duration::from_std(state.settings.jwt_ttl).unwrap_or_default();
    Ok(SignedIn {
        token,
        user,
        expires_at,
    })
}
