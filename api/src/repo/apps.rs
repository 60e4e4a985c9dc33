//! Apps and who operates them.
use crate::domain::visibility::AppVisibility;
use entity::{app, app_operator};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn operated_app_ids(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
) -> Result<Vec<i64>, DbErr> {
    app_operator::Entity::find()
        .select_only()
        .column(app_operator::Column::AppId)
        .filter(app_operator::Column::OrganizationId.eq(organization_id))
        .filter(app_operator::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await
}

pub async fn list_visible(
    db: &impl ConnectionTrait,
    organization_id: i64,
    visibility: &AppVisibility,
    after_id: Option<i64>,
    limit: u64,
) -> Result<Vec<app::Model>, DbErr> {
    let mut query = app::Entity::find()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .order_by_asc(app::Column::Id)
        .limit(limit + 1);
    if let Some(after) = after_id {
        query = query.filter(app::Column::Id.gt(after));
    }
    if let AppVisibility::Only(ids) = visibility {
        query = query.filter(app::Column::Id.is_in(ids.clone()));
    }
    query.all(db).await
}

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<app::Model>, DbErr> {
    app::Entity::find()
        .filter(app::Column::OrganizationId.eq(organization_id))
        .filter(app::Column::Id.eq(id))
        .one(db)
        .await
}
