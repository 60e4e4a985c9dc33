//! A browser visitor's widget session; only a hash of its token secret is stored.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "widget_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub app_id: i64,
    #[sea_orm(column_type = "Text")]
    pub token_hash: String,
    pub contact_id: Option<i64>,
    pub identity_verified: bool,
    pub last_heartbeat_at: Option<DateTimeUtc>,
    pub heartbeat_visible: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
