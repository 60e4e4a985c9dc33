//! An app's webhook endpoints: settings, sealed secrets and the state the sender keeps on
//! them (disabled with a reason, failing since).
use crate::domain::webhook::records::{Endpoint, EndpointEdit};
use chrono::{DateTime, Utc};
use entity::webhook_endpoint::{self, Column, Entity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

fn record(model: webhook_endpoint::Model) -> Endpoint {
    Endpoint {
        id: model.id,
        organization_id: model.organization_id,
        app_id: model.app_id,
        url: model.url,
        description: model.description,
        // Written only from validated topics; a name this build does not know is dropped.
        topics: serde_json::from_str::<Vec<String>>(&model.topics)
            .unwrap_or_default()
            .iter()
            .filter_map(|name| name.parse().ok())
            .collect(),
        enabled: model.enabled,
        disabled_reason: model.disabled_reason,
        sealed_secret: model.secret,
        sealed_previous_secret: model.previous_secret,
        previous_secret_expires_at: model.previous_secret_expires_at,
        failing_since: model.failing_since,
        created_at: model.created_at,
        updated_at: model.updated_at,
    }
}

pub fn topics_json(topics: &[crate::domain::webhook::topic::Topic]) -> String {
    serde_json::to_string(topics).expect("topics serialize")
}

#[derive(Clone)]
pub struct NewEndpoint<'a> {
    pub organization_id: i64,
    pub app_id: i64,
    pub url: &'a str,
    pub description: &'a str,
    pub topics: &'a [crate::domain::webhook::topic::Topic],
    pub enabled: bool,
    pub sealed_secret: String,
    pub at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewEndpoint<'_>) -> Result<Endpoint, DbErr> {
    webhook_endpoint::ActiveModel {
        organization_id: Set(new.organization_id),
        app_id: Set(new.app_id),
        url: Set(new.url.to_owned()),
        description: Set(new.description.to_owned()),
        topics: Set(topics_json(new.topics)),
        enabled: Set(new.enabled),
        disabled_reason: Set(None),
        secret: Set(new.sealed_secret),
        previous_secret: Set(None),
        previous_secret_expires_at: Set(None),
        failing_since: Set(None),
        created_at: Set(new.at),
        updated_at: Set(new.at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(record)
}

/// The endpoint if it belongs to this app of this organization.
pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    id: i64,
) -> Result<Option<Endpoint>, DbErr> {
    Entity::find()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::AppId.eq(app_id))
        .filter(Column::Id.eq(id))
        .one(db)
        .await
        .map(|found| found.map(record))
}

/// The app's endpoints oldest first, after the id `after` when given, at most `limit`.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    after: Option<i64>,
    limit: u64,
) -> Result<Vec<Endpoint>, DbErr> {
    let mut query = Entity::find()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::AppId.eq(app_id));
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    query
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
        .map(|rows| rows.into_iter().map(record).collect())
}

/// For the sender: the endpoint of a claimed delivery.
pub async fn find_in_organization(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<Endpoint>, DbErr> {
    Entity::find()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::Id.eq(id))
        .one(db)
        .await
        .map(|found| found.map(record))
}

/// Applies an edit to the endpoint of this app; `None` when there is none.
pub async fn update(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    id: i64,
    edit: EndpointEdit,
    now: DateTime<Utc>,
) -> Result<Option<Endpoint>, DbErr> {
    let Some(current) = Entity::find()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::AppId.eq(app_id))
        .filter(Column::Id.eq(id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let previous = current.secret.clone();
    let mut row = current.into_active_model();
    if let Some(url) = edit.url {
        row.url = Set(url);
    }
    if let Some(topics) = edit.topics {
        row.topics = Set(topics_json(&topics));
    }
    if let Some(description) = edit.description {
        row.description = Set(description);
    }
    if let Some(enabled) = edit.enabled {
        row.enabled = Set(enabled);
    }
    if edit.fresh_start {
        row.disabled_reason = Set(None);
        row.failing_since = Set(None);
    }
    if let Some((sealed, until)) = edit.rotate_to {
        row.previous_secret = Set(Some(previous));
        row.previous_secret_expires_at = Set(Some(until));
        row.secret = Set(sealed);
    }
    row.updated_at = Set(now);
    Ok(Some(record(row.update(db).await?)))
}

/// The endpoint with its delivery log (deliveries carry no foreign key to cascade from: see
/// the webhooks migration), in the caller's transaction.
pub async fn delete(
    db: &impl ConnectionTrait,
    organization_id: i64,
    app_id: i64,
    id: i64,
) -> Result<bool, DbErr> {
    let dialect = crate::repo::dialect::Dialect::of(db);
    let this_endpoint =
        "SELECT id FROM webhook_endpoints WHERE organization_id = $1 AND app_id = $2 AND id = $3";
    let statements = [
        format!("DELETE FROM webhook_attempts WHERE organization_id = $1 AND endpoint_id IN ({this_endpoint})"),
        // Messages that went to this endpoint only (a rare scan of the organization's log).
        format!(
            "DELETE FROM webhook_messages WHERE organization_id = $1 AND id IN \
             (SELECT message_pk FROM webhook_deliveries WHERE organization_id = $1 AND endpoint_id IN ({this_endpoint})) \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.organization_id = $1 \
               AND o.message_pk = webhook_messages.id AND o.endpoint_id NOT IN ({this_endpoint}))"
        ),
        format!("DELETE FROM webhook_deliveries WHERE organization_id = $1 AND endpoint_id IN ({this_endpoint})"),
    ];
    for sql in &statements {
        db.execute_raw(dialect.statement(sql, vec![organization_id.into(), app_id.into(), id.into()]))
            .await?;
    }
    let result = Entity::delete_many()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::AppId.eq(app_id))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// After a delivered message: the endpoint is healthy again.
pub async fn mark_healthy(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<(), DbErr> {
    db.execute_raw(crate::repo::dialect::Dialect::of(db).statement(
        "UPDATE webhook_endpoints SET failing_since = NULL WHERE organization_id = $1 AND id = $2 \
         AND failing_since IS NOT NULL",
        vec![organization_id.into(), id.into()],
    ))
    .await?;
    Ok(())
}

/// After a failed attempt: when the run of failures began (now, if this is its first).
pub async fn mark_failing(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let row = db
        .query_one_raw(crate::repo::dialect::Dialect::of(db).statement(
            "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $3) \
             WHERE organization_id = $1 AND id = $2 RETURNING failing_since",
            vec![organization_id.into(), id.into(), now.into()],
        ))
        .await?;
    row.map(|row| row.try_get::<Option<DateTime<Utc>>>("", "failing_since"))
        .transpose()
        .map(Option::flatten)
}

/// Stops sending to the endpoint, with the reason owners see.
pub async fn disable(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db.execute_raw(crate::repo::dialect::Dialect::of(db).statement(
        "UPDATE webhook_endpoints SET enabled = $3, disabled_reason = $4, updated_at = $5 \
         WHERE organization_id = $1 AND id = $2",
        vec![
            organization_id.into(),
            id.into(),
            false.into(),
            reason.into(),
            now.into(),
        ],
    ))
    .await?;
    Ok(())
}
