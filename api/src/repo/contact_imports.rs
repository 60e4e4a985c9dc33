//! Contact CSV imports: stored with their file, claimed by workers under an expiring lease,
//! and advanced one committed batch at a time.
use crate::domain::contact_import::{ContactImport, ImportCounts, ImportStatus, ResolvedColumn, RowError};
use crate::repo::claiming::Claiming;
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use entity::contact_import::{self, Column};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// An import's row without its file (which can be 50 MiB: progress polls never read it).
#[derive(Debug, FromQueryResult)]
pub struct ImportRow {
    pub id: i64,
    pub organization_id: i64,
    pub status: String,
    pub created_by_user_id: Option<i64>,
    pub file_name: String,
    pub mapping: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub failed_count: i64,
    pub errors: String,
    pub errors_dropped: i64,
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

const SUMMARY: [Column; 18] = [
    Column::Id,
    Column::OrganizationId,
    Column::Status,
    Column::CreatedByUserId,
    Column::FileName,
    Column::Mapping,
    Column::TotalRows,
    Column::ProcessedRows,
    Column::CreatedCount,
    Column::UpdatedCount,
    Column::UnchangedCount,
    Column::FailedCount,
    Column::Errors,
    Column::ErrorsDropped,
    Column::Failure,
    Column::CreatedAt,
    Column::StartedAt,
    Column::FinishedAt,
];

pub struct NewImport<'a> {
    pub organization_id: i64,
    pub created_by_user_id: i64,
    pub file_name: &'a str,
    pub content: &'a str,
    pub columns: &'a [ResolvedColumn],
    pub total_rows: i64,
    pub at: DateTime<Utc>,
}

fn json_err(err: serde_json::Error) -> DbErr {
    DbErr::Json(err.to_string())
}

pub async fn insert(db: &impl ConnectionTrait, new: NewImport<'_>) -> Result<ContactImport, DbErr> {
    let row = contact_import::ActiveModel {
        organization_id: Set(new.organization_id),
        status: Set(ImportStatus::Queued.as_str().to_owned()),
        created_by_user_id: Set(Some(new.created_by_user_id)),
        file_name: Set(new.file_name.to_owned()),
        content: Set(new.content.to_owned()),
        mapping: Set(serde_json::to_string(new.columns).map_err(json_err)?),
        total_rows: Set(new.total_rows),
        processed_rows: Set(0),
        created_count: Set(0),
        updated_count: Set(0),
        unchanged_count: Set(0),
        failed_count: Set(0),
        errors: Set("[]".to_owned()),
        errors_dropped: Set(0),
        failure: Set(None),
        claimed_until: Set(None),
        claim_token: Set(None),
        created_at: Set(new.at),
        started_at: Set(None),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    find(db, row.organization_id, row.id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the import just inserted".into()))
}

fn summary() -> sea_orm::Select<contact_import::Entity> {
    contact_import::Entity::find().select_only().columns(SUMMARY)
}

pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: i64,
) -> Result<Option<ContactImport>, DbErr> {
    let row = summary()
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::Id.eq(id))
        .into_model::<ImportRow>()
        .one(db)
        .await?;
    crate::repo::records::one(row)
}

/// Newest first, after the id `before` (the previous page's last).
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<ContactImport>, DbErr> {
    let mut query = summary()
        .filter(Column::OrganizationId.eq(organization_id))
        .order_by_desc(Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        query = query.filter(Column::Id.lt(before));
    }
    crate::repo::records::all(query.into_model::<ImportRow>().all(db).await?)
}

/// A claimed import with its file.
pub struct Claimed {
    pub import: ContactImport,
    pub content: String,
}

/// Leases the oldest queued import (or a running one whose worker's lease ran out) to
/// `token` until `lease_until`, passing over one another worker is claiming
/// ([`Dialect::skip_locked`]). Across organizations: running imports is infrastructure.
pub async fn claim(
    db: &impl ConnectionTrait,
    claiming: Claiming,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<Claimed>, DbErr> {
    let dialect = Dialect::of(db);
    let due = "status = 'queued' OR (status = 'running' AND (claimed_until IS NULL OR claimed_until < $3))";
    let claimed = match claiming {
        Claiming::InOneStatement => {
            let lock = dialect.skip_locked();
            let sql = format!(
                "UPDATE contact_imports SET status = 'running', claim_token = $1, claimed_until = $2, \
                 started_at = COALESCE(started_at, $3) WHERE id IN \
                 (SELECT id FROM contact_imports WHERE {due} ORDER BY id LIMIT 1{lock}) \
                 RETURNING id, organization_id"
            );
            db.query_one_raw(dialect.statement(&sql, vec![token.into(), lease_until.into(), now.into()]))
                .await?
        }
        // Citus: the oldest due import read without a lock (the named multi-shard scan), then
        // leased on its own shard if it is still due.
        Claiming::PerOrganization => {
            let oldest = db
                .query_one_raw(dialect.statement(
                    &format!(
                        "SELECT organization_id, id FROM contact_imports WHERE {} ORDER BY id LIMIT 1",
                        due.replace("$3", "$1")
                    ),
                    vec![now.into()],
                ))
                .await?;
            let Some(oldest) = oldest else {
                return Ok(None);
            };
            let (organization_id, id): (i64, i64) =
                (oldest.try_get("", "organization_id")?, oldest.try_get("", "id")?);
            let sql = format!(
                "UPDATE contact_imports SET status = 'running', claim_token = $1, claimed_until = $2, \
                 started_at = COALESCE(started_at, $3) WHERE organization_id = $4 AND id = $5 AND ({due}) \
                 RETURNING id, organization_id"
            );
            db.query_one_raw(dialect.statement(
                &sql,
                vec![
                    token.into(),
                    lease_until.into(),
                    now.into(),
                    organization_id.into(),
                    id.into(),
                ],
            ))
            .await?
        }
    };
    let Some(claimed) = claimed else {
        return Ok(None);
    };
    let (id, organization_id): (i64, i64) = (
        claimed.try_get("", "id")?,
        claimed.try_get("", "organization_id")?,
    );
    let content: Option<String> = contact_import::Entity::find()
        .select_only()
        .column(Column::Content)
        .filter(Column::OrganizationId.eq(organization_id))
        .filter(Column::Id.eq(id))
        .into_tuple()
        .one(db)
        .await?;
    let import = find(db, organization_id, id).await?;
    Ok(import
        .zip(content)
        .map(|(import, content)| Claimed { import, content }))
}

/// Extends the lease, only while `token` holds it. On PostgreSQL the row stays locked until
/// the caller's transaction ends, so no other worker can take the lease over mid-batch.
pub async fn renew(
    db: &impl ConnectionTrait,
    import: &ContactImport,
    token: &str,
    lease_until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE contact_imports SET claimed_until = $1 WHERE organization_id = $2 AND id = $3 \
             AND claim_token = $4 AND status = 'running'",
            vec![
                lease_until.into(),
                import.organization_id.into(),
                import.id.into(),
                token.into(),
            ],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Records a batch's progress, only if `token` still holds the lease and nobody recorded
/// past `from_processed` meanwhile: a batch is counted once, whoever ran it.
pub async fn record_progress(
    db: &impl ConnectionTrait,
    import: &ContactImport,
    token: &str,
    from_processed: i64,
    counts: &ImportCounts,
    errors: &[RowError],
    errors_dropped: i64,
) -> Result<bool, DbErr> {
    let errors = serde_json::to_string(errors).map_err(json_err)?;
    let result = contact_import::Entity::update_many()
        .col_expr(Column::ProcessedRows, Expr::value(counts.processed))
        .col_expr(Column::CreatedCount, Expr::value(counts.created))
        .col_expr(Column::UpdatedCount, Expr::value(counts.updated))
        .col_expr(Column::UnchangedCount, Expr::value(counts.unchanged))
        .col_expr(Column::FailedCount, Expr::value(counts.failed))
        .col_expr(Column::Errors, Expr::value(errors))
        .col_expr(Column::ErrorsDropped, Expr::value(errors_dropped))
        .filter(Column::OrganizationId.eq(import.organization_id))
        .filter(Column::Id.eq(import.id))
        .filter(Column::ClaimToken.eq(token))
        .filter(Column::ProcessedRows.eq(from_processed))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Ends the run (`done` or `failed`) and gives up the lease, if `token` still holds it. The
/// uploaded file is emptied: it is only needed to run, and kept it would outlive the erasure
/// of every contact it names.
pub async fn finish(
    db: &impl ConnectionTrait,
    import: &ContactImport,
    token: &str,
    status: ImportStatus,
    failure: Option<String>,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = contact_import::Entity::update_many()
        .col_expr(Column::Status, Expr::value(status.as_str()))
        .col_expr(Column::Failure, Expr::value(failure))
        .col_expr(Column::FinishedAt, Expr::value(Some(at)))
        .col_expr(Column::Content, Expr::value(""))
        .col_expr(Column::ClaimToken, Expr::value(Option::<String>::None))
        .col_expr(Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(Column::OrganizationId.eq(import.organization_id))
        .filter(Column::Id.eq(import.id))
        .filter(Column::ClaimToken.eq(token))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
