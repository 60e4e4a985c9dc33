//! The reads of a data-subject access request: everything stored about one contact that no
//! other screen reads whole (every event, every conversation with all its messages). Each is
//! one statement, however many conversations the contact has.
use crate::domain::access_request::{AppSighting, RevenueTransaction};
use crate::domain::conversation::{CcAddress, Conversation, Message};
use crate::domain::event::ContactEvent;
use crate::domain::tag::AppliedTag;
use crate::repo::dialect::Dialect;
use crate::repo::records;
use entity::{
    app_contact, cc_email, contact_event, conversation, conversation_tag, message, shopify_transaction, tag,
};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn app_sightings(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<AppSighting>, DbErr> {
    Ok(app_contact::Entity::find()
        .filter(app_contact::Column::OrganizationId.eq(organization_id))
        .filter(app_contact::Column::ContactId.eq(contact_id))
        .order_by_asc(app_contact::Column::AppId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| AppSighting {
            app_id: m.app_id,
            first_seen_at: m.first_seen_at,
            last_seen_at: m.last_seen_at,
        })
        .collect())
}

/// Every event of the contact, newest first, whichever app sent it.
pub async fn events(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<ContactEvent>, DbErr> {
    Ok(contact_event::Entity::find()
        .filter(contact_event::Column::OrganizationId.eq(organization_id))
        .filter(contact_event::Column::ContactId.eq(contact_id))
        .order_by_desc(contact_event::Column::OccurredAt)
        .order_by_desc(contact_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(ContactEvent::from)
        .collect())
}

/// Every conversation of the contact, in every app, newest activity first.
pub async fn conversations(
    db: &impl ConnectionTrait,
    organization_id: i64,
    contact_id: i64,
) -> Result<Vec<Conversation>, DbErr> {
    records::all(
        conversation::Entity::find()
            .filter(conversation::Column::OrganizationId.eq(organization_id))
            .filter(conversation::Column::ContactId.eq(contact_id))
            .order_by_desc(conversation::Column::LastActivityAt)
            .order_by_desc(conversation::Column::Id)
            .all(db)
            .await?,
    )
}

/// All messages of the conversations, oldest first within each.
pub async fn messages(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_ids: &[Uuid],
) -> Result<Vec<Message>, DbErr> {
    if conversation_ids.is_empty() {
        return Ok(Vec::new());
    }
    records::all(
        message::Entity::find()
            .filter(message::Column::OrganizationId.eq(organization_id))
            .filter(message::Column::ConversationId.is_in(conversation_ids.iter().copied()))
            .order_by_asc(message::Column::CreatedAt)
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?,
    )
}

/// (conversation, address) for the CC addresses of the conversations, by address.
pub async fn cc_emails(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_ids: &[Uuid],
) -> Result<Vec<(Uuid, CcAddress)>, DbErr> {
    if conversation_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(cc_email::Entity::find()
        .filter(cc_email::Column::OrganizationId.eq(organization_id))
        .filter(cc_email::Column::ConversationId.is_in(conversation_ids.iter().copied()))
        .order_by_asc(cc_email::Column::Email)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.conversation_id, CcAddress::from(m)))
        .collect())
}

#[derive(FromQueryResult)]
struct ConversationTagRow {
    conversation_id: Uuid,
    id: i64,
    name: String,
    color: String,
}

/// (conversation, tag) for the tags of the conversations, by tag name.
pub async fn conversation_tags(
    db: &impl ConnectionTrait,
    organization_id: i64,
    conversation_ids: &[Uuid],
) -> Result<Vec<(Uuid, AppliedTag)>, DbErr> {
    if conversation_ids.is_empty() {
        return Ok(Vec::new());
    }
    let select = Query::select()
        .column(("ct", conversation_tag::Column::ConversationId))
        .columns([tag::Column::Id, tag::Column::Name, tag::Column::Color].map(|c| ("t", c)))
        .from_as(conversation_tag::Entity, "ct")
        .join_as(
            JoinType::InnerJoin,
            tag::Entity,
            "t",
            Expr::col(("t", tag::Column::OrganizationId))
                .equals(("ct", conversation_tag::Column::OrganizationId))
                .and(Expr::col(("t", tag::Column::Id)).equals(("ct", conversation_tag::Column::TagId))),
        )
        .and_where(Expr::col(("ct", conversation_tag::Column::OrganizationId)).eq(organization_id))
        .and_where(
            Expr::col(("ct", conversation_tag::Column::ConversationId))
                .is_in(conversation_ids.iter().copied()),
        )
        .order_by(("t", tag::Column::Name), sea_orm::Order::Asc)
        .to_owned();
    Ok(
        ConversationTagRow::find_by_statement(Dialect::of(db).build(&select))
            .all(db)
            .await?
            .into_iter()
            .map(|row| {
                (
                    row.conversation_id,
                    AppliedTag {
                        id: row.id,
                        name: row.name,
                        color: crate::domain::tag::TagColor::parse(&row.color),
                    },
                )
            })
            .collect(),
    )
}

/// The revenue transactions of the merchants, newest first.
pub async fn transactions(
    db: &impl ConnectionTrait,
    organization_id: i64,
    merchant_ids: &[i64],
) -> Result<Vec<RevenueTransaction>, DbErr> {
    if merchant_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(shopify_transaction::Entity::find()
        .filter(shopify_transaction::Column::OrganizationId.eq(organization_id))
        .filter(shopify_transaction::Column::MerchantId.is_in(merchant_ids.iter().copied()))
        .order_by_desc(shopify_transaction::Column::CreatedAt)
        .order_by_desc(shopify_transaction::Column::TransactionId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| RevenueTransaction {
            merchant_id: m.merchant_id,
            transaction_id: m.transaction_id,
            transaction_type: m.transaction_type,
            charge_id: m.charge_id,
            net_minor: m.net_minor,
            currency: m.currency,
            created_at: m.created_at,
        })
        .collect())
}
