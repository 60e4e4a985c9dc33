//! One contact CSV import: the uploaded file, its resolved mapping and the run's progress.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    /// `queued`, `running`, `done` or `failed`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub created_by_user_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub file_name: String,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// JSON: the resolved columns.
    #[sea_orm(column_type = "Text")]
    pub mapping: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub failed_count: i64,
    /// JSON: the kept per-row errors.
    #[sea_orm(column_type = "Text")]
    pub errors: String,
    pub errors_dropped: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub failure: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub claim_token: Option<String>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
