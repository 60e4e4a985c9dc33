//! Writing profile fields onto a contact: trusted writers overwrite, unverified ones only
//! fill blanks, and an email or external_id held by another contact is never taken from it.
use crate::domain::profile::{Patch, ProfilePatch};
use crate::repo;
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use entity::contact;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// Verified identify, API keys and agents.
    Overwrite,
    /// Unverified identify: never replaces a stored value.
    FillBlanks,
}

/// What to do when the patch sets an email or external_id another contact already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakenIdentity {
    Conflict,
    Skip,
}

/// Drops (or refuses) identity values that belong to another contact of the organization.
pub async fn release_taken_identities(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact: Option<&contact::Model>,
    patch: &mut ProfilePatch,
    policy: TakenIdentity,
) -> Result<(), ServiceError> {
    let contact_id = contact.map(|c| c.id);
    // A value the contact already holds is its own (both are unique per organization), so it
    // needs no lookup: repeated identifies of a known visitor skip both.
    if let Patch::Set(email) = &patch.email {
        if contact.is_none_or(|c| c.email.as_ref() != Some(email)) {
            let owner = repo::contacts::find_by_email(db, organization_id, email).await?;
            if owner.is_some_and(|other| Some(other.id) != contact_id) {
                match policy {
                    TakenIdentity::Conflict => {
                        return Err(ServiceError::conflict(
                            "email_taken",
                            "Another contact already has this email",
                        )
                        .with_detail("fields", serde_json::json!({"email": "another contact has it"})))
                    }
                    TakenIdentity::Skip => patch.email = Patch::Keep,
                }
            }
        }
    }
    if let Patch::Set(external_id) = &patch.external_id {
        if contact.is_none_or(|c| c.external_id.as_ref() != Some(external_id)) {
            let owner = repo::contacts::find_by_external_id(db, organization_id, external_id).await?;
            if owner.is_some_and(|other| Some(other.id) != contact_id) {
                match policy {
                    TakenIdentity::Conflict => return Err(ServiceError::conflict(
                        "external_id_taken",
                        "Another contact already has this external_id",
                    )
                    .with_detail(
                        "fields",
                        serde_json::json!({"external_id": "another contact already has this external_id"}),
                    )),
                    TakenIdentity::Skip => patch.external_id = Patch::Keep,
                }
            }
        }
    }
    Ok(())
}

fn merge_field(
    target: &mut sea_orm::ActiveValue<Option<String>>,
    current: &Option<String>,
    patch: &Patch<String>,
    mode: WriteMode,
) -> bool {
    let blank = current.as_deref().is_none_or(|v| v.trim().is_empty());
    let next = match (patch, mode) {
        (Patch::Keep, _) => return false,
        (Patch::Set(value), WriteMode::Overwrite) => Some(value.clone()),
        (Patch::Set(value), WriteMode::FillBlanks) if blank => Some(value.clone()),
        (Patch::Clear, WriteMode::Overwrite) => None,
        _ => return false,
    };
    if &next == current {
        return false;
    }
    *target = Set(next);
    true
}

/// Applies the patch and writes the changed columns, scoped by organization. Returns the
/// contact as stored.
pub async fn apply(
    db: &impl ConnectionTrait,
    contact: contact::Model,
    patch: &ProfilePatch,
    mode: WriteMode,
    extra: impl FnOnce(&mut contact::ActiveModel),
    now: DateTime<Utc>,
) -> Result<contact::Model, ServiceError> {
    let mut active: contact::ActiveModel = contact.clone().into();
    let mut changed = false;
    changed |= merge_field(&mut active.email, &contact.email, &patch.email, mode);
    changed |= merge_field(
        &mut active.external_id,
        &contact.external_id,
        &patch.external_id,
        mode,
    );
    changed |= merge_field(&mut active.name, &contact.name, &patch.name, mode);
    changed |= merge_field(&mut active.phone, &contact.phone, &patch.phone, mode);
    changed |= merge_field(&mut active.company, &contact.company, &patch.company, mode);
    if merge_field(
        &mut active.avatar_url,
        &contact.avatar_url,
        &patch.avatar_url,
        mode,
    ) {
        // Whoever set the URL decides whether agents' browsers may load it (SPEC §3).
        active.avatar_trusted = Set(mode == WriteMode::Overwrite);
        changed = true;
    }
    changed |= merge_field(&mut active.time_zone, &contact.time_zone, &patch.time_zone, mode);
    changed |= merge_field(&mut active.city, &contact.city, &patch.city, mode);
    changed |= merge_field(&mut active.region, &contact.region, &patch.region, mode);
    changed |= merge_field(&mut active.country, &contact.country, &patch.country, mode);
    extra(&mut active);
    if !changed && !active.is_changed() {
        return Ok(contact);
    }
    active.updated_at = Set(now);
    let updated = contact::Entity::update(active)
        .validate()?
        .filter(contact::Column::OrganizationId.eq(contact.organization_id))
        .exec(db)
        .await?;
    Ok(updated)
}

/// A new contact holding the patch's values.
pub async fn create(
    db: &impl ConnectionTrait,
    organization_id: i64,
    patch: &ProfilePatch,
    extra: impl FnOnce(&mut contact::ActiveModel),
    now: DateTime<Utc>,
) -> Result<contact::Model, ServiceError> {
    let value = |p: &Patch<String>| match p {
        Patch::Set(v) => Some(v.clone()),
        _ => None,
    };
    let mut active = contact::ActiveModel {
        organization_id: Set(organization_id),
        email: Set(value(&patch.email)),
        external_id: Set(value(&patch.external_id)),
        name: Set(value(&patch.name)),
        phone: Set(value(&patch.phone)),
        company: Set(value(&patch.company)),
        avatar_url: Set(value(&patch.avatar_url)),
        time_zone: Set(value(&patch.time_zone)),
        city: Set(value(&patch.city)),
        region: Set(value(&patch.region)),
        country: Set(value(&patch.country)),
        shopify_domain: Set(None),
        last_heartbeat_at: Set(None),
        heartbeat_visible: Set(false),
        last_activity_at: Set(None),
        last_seen_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    extra(&mut active);
    Ok(active.insert(db).await?)
}

pub fn is_anonymous(contact: &contact::Model) -> bool {
    contact.email.is_none() && contact.external_id.is_none()
}
