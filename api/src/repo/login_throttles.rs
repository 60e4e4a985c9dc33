//! Login throttle counters (`login_throttles`), a global table: sign-in is counted before any
//! organization is known, like the users email lookup. Each change is one statement, so API
//! processes sharing the database count every attempt exactly once.
use crate::domain::login_throttle::{Count, WINDOW};
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// Adds this attempt to `key`'s window (starting a new window if the old one ended) and
/// returns the count including it. Counting before the password is checked is what keeps
/// parallel guesses from all seeing room under the limit.
pub async fn reserve(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<Count, DbErr> {
    let sql = "INSERT INTO login_throttles (key, failures, window_started_at) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = CASE WHEN login_throttles.window_started_at <= $3 THEN 1 \
                         ELSE login_throttles.failures + 1 END, \
         window_started_at = CASE WHEN login_throttles.window_started_at <= $3 \
                                  THEN excluded.window_started_at \
                                  ELSE login_throttles.window_started_at END \
         RETURNING failures, window_started_at";
    let row = db
        .query_one_raw(Dialect::of(db).statement(sql, vec![key.into(), now.into(), (now - WINDOW).into()]))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the login throttle upsert returned no row".into()))?;
    Ok(Count {
        failures: row.try_get("", "failures")?,
        window_started_at: row.try_get("", "window_started_at")?,
    })
}

/// Takes back one reservation, only within the window it was made in: a window that has
/// since restarted holds other attempts, not this one.
pub async fn give_back(db: &impl ConnectionTrait, key: &str, reserved: &Count) -> Result<(), DbErr> {
    db.execute_raw(Dialect::of(db).statement(
        "UPDATE login_throttles SET failures = failures - 1 \
         WHERE key = $1 AND window_started_at = $2 AND failures > 0",
        vec![key.into(), reserved.window_started_at.into()],
    ))
    .await?;
    Ok(())
}

pub async fn forget(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    db.execute_raw(Dialect::of(db).statement("DELETE FROM login_throttles WHERE key = $1", vec![key.into()]))
        .await?;
    Ok(())
}

/// Deletes windows that ended before `now`; an ended window counts as empty anyway.
pub async fn prune_ended(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = db
        .execute_raw(Dialect::of(db).statement(
            "DELETE FROM login_throttles WHERE window_started_at <= $1",
            vec![(now - WINDOW).into()],
        ))
        .await?;
    Ok(result.rows_affected())
}
