//! One app revenue transaction synced from the Partner API (subscription, usage or one-time
//! sale, adjustment, credit), kept as long as its merchant so none is ever counted twice.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "shopify_transactions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: i64,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub transaction_id: String,
    pub merchant_id: i64,
    #[sea_orm(column_type = "Text")]
    pub transaction_type: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub charge_id: Option<String>,
    pub net_minor: i64,
    #[sea_orm(column_type = "Text")]
    pub currency: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
