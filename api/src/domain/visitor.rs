//! A visitor's widget session: who the browser is, as far as Convot knows.
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct WidgetSession {
    pub id: i64,
    pub organization_id: i64,
    pub app_id: i64,
    /// SHA-256 of the token's secret; the secret itself is never stored.
    pub token_hash: String,
    /// Set once the visitor identifies or writes.
    pub contact_id: Option<i64>,
    /// The last identify proved the identity with a `user_hash`.
    pub identity_verified: bool,
    pub created_at: DateTime<Utc>,
}
