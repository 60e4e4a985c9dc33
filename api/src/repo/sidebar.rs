//! The sidebar's reads after its conversation row, in one batch: one round trip on
//! PostgreSQL whatever the contact's history (SPEC §4). Rows come back as domain records.
use crate::domain::contact::Contact;
use crate::domain::conversation::ConversationSummary;
use crate::domain::custom_data::CustomAttribute;
use crate::domain::event::ContactEvent;
use crate::domain::ids::{AppId, ContactId};
use crate::domain::merchant::{Merchant, PartnerApp, PartnerConnection};
use crate::domain::note::Note;
use crate::domain::tag::AppliedTag;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::repo::batch::Batch;
use crate::repo::conversations::{ConversationRow, Count, ListFilter};
use crate::repo::notes::NoteRow;
use crate::repo::records;
use crate::repo::shopify::PartnerAppRow;
use crate::repo::tags::TagRow;
use entity::{cc_email, contact, contact_event, custom_attribute, shopify_integration, shopify_merchant};
use sea_orm::{ConnectionTrait, DbErr};

/// What the batch read; lists hold one row more than asked, so the caller sees whether more
/// follow.
pub struct SidebarRows {
    pub contact: Option<Contact>,
    pub custom_data: Vec<CustomAttribute>,
    pub contact_tags: Vec<AppliedTag>,
    pub conversation_tags: Vec<AppliedTag>,
    pub cc_emails: Vec<String>,
    /// The contact's conversations in visible apps, newest first.
    pub history: Vec<ConversationSummary>,
    pub events: Vec<ContactEvent>,
    /// The contact's newest notes.
    pub notes: Vec<Note>,
    pub integration: Option<PartnerConnection>,
    pub partner_apps: Vec<PartnerApp>,
    pub merchants: Vec<Merchant>,
    /// The contact's conversations and events in apps the caller cannot see.
    pub hidden_conversations: i64,
    pub hidden_events: i64,
}

/// How many rows of the lists the caller shows.
pub struct SidebarLimits {
    pub history: u64,
    pub events: u64,
    pub notes: u64,
}

pub async fn read(
    db: &impl ConnectionTrait,
    visibility: &AppVisibility,
    conversation: &ConversationSummary,
    organization_id: i64,
    limits: SidebarLimits,
) -> Result<SidebarRows, DbErr> {
    let org = organization_id;
    let contact_id = conversation.contact_id;
    let history_filter = ListFilter {
        app_id: None,
        status: None,
        contact_id: Some(contact_id),
        after: None,
        limit: limits.history,
    };
    let mut batch = Batch::of(db);
    let backend = batch.backend();
    let contact = batch.add(repo::contacts::find_statement(backend, org, contact_id));
    let custom_data = batch.add(repo::custom_data::for_app_statement(
        backend,
        org,
        ContactId(contact_id),
        AppId(conversation.app_id),
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
        visibility,
        &history_filter,
    ));
    let events = batch.add(repo::events::recent_statement(
        backend,
        org,
        contact_id,
        visibility,
        limits.events + 1,
    ));
    let notes = batch.add(repo::notes::page_statement(
        backend,
        org,
        ContactId(contact_id),
        None,
        limits.notes + 1,
    ));
    let integration = batch.add(repo::shopify::integration_statement(backend, org));
    let partner_apps = batch.add(repo::shopify::partner_apps_statement(backend, org));
    let merchants = batch.add(repo::shopify::merchants_for_contact_statement(
        backend, org, contact_id,
    ));
    let hidden = match visibility {
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
    let (hidden_conversations, hidden_events) = match hidden {
        Some((conversations, events)) => (
            rows.one::<Count>(conversations)?.map_or(0, |c| c.count),
            rows.one::<Count>(events)?.map_or(0, |c| c.count),
        ),
        None => (0, 0),
    };
    let tags = |rows: Vec<TagRow>| rows.into_iter().map(AppliedTag::from).collect();
    Ok(SidebarRows {
        contact: rows.one::<contact::Model>(contact)?.map(Contact::from),
        custom_data: records::all(rows.all::<custom_attribute::Model>(custom_data)?)?,
        contact_tags: tags(rows.all(contact_tags)?),
        conversation_tags: tags(rows.all(conversation_tags)?),
        cc_emails: rows
            .all::<cc_email::Model>(cc_emails)?
            .into_iter()
            .map(|cc| cc.email)
            .collect(),
        history: records::all(rows.all::<ConversationRow>(history)?)?,
        events: rows
            .all::<contact_event::Model>(events)?
            .into_iter()
            .map(ContactEvent::from)
            .collect(),
        notes: rows.all::<NoteRow>(notes)?.into_iter().map(Note::from).collect(),
        integration: records::one(rows.one::<shopify_integration::Model>(integration)?)?,
        partner_apps: rows
            .all::<PartnerAppRow>(partner_apps)?
            .into_iter()
            .map(PartnerApp::from)
            .collect(),
        merchants: records::all(rows.all::<shopify_merchant::Model>(merchants)?)?,
        hidden_conversations,
        hidden_events,
    })
}
