//! Webhook endpoints of an app (owners and admins): settings, the signing secret (reveal and
//! rotate), "Send test", the delivery log and "Retry now".
use crate::domain::account::App;
use crate::domain::conversation::MessageType;
use crate::domain::cursor;
use crate::domain::page::{Page, PageParams};
use crate::domain::sealed::SealingKey;
use crate::domain::webhook::endpoint::{self, EndpointInput};
use crate::domain::webhook::payload::{self, WebhookMessage};
use crate::domain::webhook::records::{Attempt, Delivery, Endpoint, EndpointEdit};
use crate::domain::webhook::signature;
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::repo::webhook_endpoints::NewEndpoint;
use crate::services::error::ServiceError;
use crate::services::transaction::in_write_transaction;
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

/// How long the previous secret still signs after a rotation.
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);
pub const MAX_ENDPOINTS_PER_APP: usize = 20;

pub struct Settings<'a> {
    pub url: Option<&'a str>,
    pub topics: Option<&'a [String]>,
    pub enabled: Option<bool>,
    pub description: Option<&'a str>,
}

/// A page of the app's endpoints, oldest first (keyset pages by id).
pub async fn list(
    db: &DatabaseConnection,
    app: &App,
    page: &PageParams,
) -> Result<Page<Endpoint>, ServiceError> {
    let limit = page.limit()?;
    let after = page.cursor.as_deref().map(cursor::decode::<i64>).transpose()?;
    let rows = repo::webhook_endpoints::list(db, app.organization_id, app.id, after, limit + 1).await?;
    Ok(Page::from_overfetched(rows, limit, |endpoint| {
        cursor::encode(&endpoint.id)
    }))
}

pub async fn find(db: &DatabaseConnection, app: &App, id: i64) -> Result<Endpoint, ServiceError> {
    repo::webhook_endpoints::find(db, app.organization_id, app.id, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Webhook endpoint"))
}

/// The new endpoint and its secret in clear.
pub async fn create(
    db: &DatabaseConnection,
    key: &SealingKey,
    allow_private: bool,
    app: &App,
    settings: Settings<'_>,
    now: DateTime<Utc>,
) -> Result<(Endpoint, String), ServiceError> {
    let mut missing = std::collections::BTreeMap::new();
    if settings.url.is_none() {
        missing.insert("url".to_owned(), "is required".to_owned());
    }
    if settings.topics.is_none() {
        missing.insert("topics".to_owned(), "is required".to_owned());
    }
    if !missing.is_empty() {
        return Err(ServiceError::validation(missing));
    }
    let valid = endpoint::validate(
        EndpointInput {
            url: settings.url,
            topics: settings.topics,
            description: Some(settings.description.unwrap_or("")),
        },
        allow_private,
    )
    .map_err(ServiceError::validation)?;
    let secret = signature::new_secret();
    let new = NewEndpoint {
        organization_id: app.organization_id,
        app_id: app.id,
        url: valid.url.as_deref().unwrap_or_default(),
        description: valid.description.as_deref().unwrap_or_default(),
        topics: valid.topics.as_deref().unwrap_or_default(),
        enabled: settings.enabled.unwrap_or(true),
        sealed_secret: key.seal(&secret),
        at: now,
    };
    let new = &new;
    // Counted and added under the app's lock: two concurrent adds cannot both take the last place.
    let created = in_write_transaction!(db, |txn| {
        repo::apps::lock(&txn, app.organization_id, app.id).await?;
        let cap = MAX_ENDPOINTS_PER_APP as u64;
        let existing = repo::webhook_endpoints::list(&txn, app.organization_id, app.id, None, cap).await?;
        if existing.len() >= MAX_ENDPOINTS_PER_APP {
            return Err(ServiceError::invalid_field(
                "url",
                format!("an app has at most {MAX_ENDPOINTS_PER_APP} endpoints"),
            ));
        }
        Ok(repo::webhook_endpoints::insert(&txn, new.clone()).await?)
    })
    .await?;
    Ok((created, secret))
}

pub async fn update(
    db: &DatabaseConnection,
    allow_private: bool,
    app: &App,
    id: i64,
    settings: Settings<'_>,
    now: DateTime<Utc>,
) -> Result<Endpoint, ServiceError> {
    let current = find(db, app, id).await?;
    let valid = endpoint::validate(
        EndpointInput {
            url: settings.url,
            topics: settings.topics,
            description: settings.description,
        },
        allow_private,
    )
    .map_err(ServiceError::validation)?;
    let edit = EndpointEdit {
        url: valid.url,
        topics: valid.topics,
        description: valid.description,
        enabled: settings.enabled,
        // Turned back on: a fresh start, the old reason and failure run forgotten.
        fresh_start: settings.enabled == Some(true) && !current.enabled,
        rotate_to: None,
    };
    repo::webhook_endpoints::update(db, app.organization_id, app.id, id, edit, now)
        .await?
        .ok_or_else(|| ServiceError::not_found("Webhook endpoint"))
}

pub async fn delete(db: &DatabaseConnection, app: &App, id: i64) -> Result<(), ServiceError> {
    in_write_transaction!(db, |txn| {
        if !repo::webhook_endpoints::delete(&txn, app.organization_id, app.id, id).await? {
            return Err(ServiceError::not_found("Webhook endpoint"));
        }
        Ok(())
    })
    .await
}

pub struct Secrets {
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

pub async fn reveal(
    db: &DatabaseConnection,
    key: &SealingKey,
    app: &App,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Secrets, ServiceError> {
    let endpoint = find(db, app, id).await?;
    secrets_of(key, &endpoint, now)
}

/// A new secret; the old one keeps signing for [`ROTATION_OVERLAP`].
pub async fn rotate(
    db: &DatabaseConnection,
    key: &SealingKey,
    app: &App,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Secrets, ServiceError> {
    find(db, app, id).await?;
    let edit = EndpointEdit {
        rotate_to: Some((key.seal(&signature::new_secret()), now + ROTATION_OVERLAP)),
        ..EndpointEdit::default()
    };
    let saved = repo::webhook_endpoints::update(db, app.organization_id, app.id, id, edit, now)
        .await?
        .ok_or_else(|| ServiceError::not_found("Webhook endpoint"))?;
    secrets_of(key, &saved, now)
}

fn secrets_of(key: &SealingKey, endpoint: &Endpoint, now: DateTime<Utc>) -> Result<Secrets, ServiceError> {
    let previous = match (
        &endpoint.sealed_previous_secret,
        endpoint.previous_secret_expires_at,
    ) {
        (Some(sealed), Some(until)) if now < until => Some((key.open(sealed)?, until)),
        _ => None,
    };
    Ok(Secrets {
        secret: key.open(&endpoint.sealed_secret)?,
        previous_secret: previous.as_ref().map(|(secret, _)| secret.clone()),
        previous_secret_expires_at: previous.map(|(_, until)| until),
    })
}

/// Queues a sample `message.received` to this endpoint alone, whatever its topics.
pub async fn send_test(
    db: &DatabaseConnection,
    app: &App,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Delivery, ServiceError> {
    let endpoint = find(db, app, id).await?;
    require_enabled(&endpoint)?;
    let sample = WebhookMessage {
        id: 0,
        conversation_id: uuid::Uuid::nil(),
        app_id: app.id,
        contact_id: 0,
        message_type: MessageType::Incoming,
        content: "This is a test message from Convot.".to_owned(),
        author_user_id: None,
        created_at: now,
    };
    let body = payload::body(Topic::MessageReceived, now, &sample);
    Ok(repo::webhook_deliveries::enqueue_to_endpoint(
        db,
        app.organization_id,
        endpoint.id,
        Topic::MessageReceived,
        &payload::new_message_id(),
        &body,
        now,
    )
    .await?)
}

/// Nothing is sent to a disabled endpoint: queuing a test or a retry for it would answer
/// "queued" for a message that leaves only once someone turns the endpoint back on.
fn require_enabled(endpoint: &Endpoint) -> Result<(), ServiceError> {
    if endpoint.enabled {
        return Ok(());
    }
    Err(ServiceError::conflict(
        "endpoint_disabled",
        "This endpoint is disabled; turn it on to send to it",
    )
    .with_detail("disabled_reason", endpoint.disabled_reason.clone()))
}

/// One delivery of the log with its attempts, oldest first.
pub type LoggedDelivery = (Delivery, Vec<Attempt>);

/// A page of the endpoint's log, newest first (keyset pages by id).
pub async fn deliveries(
    db: &DatabaseConnection,
    app: &App,
    id: i64,
    page: &PageParams,
) -> Result<Page<LoggedDelivery>, ServiceError> {
    // Bad paging is the caller's input error whatever the id: checked first.
    let limit = page.limit()?;
    let before = page.cursor.as_deref().map(cursor::decode::<i64>).transpose()?;
    let endpoint = find(db, app, id).await?;
    let rows =
        repo::webhook_deliveries::page(db, app.organization_id, endpoint.id, before, limit + 1).await?;
    let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
    let mut attempts: std::collections::HashMap<i64, Vec<Attempt>> = std::collections::HashMap::new();
    for attempt in repo::webhook_deliveries::attempts_of(db, app.organization_id, &ids).await? {
        attempts.entry(attempt.delivery_id).or_default().push(attempt);
    }
    let logged: Vec<LoggedDelivery> = rows
        .into_iter()
        .map(|delivery| {
            let mine = attempts.remove(&delivery.id).unwrap_or_default();
            (delivery, mine)
        })
        .collect();
    Ok(Page::from_overfetched(logged, limit, |(delivery, _)| {
        cursor::encode(&delivery.id)
    }))
}

/// "Retry now": due at once — a failed message again, or a succeeded one replayed with its
/// `webhook-id`. A delivery a worker is sending right now is a 409: its attempt is coming.
pub async fn retry(
    db: &DatabaseConnection,
    app: &App,
    id: i64,
    delivery_id: i64,
    now: DateTime<Utc>,
) -> Result<LoggedDelivery, ServiceError> {
    use repo::webhook_deliveries::RetryNow;
    let endpoint = find(db, app, id).await?;
    require_enabled(&endpoint)?;
    match repo::webhook_deliveries::retry_now(db, app.organization_id, endpoint.id, delivery_id, now).await? {
        RetryNow::Queued(delivery) => {
            let attempts =
                repo::webhook_deliveries::attempts_of(db, app.organization_id, &[delivery.id]).await?;
            Ok((delivery, attempts))
        }
        RetryNow::InFlight => Err(ServiceError::conflict(
            "delivery_in_flight",
            "This message is being sent right now; its attempt will show in the log",
        )),
        RetryNow::Missing => Err(ServiceError::not_found("Delivery")),
    }
}
