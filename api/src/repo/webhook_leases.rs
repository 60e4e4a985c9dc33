//! The senders' side of the webhook outbox: leasing due deliveries (across organizations, a
//! named background scan), renewing and giving back leases, and recording each attempt with
//! the delivery's next state while the lease holds.
use crate::domain::webhook::records::Delivery;
use crate::repo::claiming::{self, Claiming};
use crate::repo::dialect::Dialect;
use crate::repo::webhook_deliveries::with_messages;
use chrono::{DateTime, Utc};
use entity::{webhook_attempt, webhook_delivery};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set, SqliteTransactionMode, TransactionOptions, TransactionSession, TransactionTrait,
};

/// Leases up to `batch` due deliveries of enabled endpoints to `token` until `lease_until`,
/// passing over rows another worker is claiming. Across organizations: a named background scan.
pub async fn claim(
    db: &(impl TransactionTrait + ConnectionTrait),
    claiming: Claiming,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: u64,
    skip_endpoints: &[i64],
) -> Result<Vec<Delivery>, DbErr> {
    if claiming == Claiming::PerOrganization {
        return claim_per_organization(db, token, now, lease_until, batch, skip_endpoints).await;
    }
    let dialect = Dialect::of(db);
    // Endpoints whose slots this worker has all in use: their rows stay for later.
    let skip: String = (0..skip_endpoints.len())
        .map(|i| format!(" AND d.endpoint_id <> ${}", i + 6))
        .collect();
    // Only the deliveries: the endpoints' rows stay free for the senders marking them.
    let lock = dialect.skip_locked_of("d");
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_until = $1, claim_token = $2 WHERE id IN \
         (SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e \
            ON e.organization_id = d.organization_id AND e.id = d.endpoint_id \
          WHERE d.status = 'pending' AND d.next_attempt_at <= $3 AND e.enabled = $5 \
          AND (d.claimed_until IS NULL OR d.claimed_until < $3){skip} ORDER BY d.next_attempt_at, d.id LIMIT $4{lock}) \
         RETURNING *"
    );
    let txn = begin_write(db).await?;
    relax_commit(&txn).await?;
    let mut values: Vec<sea_orm::Value> = vec![
        lease_until.into(),
        token.into(),
        now.into(),
        (batch as i64).into(),
        true.into(),
    ];
    values.extend(skip_endpoints.iter().map(|id| sea_orm::Value::from(*id)));
    let claimed = webhook_delivery::Model::find_by_statement(dialect.statement(&sql, values))
        .all(&txn)
        .await?;
    txn.commit().await?;
    with_messages(db, claimed).await
}

/// [`claim`] on Citus ([`Claiming::PerOrganization`]): the due rows of every organization
/// read without locks (the named multi-shard scan), then leased one organization at a time,
/// each `UPDATE` re-checking the lease so a row another sender took meanwhile is left alone.
async fn claim_per_organization(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: u64,
    skip_endpoints: &[i64],
) -> Result<Vec<Delivery>, DbErr> {
    let dialect = Dialect::of(db);
    let skip: String = (0..skip_endpoints.len())
        .map(|i| format!(" AND d.endpoint_id <> ${}", i + 4))
        .collect();
    let due = format!(
        "SELECT d.organization_id, d.id FROM webhook_deliveries d JOIN webhook_endpoints e \
           ON e.organization_id = d.organization_id AND e.id = d.endpoint_id \
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND e.enabled = $3 \
         AND (d.claimed_until IS NULL OR d.claimed_until < $1){skip} ORDER BY d.next_attempt_at, d.id LIMIT $2"
    );
    let mut values: Vec<sea_orm::Value> = vec![now.into(), (batch as i64).into(), true.into()];
    values.extend(skip_endpoints.iter().map(|id| sea_orm::Value::from(*id)));
    let rows = db.query_all_raw(dialect.statement(&due, values)).await?;
    let claimed: Vec<webhook_delivery::Model> =
        claiming::lease_by_organization(db, rows, lease_until, token, now, |ids| {
            format!(
                "UPDATE webhook_deliveries SET claimed_until = $1, claim_token = $2 \
                 WHERE organization_id = $3 AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $4) \
                 AND id IN ({ids}) RETURNING *"
            )
        })
        .await?;
    with_messages(db, claimed).await
}

/// What became of one try.
pub enum Outcome {
    Succeeded,
    Retry { at: DateTime<Utc> },
    Failed,
}

pub struct Tried<'a> {
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub duration_ms: i64,
    pub error: Option<&'a str>,
    pub response_body: Option<&'a str>,
}

/// Records the attempt and the delivery's new state together (one transaction: the log never
/// shows a delivery settled without its attempt), only while `token` still holds the lease
/// (a worker whose lease ran out records nothing: the one that took over will). Returns
/// whether it was recorded.
pub async fn finish(
    db: &impl TransactionTrait,
    delivery: &Delivery,
    token: &str,
    tried: Tried<'_>,
    outcome: Outcome,
) -> Result<bool, DbErr> {
    let txn = begin_write(db).await?;
    relax_commit(&txn).await?;
    let recorded = record(&txn, delivery, token, tried, outcome).await?;
    txn.commit().await?;
    Ok(recorded)
}

/// Writes at once: on SQLite a read lock upgraded later could fail with the busy error.
async fn begin_write<D: TransactionTrait>(db: &D) -> Result<D::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}

/// The senders' own writes may be lost in a crash: they are redone (see
/// [`Dialect::relaxed_commit`]).
async fn relax_commit(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if let Some(sql) = Dialect::of(txn).relaxed_commit() {
        txn.execute_unprepared(sql).await?;
    }
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    delivery: &Delivery,
    token: &str,
    tried: Tried<'_>,
    outcome: Outcome,
) -> Result<bool, DbErr> {
    let (status, next, finished) = match outcome {
        Outcome::Succeeded => ("succeeded", None, Some(tried.attempted_at)),
        Outcome::Retry { at } => ("pending", Some(at), None),
        Outcome::Failed => ("failed", None, Some(tried.attempted_at)),
    };
    let status_code = tried.status_code.map(i64::from);
    let updated = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, finished_at = $5, \
             attempts = attempts + 1, last_status_code = $6, last_error = $7, claimed_until = NULL, \
             claim_token = NULL WHERE organization_id = $8 AND id = $1 AND claim_token = $2",
            vec![
                delivery.id.into(),
                token.into(),
                status.into(),
                next.into(),
                finished.into(),
                status_code.into(),
                tried.error.map(str::to_owned).into(),
                delivery.organization_id.into(),
            ],
        ))
        .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    webhook_attempt::ActiveModel {
        organization_id: Set(delivery.organization_id),
        delivery_id: Set(delivery.id),
        endpoint_id: Set(delivery.endpoint_id),
        attempted_at: Set(tried.attempted_at),
        status_code: Set(status_code),
        duration_ms: Set(tried.duration_ms),
        error: Set(tried.error.map(str::to_owned)),
        response_body: Set(tried.response_body.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// When the delivery was first tried, if it was.
pub async fn first_attempt_at(
    db: &impl ConnectionTrait,
    organization_id: i64,
    delivery_id: i64,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::OrganizationId.eq(organization_id))
        .filter(webhook_attempt::Column::DeliveryId.eq(delivery_id))
        .order_by_asc(webhook_attempt::Column::Id)
        .one(db)
        .await
        .map(|first| first.map(|attempt| attempt.attempted_at))
}

/// Gives back every lease a stopping worker holds.
pub async fn release(db: &impl ConnectionTrait, token: &str) -> Result<u64, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL \
             WHERE claim_token = $1 AND status = 'pending'",
            vec![token.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// Keeps `token`'s leases on these deliveries (sends still on the wire) until `until`.
pub async fn renew(
    db: &impl ConnectionTrait,
    token: &str,
    ids: &[i64],
    until: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_until = $1 WHERE claim_token = $2 AND id IN ({})",
        id_placeholders(3, ids.len())
    );
    let mut values: Vec<sea_orm::Value> = vec![until.into(), token.into()];
    values.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
    Ok(db
        .execute_raw(Dialect::of(db).statement(&sql, values))
        .await?
        .rows_affected())
}

/// Gives back `token`'s leases on these deliveries, unsent.
pub async fn release_ids(db: &impl ConnectionTrait, token: &str, ids: &[i64]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_until = NULL, claim_token = NULL \
         WHERE claim_token = $1 AND id IN ({})",
        id_placeholders(2, ids.len())
    );
    let mut values: Vec<sea_orm::Value> = vec![token.into()];
    values.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
    Ok(db
        .execute_raw(Dialect::of(db).statement(&sql, values))
        .await?
        .rows_affected())
}

/// `$first, $first+1, …` for `count` ids bound after the statement's other parameters.
fn id_placeholders(first: usize, count: usize) -> String {
    claiming::placeholders(first, count)
}
