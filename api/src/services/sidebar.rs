//! Everything the contact sidebar shows, loaded with a fixed number of statements whatever
//! the contact's history (SPEC §4): the conversation, then one batch for the rest.
use crate::auth::AgentScope;
use crate::domain::contact::Contact;
use crate::domain::conversation::ConversationSummary;
use crate::domain::custom_data::CustomAttribute;
use crate::domain::event::ContactEvent;
use crate::domain::note::Note;
use crate::domain::tag::AppliedTag;
use crate::repo;
use crate::repo::sidebar::SidebarLimits;
use crate::services::error::ServiceError;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub const HISTORY_ITEMS: u64 = 10;
pub const RECENT_EVENTS: u64 = 10;
pub const RECENT_NOTES: u64 = 10;

pub struct SidebarData {
    pub conversation: ConversationSummary,
    pub contact: Contact,
    pub summary: Option<ConversationSummary>,
    pub custom_data: Vec<CustomAttribute>,
    pub contact_tags: Vec<AppliedTag>,
    pub conversation_tags: Vec<AppliedTag>,
    /// The conversation's CC addresses.
    pub cc_emails: Vec<String>,
    pub history: Vec<ConversationSummary>,
    pub history_has_more: bool,
    pub hidden_count: i64,
    pub events: Vec<ContactEvent>,
    pub events_has_more: bool,
    /// The contact's events in apps the agent does not operate.
    pub events_hidden_count: i64,
    /// The contact's newest notes, and whether it has more.
    pub notes: Vec<Note>,
    pub notes_has_more: bool,
    pub shopify: Option<crate::services::shopify_view::MerchantView>,
}

pub async fn load(
    db: &DatabaseConnection,
    scope: &AgentScope,
    conversation_id: Uuid,
) -> Result<SidebarData, ServiceError> {
    let org = scope.organization_id;
    let conversation: ConversationSummary =
        repo::conversations::find_row(db, org, &scope.apps, conversation_id)
            .await?
            .ok_or_else(|| ServiceError::not_found("Conversation"))?;
    let limits = SidebarLimits {
        history: HISTORY_ITEMS,
        events: RECENT_EVENTS,
        notes: RECENT_NOTES,
    };
    let rows = repo::sidebar::read(db, &scope.apps, &conversation, org, limits).await?;
    // The contact vanished mid-request (erased): its conversation is gone with it.
    let contact = rows
        .contact
        .ok_or_else(|| ServiceError::not_found("Conversation"))?;
    let shopify = crate::services::shopify_view::assemble(
        rows.integration,
        rows.partner_apps,
        rows.merchants,
        &scope.apps,
        Some(conversation.app_id),
    );
    let mut events = rows.events;
    let events_has_more = events.len() as u64 > RECENT_EVENTS;
    events.truncate(RECENT_EVENTS as usize);
    let mut notes = rows.notes;
    let notes_has_more = notes.len() as u64 > RECENT_NOTES;
    notes.truncate(RECENT_NOTES as usize);
    let mut history = rows.history;
    // The summary's conversation is the contact's latest other one: the history holds it
    // within its first two rows (same filter and order), so it costs no statement of its own.
    let summary = history.iter().find(|row| row.id != conversation.id).cloned();
    let history_has_more = history.len() as u64 > HISTORY_ITEMS;
    history.truncate(HISTORY_ITEMS as usize);
    Ok(SidebarData {
        conversation,
        contact,
        summary,
        custom_data: rows.custom_data,
        contact_tags: rows.contact_tags,
        conversation_tags: rows.conversation_tags,
        cc_emails: rows.cc_emails,
        history,
        history_has_more,
        hidden_count: rows.hidden_conversations,
        events,
        events_has_more,
        events_hidden_count: rows.hidden_events,
        notes,
        notes_has_more,
        shopify,
    })
}
