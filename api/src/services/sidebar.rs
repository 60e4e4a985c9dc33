//! Everything the contact sidebar shows, loaded with a fixed number of statements whatever
//! the contact's history (SPEC §4): the conversation, then one batch for the rest.
use crate::auth::AgentScope;
use crate::domain::contact::Contact;
use crate::domain::conversation::ConversationSummary;
use crate::domain::custom_data::CustomAttribute;
use crate::domain::event::ContactEvent;
use crate::domain::tag::AppliedTag;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::repo::batch::Batch;
use crate::repo::conversations::{ConversationRow, Count, ListFilter};
use crate::repo::records;
use crate::repo::tags::TagRow;
use crate::services::error::ServiceError;
use entity::{cc_email, contact, contact_event, custom_attribute};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

pub const HISTORY_ITEMS: u64 = 10;
pub const RECENT_EVENTS: u64 = 10;

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
    let contact_id = conversation.contact_id;
    let history_filter = ListFilter {
        app_id: None,
        status: None,
        contact_id: Some(contact_id),
        after: None,
        limit: HISTORY_ITEMS,
    };
    // Everything else depends only on the conversation row: one round trip on PostgreSQL.
    let mut batch = Batch::of(db);
    let backend = batch.backend();
    let contact = batch.add(repo::contacts::find_statement(backend, org, contact_id));
    let custom_data = batch.add(repo::custom_data::for_app_statement(
        backend,
        org,
        contact_id,
        conversation.app_id,
    ));
    let contact_tags = batch.add(repo::tags::of_contact_statement(backend, org, contact_id));
    let conversation_tags = batch.add(repo::tags::of_conversation_statement(
        backend,
        org,
        conversation.id,
    ));
    let cc_emails = batch.add(repo::cc_emails::of_conversation_statement(
        backend,
        org,
        conversation.id,
    ));
    let history = batch.add(repo::conversations::list_statement(
        backend,
        org,
        &scope.apps,
        &history_filter,
    ));
    let events = batch.add(repo::events::recent_statement(
        backend,
        org,
        contact_id,
        &scope.apps,
        RECENT_EVENTS + 1,
    ));
    let integration = batch.add(repo::shopify::integration_statement(backend, org));
    let partner_apps = batch.add(repo::shopify::partner_apps_statement(backend, org));
    let merchants = batch.add(repo::shopify::merchants_for_contact_statement(
        backend, org, contact_id,
    ));
    let hidden = match &scope.apps {
        AppVisibility::All => None,
        AppVisibility::Only(visible) => Some((
            batch.add(repo::conversations::count_hidden_statement(
                backend, org, visible, contact_id,
            )),
            batch.add(repo::events::count_hidden_statement(
                backend, org, contact_id, visible,
            )),
        )),
    };
    let mut rows = batch.run(db).await?;

    let contact: contact::Model = rows
        .one(contact)?
        .ok_or_else(|| ServiceError::not_found("Conversation"))?;
    let shopify = crate::services::shopify_view::assemble(
        rows.one(integration)?,
        rows.all(partner_apps)?,
        rows.all(merchants)?,
        &scope.apps,
        Some(conversation.app_id),
    )?;
    let (hidden_count, events_hidden_count) = match hidden {
        Some((conversations, events)) => (
            rows.one::<Count>(conversations)?.map_or(0, |c| c.count),
            rows.one::<Count>(events)?.map_or(0, |c| c.count),
        ),
        None => (0, 0),
    };
    let mut events: Vec<contact_event::Model> = rows.all(events)?;
    let events_has_more = events.len() as u64 > RECENT_EVENTS;
    events.truncate(RECENT_EVENTS as usize);
    let mut history: Vec<ConversationSummary> = records::all(rows.all::<ConversationRow>(history)?)?;
    // The summary's conversation is the contact's latest other one: the history holds it
    // within its first two rows (same filter and order), so it costs no statement of its own.
    let summary = history.iter().find(|row| row.id != conversation.id).cloned();
    let history_has_more = history.len() as u64 > HISTORY_ITEMS;
    history.truncate(HISTORY_ITEMS as usize);
    let tags = |rows: Vec<TagRow>| rows.into_iter().map(AppliedTag::from).collect();
    Ok(SidebarData {
        conversation,
        contact: contact.into(),
        summary,
        custom_data: records::all(rows.all::<custom_attribute::Model>(custom_data)?)?,
        contact_tags: tags(rows.all(contact_tags)?),
        conversation_tags: tags(rows.all(conversation_tags)?),
        cc_emails: rows
            .all::<cc_email::Model>(cc_emails)?
            .into_iter()
            .map(|cc| cc.email)
            .collect(),
        history,
        history_has_more,
        hidden_count,
        events: events.into_iter().map(ContactEvent::from).collect(),
        events_has_more,
        events_hidden_count,
        shopify,
    })
}
