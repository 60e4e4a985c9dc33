//! Merge tombstones (`contact_merges`): the survivor's merge history, and where a merged-away
//! id went. `contact_merge::merge_into` re-points older tombstones, so `survivor_of` is one
//! lookup however long the chain.
use crate::domain::contact_merge::MergeRecord;
use crate::repo::users;
use chrono::{DateTime, Utc};
use entity::contact_merge;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

pub struct NewMerge<'a> {
    pub organization_id: i64,
    pub merged_contact_id: i64,
    pub into_contact_id: i64,
    pub merged_by_user_id: Option<i64>,
    pub merged_contact_label: &'a str,
    pub merged_at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewMerge<'_>) -> Result<(), DbErr> {
    contact_merge::ActiveModel {
        organization_id: Set(new.organization_id),
        merged_contact_id: Set(new.merged_contact_id),
        into_contact_id: Set(new.into_contact_id),
        merged_by_user_id: Set(new.merged_by_user_id),
        merged_contact_label: Set(new.merged_contact_label.to_owned()),
        merged_at: Set(new.merged_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The contact a merged-away id lives on as now, if it was merged.
pub async fn survivor_of(
    db: &impl ConnectionTrait,
    organization_id: i64,
    merged_contact_id: i64,
) -> Result<Option<i64>, DbErr> {
    Ok(contact_merge::Entity::find()
        .filter(contact_merge::Column::OrganizationId.eq(organization_id))
        .filter(contact_merge::Column::MergedContactId.eq(merged_contact_id))
        .one(db)
        .await?
        .map(|m| m.into_contact_id))
}

/// The survivor's merges, newest first, with the merging agents' names.
pub async fn for_survivor(
    db: &impl ConnectionTrait,
    organization_id: i64,
    into_contact_id: i64,
    limit: u64,
) -> Result<Vec<MergeRecord>, DbErr> {
    let rows = contact_merge::Entity::find()
        .filter(contact_merge::Column::OrganizationId.eq(organization_id))
        .filter(contact_merge::Column::IntoContactId.eq(into_contact_id))
        .order_by_desc(contact_merge::Column::MergedAt)
        .order_by_desc(contact_merge::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let user_ids: Vec<i64> = rows.iter().filter_map(|r| r.merged_by_user_id).collect();
    let names = users::names(db, organization_id, &user_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| MergeRecord {
            merged_by_name: r.merged_by_user_id.and_then(|id| names.get(&id).cloned()),
            merged_contact_id: r.merged_contact_id,
            into_contact_id: r.into_contact_id,
            merged_contact_label: r.merged_contact_label,
            merged_by_user_id: r.merged_by_user_id,
            merged_at: r.merged_at,
        })
        .collect())
}
