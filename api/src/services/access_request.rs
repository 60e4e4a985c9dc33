//! A data-subject access request (`GET /contacts/{id}/export.json`): everything stored about
//! one contact, gathered in one place so the document cannot miss a table the contact's
//! erasure removes. Owners and admins, who see every app.
use crate::auth::AgentScope;
use crate::domain::access_request::{AppSighting, RevenueTransaction};
use crate::domain::account::App;
use crate::domain::contact::Contact;
use crate::domain::contact_merge::MergeRecord;
use crate::domain::conversation::{CcAddress, Conversation, Message};
use crate::domain::custom_data::CustomAttribute;
use crate::domain::event::ContactEvent;
use crate::domain::ids::ContactId;
use crate::domain::note::Note;
use crate::domain::tag::AppliedTag;
use crate::domain::visibility::AppVisibility;
use crate::repo;
use crate::services;
use crate::services::error::ServiceError;
use crate::services::shopify_view::{self, MerchantView};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// Lifecycle events are kept 12 months (SPEC §2); this bounds the read, not what is kept.
const MERCHANT_EVENT_LIMIT: u64 = 100_000;

/// "All of them" for the readers that take a page size.
const EVERY_ROW: u64 = i64::MAX as u64;

/// One conversation with everything hanging off it.
pub struct ConversationRecord {
    pub conversation: Conversation,
    pub messages: Vec<Message>,
    pub cc_emails: Vec<CcAddress>,
    pub tags: Vec<AppliedTag>,
}

/// The merchant side: the synced view, and the revenue transactions (read only for a caller
/// with the revenue permission, so none is ever loaded for one without).
pub struct MerchantRecord {
    pub view: MerchantView,
    pub transactions: Vec<RevenueTransaction>,
}

/// Everything stored about the contact. Each field is one section of the document; a new
/// feature's table is one more field here and one more read in [`load`].
pub struct AccessRequestData {
    pub contact: Contact,
    /// Every app of the organization the contact was seen by or has custom data in.
    pub apps: Vec<(App, Option<AppSighting>, Vec<CustomAttribute>)>,
    pub tags: Vec<AppliedTag>,
    pub events: Vec<ContactEvent>,
    pub conversations: Vec<ConversationRecord>,
    pub shopify: Option<MerchantRecord>,
    /// Every note, newest first.
    pub notes: Vec<Note>,
    /// The contacts merged into this one, newest first: part of this person's record.
    pub merges: Vec<MergeRecord>,
    pub revenue_permission: bool,
}

pub async fn load(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact_id: i64,
) -> Result<AccessRequestData, ServiceError> {
    let org = scope.organization_id;
    // 404 before 403, so an agent learns nothing about ids of other organizations.
    let contact = services::contacts::get(db, org, contact_id).await?;
    scope.require_owner_or_admin()?;
    let (organization_apps, sightings, attributes, tags, events, conversations, notes, merges) = futures_util::try_join!(
        repo::apps::list_visible(db, org, &AppVisibility::All, None, 1000),
        repo::access_request::app_sightings(db, org, contact_id),
        repo::custom_data::for_contact(db, org, contact_id),
        repo::tags::of_contact(db, org, contact_id),
        repo::access_request::events(db, org, contact_id),
        repo::access_request::conversations(db, org, contact_id),
        repo::notes::page(db, org, ContactId(contact_id), None, EVERY_ROW),
        repo::contact_merges::for_survivor(db, org, contact_id, EVERY_ROW),
    )?;
    let conversation_ids: Vec<Uuid> = conversations.iter().map(|c| c.id).collect();
    let (messages, cc_emails, conversation_tags) = futures_util::try_join!(
        repo::access_request::messages(db, org, &conversation_ids),
        repo::access_request::cc_emails(db, org, &conversation_ids),
        repo::access_request::conversation_tags(db, org, &conversation_ids),
    )?;
    let shopify = merchant_record(db, scope, &contact).await?;

    let mut messages_of: HashMap<Uuid, Vec<Message>> = HashMap::new();
    for message in messages {
        messages_of
            .entry(message.conversation_id)
            .or_default()
            .push(message);
    }
    let mut cc_of: HashMap<Uuid, Vec<CcAddress>> = HashMap::new();
    for (id, address) in cc_emails {
        cc_of.entry(id).or_default().push(address);
    }
    let mut tags_of: HashMap<Uuid, Vec<AppliedTag>> = HashMap::new();
    for (id, tag) in conversation_tags {
        tags_of.entry(id).or_default().push(tag);
    }
    let conversations = conversations
        .into_iter()
        .map(|conversation| ConversationRecord {
            messages: messages_of.remove(&conversation.id).unwrap_or_default(),
            cc_emails: cc_of.remove(&conversation.id).unwrap_or_default(),
            tags: tags_of.remove(&conversation.id).unwrap_or_default(),
            conversation,
        })
        .collect();
    let apps = organization_apps
        .into_iter()
        .filter_map(|app| {
            let sighting = sightings.iter().find(|s| s.app_id == app.id).cloned();
            let items: Vec<CustomAttribute> = attributes
                .iter()
                .filter(|a| a.app_id == app.id)
                .cloned()
                .collect();
            (sighting.is_some() || !items.is_empty()).then_some((app, sighting, items))
        })
        .collect();
    Ok(AccessRequestData {
        contact,
        apps,
        tags: tags.into_iter().map(AppliedTag::from).collect(),
        events,
        conversations,
        shopify,
        notes,
        merges,
        revenue_permission: scope.revenue_permission,
    })
}

async fn merchant_record(
    db: &DatabaseConnection,
    scope: &AgentScope,
    contact: &Contact,
) -> Result<Option<MerchantRecord>, ServiceError> {
    let revenue = scope.revenue_permission;
    let Some(view) = shopify_view::for_contact(
        db,
        contact,
        &AppVisibility::All,
        None,
        revenue,
        MERCHANT_EVENT_LIMIT,
    )
    .await?
    else {
        return Ok(None);
    };
    let transactions = if revenue {
        let ids: Vec<i64> = view.merchants.iter().map(|m| m.id).collect();
        repo::access_request::transactions(db, scope.organization_id, &ids).await?
    } else {
        Vec::new()
    };
    Ok(Some(MerchantRecord { view, transactions }))
}
