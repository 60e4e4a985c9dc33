//! What agents see of a contact as a merchant: synced rows only, so the sidebar never waits
//! on Shopify.
use crate::domain::merchant::{Merchant, MerchantEvent, PartnerApp, PartnerConnection};
use crate::domain::visibility::AppVisibility;
use crate::repo;
use sea_orm::{DatabaseConnection, DbErr};

pub struct MerchantView {
    pub integration: PartnerConnection,
    pub partner_apps: Vec<PartnerApp>,
    /// The contact's shop under each partner app, the conversation's app first.
    pub merchants: Vec<Merchant>,
    pub events: Vec<MerchantEvent>,
}

/// `None` when the integration is not connected or the contact is not a known merchant.
pub async fn for_contact(
    db: &DatabaseConnection,
    contact: &crate::domain::contact::Contact,
    visibility: &AppVisibility,
    preferred_app_id: Option<i64>,
    with_revenue: bool,
    event_limit: u64,
) -> Result<Option<MerchantView>, DbErr> {
    let Some(shop) = contact.shopify_domain.as_deref() else {
        return Ok(None);
    };
    let org = contact.organization_id;
    let Some(integration) = repo::shopify::connection(db, org).await? else {
        return Ok(None);
    };
    let (partner_apps, merchants) = futures_util::try_join!(
        repo::shopify::partner_apps(db, org),
        repo::shopify::merchants_for_shop(db, org, shop)
    )?;
    let Some(mut view) = assemble(
        Some(integration),
        partner_apps,
        merchants,
        visibility,
        preferred_app_id,
    ) else {
        return Ok(None);
    };
    if event_limit > 0 {
        let ids: Vec<i64> = view.merchants.iter().map(|m| m.id).collect();
        view.events = repo::shopify::recent_events(db, org, &ids, with_revenue, event_limit).await?;
    }
    Ok(Some(view))
}

/// The view from rows already read (the sidebar reads them in its batch), without events;
/// `None` without a connected integration or merchant rows for the contact's shop that the
/// caller may see. A merchant belongs to its Partner app's mapped app: an agent sees those of
/// the apps they operate; a Partner app mapped to no app is for owners and admins only.
pub fn assemble(
    integration: Option<PartnerConnection>,
    partner_apps: Vec<PartnerApp>,
    mut merchants: Vec<Merchant>,
    visibility: &AppVisibility,
    preferred_app_id: Option<i64>,
) -> Option<MerchantView> {
    let integration = integration?;
    let app_of = |partner_app_id: &str| {
        partner_apps
            .iter()
            .find(|a| a.partner_app_id == partner_app_id)
            .and_then(|a| a.app_id)
    };
    merchants.retain(|m| match (visibility, app_of(&m.partner_app_id)) {
        (AppVisibility::All, _) => true,
        (_, Some(app_id)) => visibility.allows(app_id),
        (_, None) => false,
    });
    if merchants.is_empty() {
        return None;
    }
    let preferred: Option<String> = partner_apps
        .iter()
        .find(|a| a.app_id.is_some() && a.app_id == preferred_app_id)
        .map(|a| a.partner_app_id.clone());
    merchants.sort_by_key(|m| Some(&m.partner_app_id) != preferred.as_ref());
    Some(MerchantView {
        integration,
        partner_apps,
        merchants,
        events: Vec::new(),
    })
}
