//! What the live stream reads: the organization's change feed, as the agent may see it now.
use crate::auth::agent::load_scope;
use crate::domain::change::ChangeKind;
use crate::repo;
use crate::services::error::ServiceError;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// One entry of the change feed.
pub struct Change {
    pub id: i64,
    pub kind: ChangeKind,
    pub contact_id: Option<i64>,
    pub conversation_id: Option<Uuid>,
}

/// The newest entry's id, where a fresh stream starts (0 for an empty feed).
pub async fn latest_change_id(db: &DatabaseConnection, organization_id: i64) -> Result<i64, ServiceError> {
    Ok(repo::changes::latest_id(db, organization_id).await?)
}

/// Up to `limit` changes after `after_id` that the user may see; `None` when the user is
/// gone. The user is read again on every call, like on every request: a change of role or
/// operated apps applies to the next notice.
pub async fn changes_after(
    db: &DatabaseConnection,
    organization_id: i64,
    user_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Option<Vec<Change>>, ServiceError> {
    let Some(scope) = load_scope(db, organization_id, user_id).await? else {
        return Ok(None);
    };
    let rows = repo::changes::since(db, organization_id, &scope.apps, after_id, limit).await?;
    let changes = rows
        .into_iter()
        .filter_map(|row| {
            // Every stored kind was written from the enum; an unknown one is from a newer
            // version of the product and means nothing to this one's clients.
            let kind = row.kind.parse().ok()?;
            Some(Change {
                id: row.id,
                kind,
                contact_id: row.contact_id,
                conversation_id: row.conversation_id,
            })
        })
        .collect();
    Ok(Some(changes))
}
