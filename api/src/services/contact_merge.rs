//! Manual merge (SPEC §5): an agent folds a duplicate (`from`) into the contact that survives
//! (`into`), choosing per field which value stays. One write transaction: both contacts are
//! locked in id order and re-read, so of two overlapping merges the second sees the first's
//! result (a merged-away contact answers 404 with `details.merged_into`) and no row moves
//! twice or is lost.
use crate::auth::AgentScope;
use crate::domain::change::ChangeKind;
use crate::domain::contact::Contact;
use crate::domain::contact_merge::{self, Choices, MergeRecord, CUSTOM_DATA_PREFIX};
use crate::domain::display::display_name;
use crate::repo;
use crate::services::contact_profile_view::{self, ProfileData};
use crate::services::contacts;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::BTreeMap;

/// How many merge lines a profile shows.
pub const HISTORY_LIMIT: u64 = 50;

pub struct MergeRequest {
    pub from_contact_id: i64,
    pub choices: Choices,
}

/// Merges `request.from_contact_id` into `into_id` and returns the survivor's profile as the
/// caller sees it, read in the same transaction: a merge that succeeded answers with its own
/// result even if another merge takes the survivor away right after.
pub async fn merge(
    db: &DatabaseConnection,
    scope: &AgentScope,
    into_id: i64,
    request: &MergeRequest,
    now: DateTime<Utc>,
) -> Result<ProfileData, ServiceError> {
    let from_id = request.from_contact_id;
    if from_id == into_id {
        return Err(ServiceError::invalid_field(
            "from_contact_id",
            "must be another contact than the one merged into",
        ));
    }
    let org = scope.organization_id;
    in_write_transaction!(db, |txn| {
        let (into, from) = lock_pair(&txn, org, into_id, from_id).await?;
        require_may_merge(&txn, scope, &into, &from).await?;
        if contact_merge::external_ids_conflict(&into, &from) {
            return Err(ServiceError::conflict(
                "external_id_conflict",
                format!(
                    "These contacts have different external ids ({} and {}): they are different people and cannot be merged",
                    into.external_id.as_deref().unwrap_or_default(),
                    from.external_id.as_deref().unwrap_or_default(),
                ),
            )
            .with_detail("into_external_id", into.external_id.clone())
            .with_detail("from_external_id", from.external_id.clone()));
        }
        let (into_data, from_data) = futures_util::try_join!(
            repo::custom_data::for_contact(&txn, org, into.id),
            repo::custom_data::for_contact(&txn, org, from.id),
        )?;
        let taken = contact_merge::custom_data_from_merged(&into_data, &from_data, &request.choices).map_err(
            |unknown| {
                ServiceError::validation(
                    unknown
                        .into_iter()
                        .map(|(app, key)| {
                            (
                                format!("choose.{CUSTOM_DATA_PREFIX}{app}:{key}"),
                                "neither contact has this custom-data key".to_owned(),
                            )
                        })
                        .collect::<BTreeMap<_, _>>(),
                )
            },
        )?;
        let changes = contact_merge::profile_changes(&into, &from, &request.choices);
        let label = display_name(from.id, from.name.as_deref(), from.email.as_deref());
        // The merged row keeps its unique email and external id until it is deleted last;
        // the survivor may be about to take them.
        repo::contact_merge::release_identity(&txn, org, from.id).await?;
        let survivor = repo::contacts::update(&txn, into, changes, now).await?;
        repo::contact_merge::take_custom_data(&txn, org, survivor.id, &taken).await?;
        repo::contact_merge::merge_into(&txn, org, from.id, survivor.id).await?;
        // Read again: the merge moved presence and the earlier creation time onto the survivor.
        let merged = repo::contacts::find(&txn, org, survivor.id).await?.unwrap_or_else(|| survivor.clone());
        webhook_outbox::contact_merged(&txn, &merged, from.id, now).await?;
        repo::contact_merges::insert(
            &txn,
            repo::contact_merges::NewMerge {
                organization_id: org,
                merged_contact_id: from.id,
                into_contact_id: survivor.id,
                merged_by_user_id: Some(scope.user_id),
                merged_contact_label: &label,
                merged_at: now,
            },
        )
        .await?;
        // The survivor's profile, timeline and conversations changed; a notice without a
        // contact (as for an erasure) makes every open view of the merged contact refetch
        // and find where it went.
        for (kind, contact) in [
            (ChangeKind::Contact, Some(survivor.id)),
            (ChangeKind::ContactTags, Some(survivor.id)),
            (ChangeKind::Events, Some(survivor.id)),
            (ChangeKind::Conversation, Some(survivor.id)),
            (ChangeKind::Contact, None),
        ] {
            repo::changes::record(&txn, org, kind, contact, None, None, now).await?;
        }
        contact_profile_view::load(&txn, org, &scope.apps, survivor.id).await
    })
    .await
}

/// Both contacts, locked in id order (so two merges of an overlapping pair never wait on
/// each other crosswise) and read after the lock: a contact merged away meanwhile is a 404
/// naming its survivor.
async fn lock_pair(
    db: &impl ConnectionTrait,
    org: i64,
    into_id: i64,
    from_id: i64,
) -> Result<(Contact, Contact), ServiceError> {
    let (first, second) = if into_id < from_id {
        (into_id, from_id)
    } else {
        (from_id, into_id)
    };
    let first_row = repo::contacts::find_locked(db, org, first).await?;
    let second_row = repo::contacts::find_locked(db, org, second).await?;
    let (into, from) = if first == into_id {
        (first_row, second_row)
    } else {
        (second_row, first_row)
    };
    let into = match into {
        Some(contact) => contact,
        None => return Err(contacts::not_found(db, org, into_id).await),
    };
    let from = match from {
        Some(contact) => contact,
        None => return Err(contacts::not_found(db, org, from_id).await),
    };
    Ok((into, from))
}

/// Owners and admins may merge any two contacts; an agent only contacts all of whose
/// conversations are in apps they operate (what they cannot read, they cannot move).
async fn require_may_merge(
    db: &impl ConnectionTrait,
    scope: &AgentScope,
    into: &Contact,
    from: &Contact,
) -> Result<(), ServiceError> {
    for contact in [into, from] {
        let hidden =
            repo::conversations::count_outside(db, scope.organization_id, contact.id, &scope.apps).await?;
        if hidden > 0 {
            return Err(ServiceError::forbidden(format!(
                "Contact {} has conversations in apps you do not operate; an owner or admin can merge it",
                contact.id
            ))
            .with_detail("contact_id", contact.id));
        }
    }
    Ok(())
}

/// The survivor's merge history for its profile, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<MergeRecord>, ServiceError> {
    Ok(repo::contact_merges::for_survivor(db, organization_id, contact_id, HISTORY_LIMIT).await?)
}
