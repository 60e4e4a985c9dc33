//! One entry of the organization's change feed, streamed to open SPAs.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "change_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub contact_id: Option<i64>,
    pub conversation_id: Option<Uuid>,
    /// The app the change belongs to; `None` for organization-wide changes (a contact's
    /// profile, presence or tags), which every agent may see.
    pub app_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
