//! Who works in an organization and what they build with: apps, agents and API keys.
use crate::domain::role::Role;
use crate::domain::text_enum::text_enum;
use chrono::{DateTime, Utc};

/// A tenant: everything else belongs to exactly one.
#[derive(Clone, Debug, PartialEq)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// One app of the organization (typically a Shopify app) and its identity settings.
#[derive(Clone, Debug, PartialEq)]
pub struct App {
    pub id: i64,
    pub organization_id: i64,
    /// The widget's public key: names the app in the browser snippet.
    pub public_key: String,
    pub name: String,
    /// The HMAC key of `user_hash`; only owners and admins read it.
    pub identity_secret: String,
    pub require_identity_verification: bool,
    pub created_at: DateTime<Utc>,
}

/// An agent account.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub organization_id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    /// `None` when the stored role is one this build does not know: such a user cannot act.
    pub role: Option<Role>,
    /// A per-user override of the role's revenue permission.
    pub revenue_permission: Option<bool>,
    pub created_at: DateTime<Utc>,
}

text_enum! {
    /// What a server API key may do.
    pub enum Scope {
        ContactsRead = "contacts:read",
        ContactsWrite = "contacts:write",
        EventsWrite = "events:write",
        ConversationsRead = "conversations:read",
        ConversationsWrite = "conversations:write",
    }
}

/// A server API key of one app, without its secret (only a hash of it is stored).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiKey {
    pub id: i64,
    pub organization_id: i64,
    pub app_id: i64,
    pub name: String,
    pub secret_hash: String,
    pub scopes: Vec<Scope>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}
