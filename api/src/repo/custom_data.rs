//! Custom-data keys per (contact, app), one row each, written by per-key upserts so that two
//! writers of different keys never overwrite each other.
use crate::domain::custom_data::{CustomAttribute, CustomDataSource};
use crate::domain::ids::{AppId, ContactId};
use crate::repo::dialect::Dialect;
use crate::repo::records;
use chrono::{DateTime, Utc};
use entity::custom_attribute;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QueryTrait, Select,
    Statement,
};
use serde_json::Value;

pub struct KeyWrite<'a> {
    pub organization_id: i64,
    pub contact_id: i64,
    pub app_id: i64,
    pub key: &'a str,
    pub value: &'a Value,
    pub source: CustomDataSource,
    pub at: DateTime<Utc>,
}

/// A trusted write (`verified`) replaces a stored value and makes the key trusted; an
/// unverified one only writes a missing key.
pub async fn write_key(db: &impl ConnectionTrait, write: &KeyWrite<'_>, verified: bool) -> Result<(), DbErr> {
    let on_conflict = if verified {
        "DO UPDATE SET value = excluded.value, source = excluded.source, updated_at = excluded.updated_at, \
         verified = excluded.verified"
    } else {
        "DO NOTHING"
    };
    let sql = format!(
        "INSERT INTO custom_attributes (organization_id, contact_id, app_id, key, value, source, updated_at, verified) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (organization_id, contact_id, app_id, key) {on_conflict}"
    );
    db.execute_raw(Dialect::of(db).statement(
        &sql,
        vec![
            write.organization_id.into(),
            write.contact_id.into(),
            write.app_id.into(),
            write.key.into(),
            write.value.clone().into(),
            write.source.as_str().into(),
            write.at.into(),
            verified.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn delete_key(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
    key: &str,
) -> Result<(), DbErr> {
    custom_attribute::Entity::delete_many()
        .filter(custom_attribute::Column::OrganizationId.eq(organization_id))
        .filter(custom_attribute::Column::ContactId.eq(contact_id))
        .filter(custom_attribute::Column::AppId.eq(app_id))
        .filter(custom_attribute::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Every key of one app for one contact, by key name.
pub async fn for_app(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
) -> Result<Vec<CustomAttribute>, DbErr> {
    records::all(for_app_query(organization_id, contact_id, app_id).all(db).await?)
}

/// The statement [`for_app`] runs, for batching.
pub fn for_app_statement(
    backend: DbBackend,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
) -> Statement {
    for_app_query(organization_id, contact_id, app_id).build(backend)
}

fn for_app_query(
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
) -> Select<custom_attribute::Entity> {
    custom_attribute::Entity::find()
        .filter(custom_attribute::Column::OrganizationId.eq(organization_id))
        .filter(custom_attribute::Column::ContactId.eq(contact_id))
        .filter(custom_attribute::Column::AppId.eq(app_id))
        .order_by_asc(custom_attribute::Column::Key)
}

/// Every key of every app for one contact, by app then key.
pub async fn for_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<CustomAttribute>, DbErr> {
    records::all(
        custom_attribute::Entity::find()
            .filter(custom_attribute::Column::OrganizationId.eq(organization_id))
            .filter(custom_attribute::Column::ContactId.eq(contact_id))
            .order_by_asc(custom_attribute::Column::AppId)
            .order_by_asc(custom_attribute::Column::Key)
            .all(db)
            .await?,
    )
}

/// Keys of one app for one contact written by trusted (`verified`) or by unverified writers:
/// each kind has its own room (SPEC §3).
pub async fn count_for_app(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
    verified: bool,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    custom_attribute::Entity::find()
        .filter(custom_attribute::Column::OrganizationId.eq(organization_id))
        .filter(custom_attribute::Column::ContactId.eq(contact_id))
        .filter(custom_attribute::Column::AppId.eq(app_id))
        .filter(custom_attribute::Column::Verified.eq(verified))
        .count(db)
        .await
}

/// Every key of every app for these contacts, in one statement (an import batch's lookups,
/// an export chunk's cells), grouped by contact.
pub async fn for_contacts(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_ids: &[i64],
) -> Result<Vec<CustomAttribute>, DbErr> {
    if contact_ids.is_empty() {
        return Ok(Vec::new());
    }
    records::all(
        custom_attribute::Entity::find()
            .filter(custom_attribute::Column::OrganizationId.eq(organization_id))
            .filter(custom_attribute::Column::ContactId.is_in(contact_ids.iter().copied()))
            .order_by_asc(custom_attribute::Column::ContactId)
            .all(db)
            .await?,
    )
}
