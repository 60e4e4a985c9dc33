//! Connecting the organization's Shopify Partner account (owners only). The token is sealed
//! with AES-256-GCM before it is stored and is never returned.
use crate::auth::AgentScope;
use crate::domain::merchant::{PartnerApp, PartnerConnection};
use crate::domain::role::Role;
use crate::domain::sealed::SealingKey;
use crate::domain::time;
use crate::integrations::shopify_partner::{Credentials, PartnerClient, PartnerError};
use crate::repo;
use crate::repo::shopify::NewConnection;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;

pub struct Connection {
    pub partner_organization_id: String,
    pub token: String,
    /// Partner app id → Convot app id.
    pub apps: Vec<(String, i64)>,
}

pub fn require_owner(scope: &AgentScope) -> Result<(), ServiceError> {
    if scope.role == Role::Owner {
        Ok(())
    } else {
        Err(ServiceError::forbidden(
            "Only the organization's owners manage the Shopify integration",
        ))
    }
}

pub async fn connect(
    db: &DatabaseConnection,
    scope: &AgentScope,
    key: &SealingKey,
    partner: &PartnerClient,
    connection: Connection,
) -> Result<(), ServiceError> {
    require_owner(scope)?;
    let mut problems = BTreeMap::new();
    let org_id = connection.partner_organization_id.trim();
    if org_id.is_empty() || org_id.len() > 20 || !org_id.chars().all(|c| c.is_ascii_digit()) {
        problems.insert(
            "partner_organization_id".to_owned(),
            "must be the numeric Partner organization id".to_owned(),
        );
    }
    let token = connection.token.trim();
    if !token.starts_with("prtapi_")
        || token.len() < 12
        || token.len() > 200
        || token.chars().any(|c| c.is_whitespace())
    {
        problems.insert(
            "access_token".to_owned(),
            "must be a Partner API token (prtapi_…)".to_owned(),
        );
    }
    if connection.apps.is_empty() {
        problems.insert(
            "apps".to_owned(),
            "map at least one Partner app to a Convot app".to_owned(),
        );
    }
    for (index, (partner_app_id, app_id)) in connection.apps.iter().enumerate() {
        let known = repo::apps::find(db, scope.organization_id, *app_id)
            .await?
            .is_some();
        if !known {
            problems.insert(
                format!("apps.{index}.app_id"),
                "is not an app of this organization".to_owned(),
            );
        }
        let digits = partner_app_id.trim_start_matches("gid://partners/App/");
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            problems.insert(
                format!("apps.{index}.partner_app_id"),
                "must be a Partner app id".to_owned(),
            );
        } else if connection.apps[..index]
            .iter()
            .any(|(earlier, _)| earlier.trim_start_matches("gid://partners/App/") == digits)
        {
            // `555` and `gid://partners/App/555` are one Partner app: it maps to one app.
            problems.insert(
                format!("apps.{index}.partner_app_id"),
                "is mapped twice".to_owned(),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::validation(problems));
    }
    let version_warning = check_with_shopify(partner, org_id, token).await?;
    let sealed = key.seal(token);
    let apps: Vec<(String, i64)> = connection
        .apps
        .iter()
        .map(|(partner_app_id, app_id)| {
            (
                partner_app_id
                    .trim_start_matches("gid://partners/App/")
                    .to_owned(),
                *app_id,
            )
        })
        .collect();
    let new = NewConnection {
        organization_id: scope.organization_id,
        partner_organization_id: org_id,
        token_ciphertext: &sealed,
        api_version: partner.version(),
        api_version_warning: version_warning,
        apps: &apps,
        at: time::now(),
    };
    let new = &new;
    // Reconnecting replaces the credentials and starts a fresh schedule.
    in_write_transaction!(db, |txn| Ok(repo::shopify::replace_connection(&txn, new).await?)).await
}

/// Asks Shopify's version list with the new credentials before storing them: a wrong
/// organization id or a refused token is the owner's to fix now, in the form; a version on
/// its way out is a warning to show. Shopify being unreachable is no reason to refuse: the
/// sync reports it.
async fn check_with_shopify(
    partner: &PartnerClient,
    org_id: &str,
    token: &str,
) -> Result<Option<String>, ServiceError> {
    let credentials = Credentials {
        partner_organization_id: org_id,
        token,
    };
    let field =
        |name: &str, message: String| ServiceError::validation(BTreeMap::from([(name.to_owned(), message)]));
    match partner.check_version_now(&credentials).await {
        Ok(check) => Ok(check.message(partner.version())),
        Err(PartnerError::UnknownOrganization(message)) => Err(field("partner_organization_id", message)),
        Err(PartnerError::TokenRefused(message)) => Err(field("access_token", message)),
        Err(error) => {
            tracing::warn!(%error, "could not check the Partner API version at connect");
            Ok(None)
        }
    }
}

pub async fn view(
    db: &DatabaseConnection,
    scope: &AgentScope,
) -> Result<(PartnerConnection, Vec<PartnerApp>), ServiceError> {
    require_owner(scope)?;
    let integration = repo::shopify::connection(db, scope.organization_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Shopify integration"))?;
    let apps = repo::shopify::partner_apps(db, scope.organization_id).await?;
    Ok((integration, apps))
}

/// Disconnecting forgets the credentials and every synced merchant.
pub async fn disconnect(db: &DatabaseConnection, scope: &AgentScope) -> Result<(), ServiceError> {
    require_owner(scope)?;
    let org = scope.organization_id;
    repo::shopify::integration(db, org)
        .await?
        .ok_or_else(|| ServiceError::not_found("Shopify integration"))?;
    in_write_transaction!(db, |txn| Ok(repo::shopify::delete_connection(&txn, org).await?)).await
}

/// "Sync now": clears an exhausted schedule and makes the sync due at once.
pub async fn sync_now(db: &DatabaseConnection, scope: &AgentScope) -> Result<(), ServiceError> {
    require_owner(scope)?;
    let org = scope.organization_id;
    repo::shopify::integration(db, org)
        .await?
        .ok_or_else(|| ServiceError::not_found("Shopify integration"))?;
    repo::shopify::make_sync_due(db, org, time::now()).await?;
    Ok(())
}
