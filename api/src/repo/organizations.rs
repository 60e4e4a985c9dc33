//! Organizations.
use crate::domain::account::Organization;
use entity::organization;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Organization>, DbErr> {
    Ok(organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Organization::from))
}
