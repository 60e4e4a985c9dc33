//! One try at sending a delivery: what the receiver answered and how long it took.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub delivery_id: i64,
    pub endpoint_id: i64,
    pub attempted_at: DateTimeUtc,
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    /// At most 1 KiB.
    #[sea_orm(column_type = "Text", nullable)]
    pub response_body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
