//! A merchant lifecycle event (install, uninstall, charge activated, frozen, ...).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "shopify_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub merchant_id: i64,
    #[sea_orm(column_type = "Text")]
    pub event_key: String,
    #[sea_orm(column_type = "Text")]
    pub event_type: String,
    pub occurred_at: DateTimeUtc,
    #[sea_orm(column_type = "JsonBinary")]
    pub details: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
