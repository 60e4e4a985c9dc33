//! Organizations.
use entity::organization;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<organization::Model>, DbErr> {
    organization::Entity::find_by_id(id).one(db).await
}
