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
    /// The merchant's facts as JSON (`api::domain::shopify_ledger::Ledger`); the columns
    /// above are what it derives.
    #[sea_orm(column_type = "Text", nullable)]
    pub ledger: Option<String>,
    /// The current subscription charge, when there is one.
    #[sea_orm(column_type = "Text", nullable)]
    pub charge_id: Option<String>,
    /// The current charge is a development store's test charge.
    pub test_charge: bool,
    /// The store is closed or paused (`RELATIONSHIP_DEACTIVATED`, not yet reactivated).
    pub deactivated_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub uninstall_description: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub lifetime_value_currency: Option<String>,
    /// The MRR chart's steps as JSON, derived from the ledger on every sync like the columns
    /// above, so the sidebar reads the chart without the (much larger) ledger.
    #[sea_orm(column_type = "Text", nullable)]
    pub mrr_history: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
