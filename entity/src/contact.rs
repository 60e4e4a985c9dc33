//! An organization-wide contact, however many apps know them.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub external_id: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub company: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set the avatar: agents' browsers must not load it.
    pub avatar_trusted: bool,
    #[sea_orm(column_type = "Text")]
    pub city: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub region: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub country: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub time_zone: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub shopify_domain: Option<String>,
    pub last_heartbeat_at: Option<DateTimeUtc>,
    pub heartbeat_visible: bool,
    pub last_activity_at: Option<DateTimeUtc>,
    pub last_seen_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
