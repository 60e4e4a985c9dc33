//! The tombstone of a manual merge: which contact went into which, by whom, when.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_merges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// The contact that went; its row is gone.
    pub merged_contact_id: i64,
    /// The contact that lives now (re-pointed when that one is merged again).
    pub into_contact_id: i64,
    pub merged_by_user_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub merged_contact_label: String,
    pub merged_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
