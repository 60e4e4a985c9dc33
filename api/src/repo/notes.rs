//! Contact notes: the newest-first keyset list (also read in the sidebar's batch), and writes.
//! The author's name is joined from `users` on every read, so a renamed author shows their
//! current name and a removed one shows none.
use crate::domain::ids::{ContactId, NoteId};
use crate::domain::note::Note;
use crate::repo::dialect::Dialect;
use chrono::{DateTime, Utc};
use entity::contact_note;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, FromQueryResult, Set, Statement, Value};

/// A note with its author's name, as the list, the sidebar and a single read return it.
#[derive(Debug, Clone, FromQueryResult, serde::Deserialize)]
pub struct NoteRow {
    pub id: i64,
    pub contact_id: i64,
    pub author_user_id: Option<i64>,
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT n.id, n.contact_id, n.author_user_id, u.name AS author_name, n.body, \
    n.created_at, n.updated_at FROM contact_notes n \
    LEFT JOIN users u ON u.organization_id = n.organization_id AND u.id = n.author_user_id \
    WHERE n.organization_id = $1 AND n.contact_id = $2";

/// Up to `rows` of the contact's notes, newest first by (created_at, id); `after` is the last
/// row of the previous page. The order is the index's (`contact_notes_contact_newest`), and
/// the row-value comparison is an index condition, so a deep page costs what the first does.
pub fn page_statement(
    backend: DbBackend,
    organization_id: i64,
    contact_id: ContactId,
    after: Option<(DateTime<Utc>, i64)>,
    rows: u64,
) -> Statement {
    let mut values: Vec<Value> = vec![organization_id.into(), contact_id.0.into()];
    let mut sql = SELECT.to_owned();
    if let Some((at, id)) = after {
        sql.push_str(" AND (n.created_at, n.id) < ($3, $4)");
        values.push(at.into());
        values.push(id.into());
    }
    sql.push_str(&format!(
        " ORDER BY n.created_at DESC, n.id DESC LIMIT ${}",
        values.len() + 1
    ));
    values.push((rows as i64).into());
    Dialect::from_backend(backend).statement(&sql, values)
}

pub async fn page(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    after: Option<(DateTime<Utc>, i64)>,
    rows: u64,
) -> Result<Vec<Note>, DbErr> {
    let statement = page_statement(
        Dialect::of(db).backend(),
        organization_id,
        contact_id,
        after,
        rows,
    );
    Ok(NoteRow::find_by_statement(statement)
        .all(db)
        .await?
        .into_iter()
        .map(Note::from)
        .collect())
}

/// The note, only if it is one of this contact's in this organization.
pub async fn find(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    id: NoteId,
) -> Result<Option<Note>, DbErr> {
    let sql = format!("{SELECT} AND n.id = $3");
    let statement = Dialect::of(db).statement(
        &sql,
        vec![organization_id.into(), contact_id.0.into(), id.0.into()],
    );
    Ok(NoteRow::find_by_statement(statement)
        .one(db)
        .await?
        .map(Note::from))
}

pub async fn insert(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    author_user_id: Option<i64>,
    body: &str,
    at: DateTime<Utc>,
) -> Result<NoteId, DbErr> {
    let created = contact_note::ActiveModel {
        organization_id: Set(organization_id),
        contact_id: Set(contact_id.0),
        author_user_id: Set(author_user_id),
        body: Set(body.to_owned()),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(NoteId(created.id))
}

pub async fn update_body(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    id: NoteId,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let sql = "UPDATE contact_notes SET body = $4, updated_at = $5 \
        WHERE organization_id = $1 AND contact_id = $2 AND id = $3";
    let values = vec![
        organization_id.into(),
        contact_id.0.into(),
        id.0.into(),
        body.into(),
        at.into(),
    ];
    db.execute_raw(Dialect::of(db).statement(sql, values)).await?;
    Ok(())
}

pub async fn delete(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    id: NoteId,
) -> Result<(), DbErr> {
    let sql = "DELETE FROM contact_notes WHERE organization_id = $1 AND contact_id = $2 AND id = $3";
    let values = vec![organization_id.into(), contact_id.0.into(), id.0.into()];
    db.execute_raw(Dialect::of(db).statement(sql, values)).await?;
    Ok(())
}
