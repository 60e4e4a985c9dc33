//! Everything the contact sidebar shows, loaded with a fixed number of statements whatever
//! the contact's history (SPEC §4).
use crate::auth::{AgentScope, AppVisibility};
use crate::error::ApiError;
use crate::repo;
use crate::repo::conversations::{ConversationRow, ListFilter};
use crate::repo::tags::TagRow;
use entity::{cc_email, contact, contact_event, custom_attribute};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub const HISTORY_ITEMS: u64 = 10;
pub const RECENT_EVENTS: u64 = 10;

pub struct SidebarData {
    pub conversation: ConversationRow,
    pub contact: contact::Model,
    pub summary: Option<ConversationRow>,
    pub custom_data: Vec<custom_attribute::Model>,
    pub contact_tags: Vec<TagRow>,
    pub conversation_tags: Vec<TagRow>,
    pub cc_emails: Vec<cc_email::Model>,
    pub history: Vec<ConversationRow>,
    pub history_has_more: bool,
    pub hidden_count: i64,
    pub events: Vec<contact_event::Model>,
    pub events_has_more: bool,
    pub shopify: Option<crate::services::shopify_view::MerchantView>,
}

pub async fn load(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
) -> Result<SidebarData, ApiError> {
    let org = scope.organization_id;
    let conversation = repo::conversations::find_row(db, org, &scope.apps, conversation_id)
        .await?
        .ok_or_else(|| ApiError::not_found("Conversation"))?;
    let contact_id = conversation.contact_id;
    let contact = repo::contacts::find(db, org, contact_id)
        .await?
        .ok_or_else(|| ApiError::not_found("Conversation"))?;
    let history_filter = ListFilter {
        app_id: None,
        status: None,
        contact_id: Some(contact_id),
        after: None,
        limit: HISTORY_ITEMS,
    };
    // One connection, one statement after another: at load, fanning out over the pool made
    // concurrent sidebars wait for connections and PostgreSQL switch between more backends.
    let custom_data = repo::custom_data::for_app(db, org, contact_id, conversation.app_id).await?;
    let contact_tags = repo::tags::of_contact(db, org, contact_id).await?;
    let conversation_tags = repo::tags::of_conversation(db, org, conversation.id).await?;
    let cc_emails = repo::cc_emails::of_conversation(db, org, conversation.id).await?;
    let mut history = repo::conversations::list(db, org, &scope.apps, &history_filter).await?;
    let events = repo::events::recent(db, org, contact_id, RECENT_EVENTS + 1).await?;
    let shopify =
        crate::services::shopify_view::for_contact(db, &contact, Some(conversation.app_id), 0).await?;
    let hidden_count = match &scope.apps {
        AppVisibility::All => 0,
        AppVisibility::Only(visible) => {
            repo::conversations::count_hidden(db, org, visible, contact_id).await?
        }
    };
    let mut events = events;
    let events_has_more = events.len() as u64 > RECENT_EVENTS;
    events.truncate(RECENT_EVENTS as usize);
    // The summary's conversation is the contact's latest other one: the history holds it
    // within its first two rows (same filter and order), so it costs no statement of its own.
    let summary = history.iter().find(|row| row.id != conversation.id).cloned();
    let history_has_more = history.len() as u64 > HISTORY_ITEMS;
    history.truncate(HISTORY_ITEMS as usize);
    Ok(SidebarData {
        conversation,
        contact,
        summary,
        custom_data,
        contact_tags,
        conversation_tags,
        cc_emails,
        history,
        history_has_more,
        hidden_count,
        events,
        events_has_more,
        shopify,
    })
}
