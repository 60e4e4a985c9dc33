//! Recording contact events, safely retried with an `Idempotency-Key`, and reading the
//! timeline.
use crate::domain::cursor;
use crate::domain::event::{ContactEvent, NewEvent};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::page::{Page, PageParams};
use crate::domain::secret::sha256_hex;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::repo::events::EventInsert;
use crate::repo::topology::Topology;
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::is_unique_violation;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;

pub enum Recorded {
    Created(ContactEvent),
    /// The same key and body were seen before: the first event, nothing stored.
    Replayed(ContactEvent),
}

// The request's parts as the route received them; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &DatabaseConnection,
    topology: Topology,
    organization_id: i64,
    contact_id: i64,
    app_id: i64,
    event: NewEvent,
    idempotency_key: Option<&str>,
    request_fingerprint: &str,
    now: DateTime<Utc>,
) -> Result<Recorded, ServiceError> {
    if let Some(key) = idempotency_key {
        if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_LEN || key.chars().any(char::is_control) {
            return Err(ServiceError::invalid_field(
                "Idempotency-Key",
                "must be 1 to 255 printable characters",
            ));
        }
    }
    let request_hash = sha256_hex(request_fingerprint);
    if let Some(key) = idempotency_key {
        if let Some(first) = repo::events::find_by_idempotency_key(
            db,
            organization_id,
            ContactId(contact_id),
            AppId(app_id),
            key,
        )
        .await?
        {
            return replay(first, &request_hash);
        }
    }
    let insert = EventInsert {
        organization_id,
        contact_id,
        app_id: Some(app_id),
        name: &event.name,
        occurred_at: event.occurred_at,
        properties: &event.properties,
        idempotency_key,
        request_hash: idempotency_key.map(|_| request_hash.as_str()),
        created_at: now,
    };
    match repo::events::insert_for_existing_contact(db, topology, &insert).await {
        Ok(Some(created)) => Ok(Recorded::Created(created.into())),
        Ok(None) => Err(crate::services::contacts::not_found(db, organization_id, contact_id).await),
        // A concurrent retry with the same key won the insert: answer as its replay.
        Err(err) if is_unique_violation(&err) && idempotency_key.is_some() => {
            let key = idempotency_key.unwrap_or_default();
            let first = repo::events::find_by_idempotency_key(
                db,
                organization_id,
                ContactId(contact_id),
                AppId(app_id),
                key,
            )
            .await?
            .ok_or_else(|| {
                ServiceError::internal(anyhow::anyhow!("idempotency key vanished after a conflict"))
            })?;
            replay(first, &request_hash)
        }
        Err(err) => Err(err.into()),
    }
}

fn replay(first: ContactEvent, request_hash: &str) -> Result<Recorded, ServiceError> {
    if first.request_hash.as_deref() == Some(request_hash) {
        Ok(Recorded::Replayed(first))
    } else {
        Err(ServiceError::new(
            ErrorKind::Invalid,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request body",
        ))
    }
}

/// A page of the events the caller may see, and how many of the contact's events are in
/// apps it may not (SPEC §2).
pub struct Timeline {
    pub page: Page<ContactEvent>,
    pub hidden_count: i64,
}

pub async fn timeline(
    db: &DatabaseConnection,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
    name: Option<&str>,
    page: &PageParams,
) -> Result<Timeline, ServiceError> {
    let limit = page.limit()?;
    let after = page
        .cursor
        .as_deref()
        .map(cursor::decode::<(DateTime<Utc>, i64)>)
        .transpose()?;
    crate::services::contacts::get(db, organization_id, contact_id).await?;
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    // One row more than the page tells whether another page follows.
    let rows = repo::events::timeline(
        db,
        organization_id,
        contact_id,
        visibility,
        name,
        after,
        limit + 1,
    )
    .await?;
    let hidden_count = match visibility {
        AppVisibility::All => 0,
        AppVisibility::Only(visible) => {
            repo::events::count_hidden(db, organization_id, contact_id, visible).await?
        }
    };
    Ok(Timeline {
        page: Page::from_overfetched(rows, limit, |e| cursor::encode(&(e.occurred_at, e.id)))
            .map(ContactEvent::from),
        hidden_count,
    })
}
