//! Conversations and their messages, read with the contact, app and latest message in one
//! statement per page.
use crate::domain::conversation::{
    Channel, Conversation, ConversationStatus, ConversationSummary, Message, MessageType,
};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::visibility::AppVisibility;
use crate::repo::dialect::Dialect;
use crate::repo::records;
use crate::repo::visibility::app_filter;
use chrono::{DateTime, Utc};
use entity::{app, conversation, message};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use uuid::Uuid;

/// A conversation with what a list row shows about it.
#[derive(Debug, Clone, FromQueryResult, serde::Deserialize)]
pub struct ConversationRow {
    pub id: Uuid,
    pub app_id: i64,
    pub app_name: String,
    pub contact_id: i64,
    pub status: String,
    pub title: String,
    pub summary: String,
    pub channel: String,
    pub identity_verified: bool,
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The latest message's text, activity lines ("… reopened the conversation") left out.
    pub preview: Option<String>,
    /// The latest incoming message's text: the summary of last resort.
    pub latest_incoming: Option<String>,
}

/// The latest message's text and the latest incoming message's text, as correlated
/// subqueries of the conversation row aliased `c`, the organization bound (`$1`, numbered within the expression): Citus routes
/// a subquery to one shard only by a value of its distribution column, not by `c`'s.
const PREVIEW: &str = "(SELECT m.content FROM messages m WHERE m.organization_id = $1 \
    AND m.conversation_id = c.id AND m.message_type <> 'activity' ORDER BY m.created_at DESC, m.id DESC LIMIT 1)";
const LATEST_INCOMING: &str = "(SELECT m.content FROM messages m WHERE m.organization_id = $1 \
    AND m.conversation_id = c.id AND m.message_type = 'incoming' ORDER BY m.created_at DESC, m.id DESC LIMIT 1)";

const C: &str = "c";
const A: &str = "a";

fn column(name: conversation::Column) -> Expr {
    Expr::col((C, name))
}

/// `SELECT <ConversationRow's columns> FROM conversations c JOIN apps a ... WHERE
/// c.organization_id = <organization>`, only in the apps the caller may see.
fn rows(organization_id: i64, visibility: &AppVisibility) -> SelectStatement {
    use conversation::Column as Col;
    Query::select()
        .columns([Col::Id, Col::AppId].map(|name| (C, name)))
        .expr_as(Expr::col((A, app::Column::Name)), "app_name")
        .columns(
            [
                Col::ContactId,
                Col::Status,
                Col::Title,
                Col::Summary,
                Col::Channel,
                Col::IdentityVerified,
                Col::AssigneeId,
                Col::CreatedAt,
                Col::LastActivityAt,
                Col::ResolvedAt,
            ]
            .map(|name| (C, name)),
        )
        .expr_as(Expr::cust_with_values(PREVIEW, [organization_id]), "preview")
        .expr_as(
            Expr::cust_with_values(LATEST_INCOMING, [organization_id]),
            "latest_incoming",
        )
        .from_as(conversation::Entity, C)
        .join_as(
            JoinType::InnerJoin,
            app::Entity,
            A,
            Expr::col((A, app::Column::OrganizationId))
                .equals((C, Col::OrganizationId))
                .and(Expr::col((A, app::Column::Id)).equals((C, Col::AppId))),
        )
        .and_where(column(Col::OrganizationId).eq(organization_id))
        .and_where_option(app_filter((C, Col::AppId), visibility))
        .to_owned()
}

pub struct ListFilter {
    pub app_id: Option<i64>,
    pub status: Option<ConversationStatus>,
    pub contact_id: Option<i64>,
    /// Keyset: rows strictly after this (last_activity_at, id) in newest-first order.
    pub after: Option<(DateTime<Utc>, Uuid)>,
    pub limit: u64,
}

/// Newest activity first, only in visible apps; `limit + 1` rows so callers see if more follow.
pub async fn list(
    db: &impl ConnectionTrait,
    organization_id: i64,
    visibility: &AppVisibility,
    filter: &ListFilter,
) -> Result<Vec<ConversationSummary>, DbErr> {
    let statement = list_statement(Dialect::of(db).backend(), organization_id, visibility, filter);
    records::all(ConversationRow::find_by_statement(statement).all(db).await?)
}

/// The statement [`list`] runs, for batching.
pub fn list_statement(
    backend: DbBackend,
    organization_id: i64,
    visibility: &AppVisibility,
    filter: &ListFilter,
) -> Statement {
    let mut select = rows(organization_id, visibility);
    select
        .and_where_option(filter.app_id.map(|id| column(conversation::Column::AppId).eq(id)))
        .and_where_option(
            filter
                .status
                .map(|status| column(conversation::Column::Status).eq(status.as_str())),
        )
        .and_where_option(
            filter
                .contact_id
                .map(|id| column(conversation::Column::ContactId).eq(id)),
        )
        .and_where_option(filter.after.map(|(at, id)| {
            Expr::tuple([
                column(conversation::Column::LastActivityAt),
                column(conversation::Column::Id),
            ])
            .lt(Expr::tuple([Expr::value(at), Expr::value(id)]))
        }))
        .order_by((C, conversation::Column::LastActivityAt), Order::Desc)
        .order_by((C, conversation::Column::Id), Order::Desc)
        .limit(filter.limit + 1);
    backend.build(&select)
}

/// One conversation with its list-row facts, if it is in a visible app.
pub async fn find_row(
    db: &impl ConnectionTrait,
    organization_id: i64,
    visibility: &AppVisibility,
    id: Uuid,
) -> Result<Option<ConversationSummary>, DbErr> {
    let select = rows(organization_id, visibility)
        .and_where(column(conversation::Column::Id).eq(id))
        .to_owned();
    records::one(
        ConversationRow::find_by_statement(Dialect::of(db).build(&select))
            .one(db)
            .await?,
    )
}

/// A `COUNT(*) AS count` result.
#[derive(Debug, FromQueryResult, serde::Deserialize)]
pub struct Count {
    pub count: i64,
}

/// Conversations of the contact in apps the caller cannot see: one row, `count`.
pub fn count_hidden_statement(
    backend: DbBackend,
    organization_id: i64,
    visible_app_ids: &[i64],
    contact_id: i64,
) -> Statement {
    let mut select = Query::select();
    select
        .expr_as(Expr::cust("COUNT(*)"), "count")
        .from(conversation::Entity)
        .and_where(Expr::col(conversation::Column::OrganizationId).eq(organization_id))
        .and_where(Expr::col(conversation::Column::ContactId).eq(contact_id));
    if !visible_app_ids.is_empty() {
        select.and_where(Expr::col(conversation::Column::AppId).is_not_in(visible_app_ids.iter().copied()));
    }
    backend.build(&select)
}

/// The verified badge of the contact's unresolved conversations in the app follows the
/// session that identified last (SPEC §3).
pub async fn set_identity_verified(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
    verified: bool,
) -> Result<(), DbErr> {
    conversation::Entity::update_many()
        .col_expr(conversation::Column::IdentityVerified, Expr::value(verified))
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::ContactId.eq(contact_id))
        .filter(conversation::Column::AppId.eq(app_id))
        .filter(conversation::Column::Status.ne(ConversationStatus::Resolved.as_str()))
        .filter(conversation::Column::IdentityVerified.ne(verified))
        .exec(db)
        .await?;
    Ok(())
}

/// Oldest first by (created_at, id); `after` is the last row of the previous page.
pub async fn messages(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    after: Option<(DateTime<Utc>, i64)>,
    limit: u64,
) -> Result<Vec<Message>, DbErr> {
    let mut query = message::Entity::find()
        .filter(message::Column::OrganizationId.eq(organization_id))
        .filter(message::Column::ConversationId.eq(conversation_id))
        .order_by_asc(message::Column::CreatedAt)
        .order_by_asc(message::Column::Id)
        .limit(limit + 1);
    if let Some((at, id)) = after {
        query = query.filter(
            Expr::tuple([
                Expr::col(message::Column::CreatedAt),
                Expr::col(message::Column::Id),
            ])
            .gt(Expr::tuple([Expr::value(at), Expr::value(id)])),
        );
    }
    records::all(query.all(db).await?)
}

/// The contact's conversation in the app with the latest activity.
pub async fn latest_for_contact_in_app(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: ContactId,
    app_id: AppId,
) -> Result<Option<Conversation>, DbErr> {
    records::one(
        conversation::Entity::find()
            .filter(conversation::Column::OrganizationId.eq(organization_id))
            .filter(conversation::Column::ContactId.eq(contact_id))
            .filter(conversation::Column::AppId.eq(app_id))
            .order_by_desc(conversation::Column::LastActivityAt)
            .one(db)
            .await?,
    )
}

/// Opens the conversation again as of `at`; `identity_verified` is the badge of whoever
/// reopened it, when that changes it.
pub async fn reopen(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: Uuid,
    identity_verified: Option<bool>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = conversation::Entity::update_many()
        .col_expr(
            conversation::Column::Status,
            Expr::value(ConversationStatus::Open.as_str()),
        )
        .col_expr(
            conversation::Column::ResolvedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(conversation::Column::LastActivityAt, Expr::value(at));
    if let Some(verified) = identity_verified {
        update = update.col_expr(conversation::Column::IdentityVerified, Expr::value(verified));
    }
    update
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A conversation as it starts: open, with its first activity now.
pub struct NewConversation<'a> {
    pub organization_id: i64,
    pub app_id: i64,
    pub contact_id: i64,
    pub title: &'a str,
    pub channel: Channel,
    pub identity_verified: bool,
    pub at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewConversation<'_>) -> Result<Uuid, DbErr> {
    use sea_orm::{ActiveModelTrait, Set};
    let id = Uuid::new_v4();
    conversation::ActiveModel {
        organization_id: Set(new.organization_id),
        id: Set(id),
        app_id: Set(new.app_id),
        contact_id: Set(new.contact_id),
        status: Set(ConversationStatus::Open.as_str().to_owned()),
        title: Set(new.title.to_owned()),
        summary: Set(String::new()),
        channel: Set(new.channel.as_str().to_owned()),
        assignee_id: Set(None),
        identity_verified: Set(new.identity_verified),
        created_at: Set(new.at),
        last_activity_at: Set(new.at),
        resolved_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// When an agent last replied in the conversation before `before`.
pub async fn last_reply_before(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    before: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(message::Entity::find()
        .filter(message::Column::OrganizationId.eq(organization_id))
        .filter(message::Column::ConversationId.eq(conversation_id))
        .filter(message::Column::MessageType.eq(MessageType::Outgoing.as_str()))
        .filter(message::Column::CreatedAt.lte(before))
        .order_by_desc(message::Column::CreatedAt)
        .one(db)
        .await?
        .map(|m| m.created_at))
}

/// Whether the conversation already holds this exact activity line.
pub async fn has_activity(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_id: Uuid,
    content: &str,
) -> Result<bool, DbErr> {
    Ok(message::Entity::find()
        .filter(message::Column::OrganizationId.eq(organization_id))
        .filter(message::Column::ConversationId.eq(conversation_id))
        .filter(message::Column::MessageType.eq(MessageType::Activity.as_str()))
        .filter(message::Column::Content.eq(content))
        .one(db)
        .await?
        .is_some())
}

/// The contact's conversations in apps the caller may see.
pub async fn count_for_contact(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    let mut query = conversation::Entity::find()
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::ContactId.eq(contact_id));
    if let AppVisibility::Only(ids) = visibility {
        query = query.filter(conversation::Column::AppId.is_in(ids.clone()));
    }
    query.count(db).await
}

/// The contact's conversations in apps the caller may not see (none for owners and admins).
pub async fn count_outside(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
    visibility: &AppVisibility,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    let AppVisibility::Only(ids) = visibility else {
        return Ok(0);
    };
    conversation::Entity::find()
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::ContactId.eq(contact_id))
        .filter(conversation::Column::AppId.is_not_in(ids.clone()))
        .count(db)
        .await
}

/// Sets the status; a resolved conversation remembers when, any other forgets it.
/// Moves the conversation from `from` to `status`; false when it no longer was `from` (a
/// concurrent change won), so the caller records and announces nothing twice.
pub async fn set_status(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: Uuid,
    from: ConversationStatus,
    status: ConversationStatus,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = status_update(status, at)
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::Id.eq(id))
        .filter(conversation::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// The status as of `at`: a resolved conversation remembers when, any other forgets it.
fn status_update(status: ConversationStatus, at: DateTime<Utc>) -> sea_orm::UpdateMany<conversation::Entity> {
    let resolved_at = (status == ConversationStatus::Resolved).then_some(at);
    conversation::Entity::update_many()
        .col_expr(conversation::Column::Status, Expr::value(status.as_str()))
        .col_expr(conversation::Column::ResolvedAt, Expr::value(resolved_at))
        .col_expr(conversation::Column::LastActivityAt, Expr::value(at))
}

/// A new message moved the conversation up the inbox.
pub async fn touch(
    db: &impl ConnectionTrait,
    organization_id: i64,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    conversation::Entity::update_many()
        .col_expr(conversation::Column::LastActivityAt, Expr::value(at))
        .filter(conversation::Column::OrganizationId.eq(organization_id))
        .filter(conversation::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
