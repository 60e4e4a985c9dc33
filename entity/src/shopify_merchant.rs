//! A shop that installed one of the organization's Partner apps.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "shopify_merchants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    #[sea_orm(column_type = "Text")]
    pub partner_app_id: String,
    #[sea_orm(column_type = "Text")]
    pub shop_domain: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub plan_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub subscription_status: String,
    pub mrr_minor: i64,
    pub lifetime_value_minor: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub currency: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub billing_interval: Option<String>,
    pub last_charge_minor: i64,
    pub installed_at: Option<DateTimeUtc>,
    pub uninstalled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub uninstall_reason: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
