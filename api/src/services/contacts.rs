//! Reading contacts for agents.
use crate::domain::contact::Contact;
use crate::domain::contact_order::{ContactPosition, ContactSort};
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::repo;
use crate::repo::contacts::ContactFilter;
use crate::services::error::ServiceError;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The contact, or the 404 of [`not_found`]. Every `/contacts/{id}/...` lookup goes through
/// here (or `not_found`), so a merged-away id answers alike everywhere.
pub async fn get(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> Result<Contact, ServiceError> {
    match repo::contacts::find(db, organization_id, id).await? {
        Some(contact) => Ok(contact),
        None => Err(not_found(db, organization_id, id).await),
    }
}

/// "Contact not found" for an id that names no contact; when a merge took it away, with
/// `details.merged_into`, the contact that lives on now (SPEC §5), so links and integrators
/// can follow it.
pub async fn not_found(db: &impl ConnectionTrait, organization_id: i64, id: i64) -> ServiceError {
    match repo::contact_merges::survivor_of(db, organization_id, id).await {
        Ok(Some(survivor)) => ServiceError::not_found("Contact")
            .with_detail("merged_into", survivor)
            .with_message(format!("Contact {id} was merged into contact {survivor}")),
        Ok(None) => ServiceError::not_found("Contact"),
        Err(err) => err.into(),
    }
}

/// The list in the asked order (`last_seen` unless told); a cursor only continues the order
/// it was made in.
pub async fn list(
    db: &DatabaseConnection,
    organization_id: i64,
    search: &ContactSearch<'_>,
    page: &PageParams,
) -> Result<Page<Contact>, ServiceError> {
    let limit = page.limit()?;
    let criteria = ContactCriteria::parse(search)?;
    let sort = criteria.sort;
    let after = page
        .cursor
        .as_deref()
        .map(cursor::decode::<ContactPosition>)
        .transpose()?;
    if after.as_ref().is_some_and(|position| position.sort() != sort) {
        return Err(ServiceError::invalid_field(
            "cursor",
            "was made for another sort order",
        ));
    }
    let rows = repo::contacts::list(db, organization_id, &criteria.filter(after.as_ref(), limit)).await?;
    Ok(Page::from_overfetched(rows, limit, |row| cursor::encode(&row.position)).map(|row| row.contact))
}

/// The list's search, tag filter and order as checked once, owned so that a long export can
/// walk page after page with the very filter the list applies.
#[derive(Clone, Debug)]
pub struct ContactCriteria {
    pub query: Option<String>,
    /// Normalized as tag names are stored (lower-case); an unknown tag matches nothing.
    pub tag: Option<String>,
    pub sort: ContactSort,
}

impl ContactCriteria {
    pub fn parse(search: &ContactSearch<'_>) -> Result<ContactCriteria, ServiceError> {
        let sort = match search.sort {
            None => ContactSort::default(),
            Some(value) => ContactSort::parse(value).ok_or_else(|| {
                ServiceError::invalid_field("sort", "must be one of last_seen, name, created")
            })?,
        };
        let query = search.query.map(str::trim).filter(|q| !q.is_empty());
        if query.is_some_and(|q| q.chars().count() > 200) {
            return Err(ServiceError::invalid_field("q", "must be at most 200 characters"));
        }
        let tag = search
            .tag
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty());
        Ok(ContactCriteria {
            query: query.map(str::to_owned),
            tag,
            sort,
        })
    }

    /// The repo filter for the page after `after`, `limit` rows (and one more, to tell
    /// whether more follow).
    pub fn filter<'a>(&'a self, after: Option<&'a ContactPosition>, limit: u64) -> ContactFilter<'a> {
        ContactFilter {
            query: self.query.as_deref(),
            tag: self.tag.as_deref(),
            sort: self.sort,
            after,
            limit,
        }
    }
}

/// What the contacts list was asked for, as the query string gave it.
pub struct ContactSearch<'a> {
    pub query: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub sort: Option<&'a str>,
}
