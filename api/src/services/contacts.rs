//! Reading contacts for agents.
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::error::ApiError;
use crate::repo;
use crate::repo::contacts::ContactFilter;
use entity::contact;
use sea_orm::DatabaseConnection;

pub async fn get(db: &DatabaseConnection, organization_id: i64, id: i64) -> Result<contact::Model, ApiError> {
    repo::contacts::find(db, organization_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Contact"))
}

pub async fn list(
    db: &DatabaseConnection,
    organization_id: i64,
    query: Option<&str>,
    tag: Option<&str>,
    page: &PageParams,
) -> Result<Page<contact::Model>, ApiError> {
    let limit = page.limit()?;
    let before_id = page.cursor.as_deref().map(cursor::decode::<i64>).transpose()?;
    let query = query.map(str::trim).filter(|q| !q.is_empty());
    if query.is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::invalid_field("q", "must be at most 200 characters"));
    }
    let tag = tag.map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    let filter = ContactFilter {
        query,
        tag: tag.as_deref(),
        before_id,
        limit,
    };
    let rows = repo::contacts::list(db, organization_id, &filter).await?;
    Ok(Page::from_overfetched(rows, limit, |c| cursor::encode(&c.id)))
}
