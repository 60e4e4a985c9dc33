//! `GET /contacts/{id}/export.json`: a data-subject access request, everything stored about one
//! contact as one document. Each section is one field of [`AccessRequestDocument`], built from
//! one field of the service's `AccessRequestData`.
use crate::auth::{AgentScope, Caller};
use crate::domain::access_request::RevenueTransaction;
use crate::domain::contact::Contact;
use crate::domain::conversation::{Channel, ConversationStatus, MessageType};
use crate::domain::time;
use crate::error::{ApiError, ErrorBody};
use crate::routes::cc_emails::CcEmail;
use crate::routes::contact_shopify::{
    contact_merchant, lifecycle_events, ContactMerchant, ShopifyLifecycleEvent,
};
use crate::routes::contact_views::ContactMergeEntry;
use crate::routes::conversation_views::TagRef;
use crate::routes::custom_data::CustomDataEntry;
use crate::routes::events::ContactEvent;
use crate::routes::notes::ContactNote;
use crate::routes::responses::{BadId, ContactNotFound, Unauthenticated};
use crate::services;
use crate::services::access_request::{AccessRequestData, ConversationRecord, MerchantRecord};
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The document's shape; raised when a field changes meaning or goes away (added sections
/// and fields keep it).
pub const SCHEMA_VERSION: u32 = 1;

/// Everything Convot stores about one contact.
#[derive(Serialize, ToSchema)]
pub struct AccessRequestDocument {
    /// Raised only when a field changes meaning or goes away; new sections keep it.
    pub schema_version: u32,
    pub exported_at: DateTime<Utc>,
    pub profile: ExportedProfile,
    /// The apps that saw the contact or hold custom data about them.
    pub apps: Vec<ExportedApp>,
    /// The contact's tags, by name.
    pub tags: Vec<TagRef>,
    /// Every event, newest first.
    pub events: Vec<ContactEvent>,
    /// Every conversation in every app, newest activity first, each with all its messages.
    pub conversations: Vec<ExportedConversation>,
    /// The contact as a Shopify merchant; `null` when not linked to one or the integration is
    /// not connected. Revenue figures only with the revenue permission.
    #[schema(required = true)]
    pub shopify: Option<ExportedShopify>,
    /// Every note agents wrote about the contact, newest first (`editable` is the
    /// requester's).
    pub notes: Vec<ContactNote>,
    /// Contacts merged into this one, newest first.
    pub merges: Vec<ContactMergeEntry>,
}

/// Every stored field of the contact, presence timestamps included.
#[derive(Serialize, ToSchema)]
pub struct ExportedProfile {
    pub id: i64,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub external_id: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub phone: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set `avatar_url`.
    pub avatar_trusted: bool,
    #[schema(required = true)]
    pub city: Option<String>,
    #[schema(required = true)]
    pub region: Option<String>,
    #[schema(required = true)]
    pub country: Option<String>,
    #[schema(required = true)]
    pub time_zone: Option<String>,
    #[schema(required = true)]
    pub shopify_domain: Option<String>,
    /// The widget's latest heartbeat, and whether its page was visible then.
    #[schema(required = true)]
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    pub heartbeat_visible: bool,
    #[schema(required = true)]
    pub last_activity_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub last_seen_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ExportedProfile {
    fn from_record(c: Contact) -> ExportedProfile {
        ExportedProfile {
            id: c.id,
            email: c.email,
            external_id: c.external_id,
            name: c.name,
            phone: c.phone,
            company: c.company,
            avatar_url: c.avatar_url,
            avatar_trusted: c.avatar_trusted,
            city: c.city,
            region: c.region,
            country: c.country,
            time_zone: c.time_zone,
            shopify_domain: c.shopify_domain,
            last_heartbeat_at: c.last_heartbeat_at,
            heartbeat_visible: c.heartbeat_visible,
            last_activity_at: c.last_activity_at,
            last_seen_at: c.last_seen_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// One app's knowledge of the contact.
#[derive(Serialize, ToSchema)]
pub struct ExportedApp {
    pub app_id: i64,
    pub app_name: String,
    /// When the app first and last saw the contact; `null` for an app that only holds custom
    /// data written through the API or by an agent.
    #[schema(required = true)]
    pub first_seen_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub last_seen_at: Option<DateTime<Utc>>,
    /// By key, each with its provenance (`source`, `verified`, `updated_at`).
    pub custom_data: Vec<CustomDataEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct ExportedConversation {
    pub id: Uuid,
    pub app_id: i64,
    pub status: ConversationStatus,
    pub title: String,
    pub summary: String,
    pub channel: Channel,
    #[schema(required = true)]
    pub assignee_id: Option<i64>,
    pub identity_verified: bool,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    #[schema(required = true)]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Every message, oldest first, agents' private notes and activity lines included.
    pub messages: Vec<ExportedMessage>,
    pub cc_emails: Vec<CcEmail>,
    pub tags: Vec<TagRef>,
}

#[derive(Serialize, ToSchema)]
pub struct ExportedMessage {
    pub id: i64,
    #[serde(rename = "type")]
    pub message_type: MessageType,
    pub content: String,
    /// The agent who wrote it, if an agent did.
    #[schema(required = true)]
    pub author_user_id: Option<i64>,
    /// The contact who wrote it, if the visitor did.
    #[schema(required = true)]
    pub author_contact_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl ExportedConversation {
    fn from_record(record: ConversationRecord) -> ExportedConversation {
        let c = record.conversation;
        ExportedConversation {
            id: c.id,
            app_id: c.app_id,
            status: c.status,
            title: c.title,
            summary: c.summary,
            channel: c.channel,
            assignee_id: c.assignee_id,
            identity_verified: c.identity_verified,
            created_at: c.created_at,
            last_activity_at: c.last_activity_at,
            resolved_at: c.resolved_at,
            messages: record
                .messages
                .into_iter()
                .map(|m| ExportedMessage {
                    id: m.id,
                    message_type: m.message_type,
                    content: m.content,
                    author_user_id: m.author_user_id,
                    author_contact_id: m.author_contact_id,
                    created_at: m.created_at,
                })
                .collect(),
            cc_emails: record
                .cc_emails
                .into_iter()
                .map(|a| CcEmail {
                    email: a.email,
                    created_at: a.created_at,
                })
                .collect(),
            tags: record.tags.into_iter().map(TagRef::from_record).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ExportedShopify {
    /// As `GET /contacts/{id}/shopify` shows them: MRR, lifetime value and the MRR series only
    /// with the revenue permission.
    pub merchants: Vec<ContactMerchant>,
    /// Every lifecycle event kept (12 months), newest first; revenue transactions among them
    /// and amounts in their details only with the revenue permission.
    pub events: Vec<ShopifyLifecycleEvent>,
    /// Every revenue transaction, newest first; omitted without the revenue permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transactions: Option<Vec<ExportedTransaction>>,
}

#[derive(Serialize, ToSchema)]
pub struct ExportedTransaction {
    pub partner_app_id: String,
    pub transaction_id: String,
    /// A `TransactionType` (`APP_SUBSCRIPTION_SALE`, `APP_SALE_ADJUSTMENT`, …).
    pub transaction_type: String,
    #[schema(required = true)]
    pub charge_id: Option<String>,
    /// The Partner's net in minor units; negative for adjustments and refunds.
    pub net_amount_minor: i64,
    pub currency: String,
    pub created_at: DateTime<Utc>,
}

impl ExportedShopify {
    fn from_record(record: MerchantRecord, revenue: bool) -> ExportedShopify {
        let view = record.view;
        let partner_app_of = |merchant_id: i64| {
            view.merchants
                .iter()
                .find(|m| m.id == merchant_id)
                .map(|m| m.partner_app_id.clone())
                .unwrap_or_default()
        };
        let transactions = revenue.then(|| {
            record
                .transactions
                .into_iter()
                .map(|t: RevenueTransaction| ExportedTransaction {
                    partner_app_id: partner_app_of(t.merchant_id),
                    transaction_id: t.transaction_id,
                    transaction_type: t.transaction_type,
                    charge_id: t.charge_id,
                    net_amount_minor: t.net_minor,
                    currency: t.currency,
                    created_at: t.created_at,
                })
                .collect()
        });
        let events = lifecycle_events(view.events, &view.merchants, revenue);
        let apps = view.partner_apps;
        ExportedShopify {
            merchants: view
                .merchants
                .into_iter()
                .map(|m| contact_merchant(m, &apps, revenue))
                .collect(),
            events,
            transactions,
        }
    }
}

impl AccessRequestDocument {
    fn from_data(
        data: AccessRequestData,
        viewer: &AgentScope,
        exported_at: DateTime<Utc>,
    ) -> AccessRequestDocument {
        let revenue = data.revenue_permission;
        AccessRequestDocument {
            schema_version: SCHEMA_VERSION,
            exported_at,
            profile: ExportedProfile::from_record(data.contact),
            apps: data
                .apps
                .into_iter()
                .map(|(app, sighting, items)| ExportedApp {
                    app_id: app.id,
                    app_name: app.name,
                    first_seen_at: sighting.as_ref().map(|s| s.first_seen_at),
                    last_seen_at: sighting.as_ref().map(|s| s.last_seen_at),
                    custom_data: items.into_iter().map(CustomDataEntry::from_record).collect(),
                })
                .collect(),
            tags: data.tags.into_iter().map(TagRef::from_record).collect(),
            events: data.events.into_iter().map(ContactEvent::from_record).collect(),
            conversations: data
                .conversations
                .into_iter()
                .map(ExportedConversation::from_record)
                .collect(),
            shopify: data
                .shopify
                .map(|record| ExportedShopify::from_record(record, revenue)),
            notes: data
                .notes
                .into_iter()
                .map(|note| ContactNote::for_viewer(note, viewer))
                .collect(),
            merges: data
                .merges
                .into_iter()
                .map(ContactMergeEntry::from_record)
                .collect(),
        }
    }
}

/// Everything stored about the contact as one JSON document, for a data-subject access
/// request: profile, per-app sightings and custom data with provenance, tags, every event,
/// every conversation with all its messages, CC addresses and tags, and the Shopify merchant
/// data (revenue figures only with the revenue permission, as everywhere). Sent as an
/// attachment `contact-{id}-YYYY-MM-DD.json`. Owners and admins; API keys are refused (403);
/// other organizations' contacts are 404.
#[utoipa::path(
    tag = "contacts",
    params(("id" = i64, Path, description = "Contact id")),
    responses(
        (status = 200, description = "The document", body = AccessRequestDocument),
        BadId, Unauthenticated, ContactNotFound,
        (status = 403, description = "An agent, or an API key: `forbidden`", body = ErrorBody),
    ),
    security(("agent_token" = []))
)]
#[get("/contacts/{id}/export.json")]
pub async fn export_contact_json(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let scope = caller.require_agent("Access requests")?;
    let id = id.into_inner();
    let data = services::access_request::load(&state.db, scope, id).await?;
    let now = time::now();
    let filename = format!("contact-{id}-{}.json", now.format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .json(AccessRequestDocument::from_data(data, scope, now)))
}
