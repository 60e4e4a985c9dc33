//! One webhook message: its `webhook-id`, topic and exact body, stored once however many
//! endpoints it goes to (each has a delivery).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// `msg_…`, sent as `webhook-id`.
    #[sea_orm(column_type = "Text")]
    pub message_id: String,
    #[sea_orm(column_type = "Text")]
    pub topic: String,
    /// The exact JSON body that is signed and sent.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    /// The contact it is about (erasing the contact deletes it).
    pub contact_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
