//! The email outbox: enqueued with the reply, claimed by workers with an expiring lease.
use crate::repo::claiming::{self, Claiming};
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use entity::outbox_email;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

pub struct NewEmail<'a> {
    pub organization_id: i64,
    pub conversation_id: Uuid,
    pub message_id: i64,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub message_id_header: String,
    pub at: DateTime<Utc>,
}

pub async fn enqueue(db: &impl ConnectionTrait, email: NewEmail<'_>) -> Result<(), DbErr> {
    outbox_email::ActiveModel {
        organization_id: Set(email.organization_id),
        conversation_id: Set(email.conversation_id),
        message_id: Set(email.message_id),
        recipient: Set(email.recipient.to_owned()),
        subject: Set(email.subject.to_owned()),
        body: Set(email.body.to_owned()),
        message_id_header: Set(email.message_id_header),
        status: Set(crate::domain::conversation::DeliveryStatus::Queued
            .as_str()
            .into()),
        attempts: Set(0),
        next_attempt_at: Set(email.at),
        claimed_until: Set(None),
        claim_token: Set(None),
        last_error: Set(None),
        created_at: Set(email.at),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Leases up to `batch` due emails to `token` until `lease_until`, passing over rows another
/// worker is claiming ([`Dialect::skip_locked`]). The queue is scanned across organizations:
/// delivery is infrastructure, not tenant reads.
pub async fn claim(
    db: &impl ConnectionTrait,
    claiming: Claiming,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: u64,
) -> Result<Vec<outbox_email::Model>, DbErr> {
    let dialect = Dialect::of(db);
    if claiming == Claiming::PerOrganization {
        return claim_per_organization(db, token, now, lease_until, batch).await;
    }
    let lock = dialect.skip_locked();
    let sql = format!(
        "UPDATE outbox_emails SET claimed_until = $1, claim_token = $2 WHERE id IN \
         (SELECT id FROM outbox_emails WHERE status = 'queued' AND next_attempt_at <= $3 \
          AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4{lock}) \
         RETURNING *"
    );
    outbox_email::Model::find_by_statement(dialect.statement(
        &sql,
        vec![
            lease_until.into(),
            token.into(),
            now.into(),
            (batch as i64).into(),
        ],
    ))
    .all(db)
    .await
}

/// [`claim`] on Citus ([`Claiming::PerOrganization`]): due emails read without locks (the named
/// multi-shard scan), then leased per organization, each `UPDATE` re-checking the lease.
async fn claim_per_organization(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    batch: u64,
) -> Result<Vec<outbox_email::Model>, DbErr> {
    let dialect = Dialect::of(db);
    let rows = db
        .query_all_raw(dialect.statement(
            "SELECT organization_id, id FROM outbox_emails WHERE status = 'queued' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY id LIMIT $2",
            vec![now.into(), (batch as i64).into()],
        ))
        .await?;
    claiming::lease_by_organization(db, rows, lease_until, token, now, |ids| {
        format!(
            "UPDATE outbox_emails SET claimed_until = $1, claim_token = $2 WHERE organization_id = $3 \
             AND status = 'queued' AND (claimed_until IS NULL OR claimed_until < $4) AND id IN ({ids}) RETURNING *"
        )
    })
    .await
}

/// Records an outcome, only while the caller still holds the lease. By the email's
/// organization too, so on Citus it goes to that organization's shard alone.
pub async fn finish(
    db: &impl ConnectionTrait,
    email: &outbox_email::Model,
    token: &str,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let (sql, values): (&str, Vec<sea_orm::Value>) = match outcome {
        Outcome::Sent => (
            "UPDATE outbox_emails SET status = 'sent', sent_at = $3, attempts = attempts + 1, \
             claimed_until = NULL, claim_token = NULL, last_error = NULL \
             WHERE organization_id = $4 AND id = $1 AND claim_token = $2",
            vec![email.id.into(), token.into(), now.into(), email.organization_id.into()],
        ),
        Outcome::Retry { at, error } => (
            "UPDATE outbox_emails SET next_attempt_at = $3, attempts = attempts + 1, last_error = $4, \
             claimed_until = NULL, claim_token = NULL WHERE organization_id = $5 AND id = $1 AND claim_token = $2",
            vec![email.id.into(), token.into(), at.into(), error.into(), email.organization_id.into()],
        ),
        Outcome::Failed { error } => (
            "UPDATE outbox_emails SET status = 'failed', attempts = attempts + 1, last_error = $3, \
             claimed_until = NULL, claim_token = NULL WHERE organization_id = $4 AND id = $1 AND claim_token = $2",
            vec![email.id.into(), token.into(), error.into(), email.organization_id.into()],
        ),
    };
    let result = db.execute_raw(Dialect::of(db).statement(sql, values)).await?;
    Ok(result.rows_affected() > 0)
}

/// Gives back every lease a stopping worker holds, so another process sends at once.
pub async fn release(db: &impl ConnectionTrait, token: &str) -> Result<u64, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "UPDATE outbox_emails SET claimed_until = NULL, claim_token = NULL WHERE claim_token = $1 AND status = 'queued'",
            vec![token.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

pub enum Outcome {
    Sent,
    Retry { at: DateTime<Utc>, error: String },
    Failed { error: String },
}

/// The CC copies of these messages, for their delivery state.
pub async fn for_messages(
    db: &impl ConnectionTrait,
    organization_id: i64,
    message_ids: &[i64],
) -> Result<Vec<crate::domain::conversation::Delivery>, DbErr> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    crate::repo::records::all(
        outbox_email::Entity::find()
            .filter(outbox_email::Column::OrganizationId.eq(organization_id))
            .filter(outbox_email::Column::MessageId.is_in(message_ids.iter().copied()))
            .order_by_asc(outbox_email::Column::Id)
            .all(db)
            .await?,
    )
}
