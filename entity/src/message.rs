//! A message of a conversation: incoming, outgoing, note or activity.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub conversation_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub message_type: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub author_user_id: Option<i64>,
    pub author_contact_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
