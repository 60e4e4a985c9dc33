//! The change feed: appended by writers, read by the live stream.
use crate::domain::change::ChangeKind;
use crate::domain::visibility::AppVisibility;
use chrono::{DateTime, Utc};
use entity::change_event;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// `app_id` names the app a change belongs to (a conversation's, an event's, one app's custom
/// data), so the stream tells agents only of apps they operate; `None` for what every agent
/// of the organization may read (a contact's profile, presence and tags, the tag library).
pub async fn record(
    db: &impl ConnectionTrait,
    organization_id: i64,
    kind: ChangeKind,
    contact_id: Option<i64>,
    conversation_id: Option<Uuid>,
    app_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    change_event::ActiveModel {
        organization_id: Set(organization_id),
        kind: Set(kind.as_str().to_owned()),
        contact_id: Set(contact_id),
        conversation_id: Set(conversation_id),
        app_id: Set(app_id),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Entries after `after_id` that belong to the organization or to an app in `visibility`,
/// oldest first.
pub async fn since(
    db: &impl ConnectionTrait,
    organization_id: i64,
    visibility: &AppVisibility,
    after_id: i64,
    limit: u64,
) -> Result<Vec<change_event::Model>, DbErr> {
    let mut query = change_event::Entity::find()
        .filter(change_event::Column::OrganizationId.eq(organization_id))
        .filter(change_event::Column::Id.gt(after_id));
    if let AppVisibility::Only(ids) = visibility {
        query = query.filter(
            Condition::any()
                .add(change_event::Column::AppId.is_null())
                .add(change_event::Column::AppId.is_in(ids.clone())),
        );
    }
    query
        .order_by_asc(change_event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Where a new subscriber starts: the newest entry now.
pub async fn latest_id(db: &impl ConnectionTrait, organization_id: i64) -> Result<i64, DbErr> {
    let latest: Option<Option<i64>> = change_event::Entity::find()
        .select_only()
        .column_as(change_event::Column::Id.max(), "latest")
        .filter(change_event::Column::OrganizationId.eq(organization_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(latest.flatten().unwrap_or(0))
}

/// Entries older than the horizon serve no subscriber; pruned by a background task.
pub async fn prune_before(db: &impl ConnectionTrait, horizon: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = change_event::Entity::delete_many()
        .filter(change_event::Column::CreatedAt.lt(horizon))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
