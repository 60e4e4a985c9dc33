//! Agent roles and what each may see.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Agent,
}

impl Role {
    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "owner" => Some(Role::Owner),
            "admin" => Some(Role::Admin),
            "agent" => Some(Role::Agent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }

    /// Owners and admins see every app; agents only the apps they operate.
    pub fn sees_all_apps(self) -> bool {
        matches!(self, Role::Owner | Role::Admin)
    }

    /// Owners have the revenue permission; others only through a per-user override.
    pub fn has_revenue_permission(self, override_grant: Option<bool>) -> bool {
        override_grant.unwrap_or(self == Role::Owner)
    }
}
