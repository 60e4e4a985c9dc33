//! The organization's Shopify Partner connection; the token is stored encrypted.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "shopify_integrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: i64,
    #[sea_orm(column_type = "Text")]
    pub partner_organization_id: String,
    #[sea_orm(column_type = "Text")]
    pub token_ciphertext: String,
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub last_synced_at: Option<DateTimeUtc>,
    pub next_sync_at: Option<DateTimeUtc>,
    pub consecutive_failures: i32,
    pub retries_exhausted: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The Partner API version the last sync used.
    #[sea_orm(column_type = "Text", nullable)]
    pub api_version: Option<String>,
    /// What Shopify's version list says of that version, when it is not plainly supported.
    #[sea_orm(column_type = "Text", nullable)]
    pub api_version_warning: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
