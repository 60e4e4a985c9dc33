//! Writing profile fields onto a contact: trusted writers overwrite, unverified ones only
//! fill blanks, and an email or external_id held by another contact is never taken from it.
use crate::domain::contact::{Contact, ContactChanges};
use crate::domain::contact_match::Taken;
use crate::domain::profile::{Patch, ProfilePatch};
use crate::repo;
use crate::services::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

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
    contact: Option<&Contact>,
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
                    TakenIdentity::Conflict => return Err(taken_error(Taken::Email)),
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
                    TakenIdentity::Conflict => return Err(taken_error(Taken::ExternalId)),
                    TakenIdentity::Skip => patch.external_id = Patch::Keep,
                }
            }
        }
    }
    Ok(())
}

/// The 409 for a write that would take another contact's email or external_id.
pub fn taken_error(taken: Taken) -> ServiceError {
    match taken {
        Taken::Email => ServiceError::conflict("email_taken", "Another contact already has this email")
            .with_detail("fields", serde_json::json!({"email": "another contact has it"})),
        Taken::ExternalId => ServiceError::conflict(
            "external_id_taken",
            "Another contact already has this external_id",
        )
        .with_detail(
            "fields",
            serde_json::json!({"external_id": "another contact already has this external_id"}),
        ),
    }
}

fn merge_field(
    target: &mut Option<Option<String>>,
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
    *target = Some(next);
    true
}

/// What the patch changes on the contact in this mode.
fn changes(contact: &Contact, patch: &ProfilePatch, mode: WriteMode) -> ContactChanges {
    let mut changes = ContactChanges::default();
    merge_field(&mut changes.email, &contact.email, &patch.email, mode);
    merge_field(
        &mut changes.external_id,
        &contact.external_id,
        &patch.external_id,
        mode,
    );
    merge_field(&mut changes.name, &contact.name, &patch.name, mode);
    merge_field(&mut changes.phone, &contact.phone, &patch.phone, mode);
    merge_field(&mut changes.company, &contact.company, &patch.company, mode);
    if merge_field(
        &mut changes.avatar_url,
        &contact.avatar_url,
        &patch.avatar_url,
        mode,
    ) {
        // Whoever set the URL decides whether agents' browsers may load it (SPEC §3).
        changes.avatar_trusted = Some(mode == WriteMode::Overwrite);
    }
    merge_field(&mut changes.time_zone, &contact.time_zone, &patch.time_zone, mode);
    merge_field(&mut changes.city, &contact.city, &patch.city, mode);
    merge_field(&mut changes.region, &contact.region, &patch.region, mode);
    merge_field(&mut changes.country, &contact.country, &patch.country, mode);
    changes
}

/// Applies the patch (and what `extra` adds) and writes the changed columns, scoped by
/// organization. Returns the contact as stored.
pub async fn apply(
    db: &impl ConnectionTrait,
    contact: Contact,
    patch: &ProfilePatch,
    mode: WriteMode,
    extra: impl FnOnce(&mut ContactChanges),
    now: DateTime<Utc>,
) -> Result<Contact, ServiceError> {
    let mut changes = changes(&contact, patch, mode);
    extra(&mut changes);
    Ok(repo::contacts::update(db, contact, changes, now).await?)
}

/// A new contact holding the patch's values (and what `extra` adds).
pub async fn create(
    db: &impl ConnectionTrait,
    organization_id: i64,
    patch: &ProfilePatch,
    extra: impl FnOnce(&mut ContactChanges),
    now: DateTime<Utc>,
) -> Result<Contact, ServiceError> {
    let value = |p: &Patch<String>| match p {
        Patch::Set(v) => Some(Some(v.clone())),
        _ => None,
    };
    let mut values = ContactChanges {
        email: value(&patch.email),
        external_id: value(&patch.external_id),
        name: value(&patch.name),
        phone: value(&patch.phone),
        company: value(&patch.company),
        avatar_url: value(&patch.avatar_url),
        time_zone: value(&patch.time_zone),
        city: value(&patch.city),
        region: value(&patch.region),
        country: value(&patch.country),
        ..ContactChanges::default()
    };
    extra(&mut values);
    Ok(repo::contacts::insert(db, organization_id, values, now).await?)
}

pub fn is_anonymous(contact: &Contact) -> bool {
    contact.email.is_none() && contact.external_id.is_none()
}
