//! `GET /conversations/{id}/sidebar`: every section of the contact sidebar in one response,
//! with an ETag so a poll that finds nothing new costs no body.
use crate::auth::AgentScope;
use crate::domain::conversation::{ConversationStatus, ConversationSummary};
use crate::domain::display::{display_name, initials};
use crate::domain::merchant::IntegrationStatus;
use crate::domain::presence::{presence_at, Presence};
use crate::domain::secret::sha256_hex;
use crate::domain::shopify_ledger::Status as ShopifySubscriptionStatus;
use crate::domain::time;
use crate::error::ApiError;
use crate::routes::contact_views::Location;
use crate::routes::conversation_views::{truncate, TagRef};
use crate::routes::custom_data::CustomDataEntry;
use crate::routes::events::ContactEvent;
use crate::routes::notes::ContactNote;
use crate::routes::responses::{BadId, ConversationNotFound, Unauthenticated};
use crate::services::sidebar::{self, SidebarData};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The header: who the agent is talking to.
#[derive(Serialize, ToSchema)]
pub struct SidebarContact {
    pub id: i64,
    /// Name, else email, else "Visitor #id".
    pub display_name: String,
    pub initials: String,
    #[schema(required = true)]
    pub avatar_url: Option<String>,
    /// False when an unverified identify set `avatar_url`: show initials, never load it.
    pub avatar_trusted: bool,
    #[schema(required = true)]
    pub email: Option<String>,
    pub presence: Presence,
    #[schema(required = true)]
    pub last_seen_at: Option<DateTime<Utc>>,
    /// IANA time zone, for the contact's local time.
    #[schema(required = true)]
    pub time_zone: Option<String>,
    /// Whether this conversation's identity was proven with a `user_hash`.
    pub verified: bool,
}

/// The contact's most recent other conversation.
#[derive(Serialize, ToSchema)]
pub struct SidebarSummary {
    pub conversation_id: Uuid,
    pub app_id: i64,
    /// Stored summary, else title, else the start of its latest incoming message.
    pub summary: String,
    pub status: ConversationStatus,
    pub app_name: String,
    pub last_activity_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct SidebarDetails {
    /// The stored name (the header's `display_name` falls back to the email): what the
    /// sidebar's inline editor starts from.
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub phone: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    pub location: Location,
    #[schema(required = true)]
    pub external_id: Option<String>,
}

/// Custom data of the conversation's app, ordered by key.
#[derive(Serialize, ToSchema)]
pub struct SidebarCustomData {
    pub app_id: i64,
    pub app_name: String,
    pub items: Vec<CustomDataEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct HistoryItem {
    pub id: Uuid,
    pub app_id: i64,
    pub app_name: String,
    pub status: ConversationStatus,
    pub title: String,
    pub summary: String,
    pub last_activity_at: DateTime<Utc>,
    /// The conversation the sidebar is open on.
    pub is_current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SidebarHistory {
    /// Newest first, at most 10; the rest via `GET /contacts/{id}/conversations`.
    pub items: Vec<HistoryItem>,
    pub has_more: bool,
    /// Conversations in apps the agent may not see.
    pub hidden_count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Sidebar {
    pub conversation_id: Uuid,
    pub contact: SidebarContact,
    #[schema(required = true)]
    pub summary: Option<SidebarSummary>,
    /// Present once the Shopify integration is connected and the contact is a merchant.
    #[schema(required = true)]
    pub shopify: Option<SidebarShopify>,
    pub details: SidebarDetails,
    pub custom_data: SidebarCustomData,
    pub contact_tags: Vec<TagRef>,
    pub conversation_tags: Vec<TagRef>,
    pub cc_emails: Vec<String>,
    pub history: SidebarHistory,
    pub events: SidebarEvents,
    pub notes: SidebarNotes,
}

/// The contact's newest notes (SPEC §5), read in the sidebar's batch so opening a
/// conversation stays one request.
#[derive(Serialize, ToSchema)]
pub struct SidebarNotes {
    /// The 10 newest; the rest via `GET /contacts/{id}/notes`.
    pub items: Vec<ContactNote>,
    pub has_more: bool,
}

/// The contact's most recent events in apps the agent may see (SPEC §2, §4).
#[derive(Serialize, ToSchema)]
pub struct SidebarEvents {
    /// The 10 most recent; the rest via `GET /contacts/{id}/events`.
    pub items: Vec<ContactEvent>,
    /// Whether the contact has more visible events than `items` shows.
    pub has_more: bool,
    /// Events sent by apps the agent does not operate (0 for owners and admins).
    pub hidden_count: i64,
}

/// The contact as a merchant of the conversation's Shopify app (SPEC §4).
#[derive(Serialize, ToSchema)]
pub struct SidebarShopify {
    /// `*.myshopify.com`.
    pub shop_domain: String,
    /// The Partner app this merchant row is of (one of the merchants of
    /// `GET /contacts/{id}/shopify`).
    pub partner_app_id: String,
    /// The Convot app whose Partner app this merchant is of (the conversation's, when it is
    /// one): a shop can use several of the organization's apps.
    #[schema(required = true)]
    pub app_name: Option<String>,
    #[schema(required = true)]
    pub plan_name: Option<String>,
    pub subscription_status: ShopifySubscriptionStatus,
    /// A development store's test charge: it earns nothing.
    pub test_charge: bool,
    #[schema(required = true)]
    pub installed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub uninstalled_at: Option<DateTime<Utc>>,
    /// Shopify's uninstall reason, or the merchant's description when no reason was picked.
    #[schema(required = true)]
    pub uninstall_reason: Option<String>,
    /// The store closed or paused (`RELATIONSHIP_DEACTIVATED`) and is not reactivated yet.
    #[schema(required = true)]
    pub deactivated_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub last_synced_at: Option<DateTime<Utc>>,
    /// The last sync failed, so figures may be out of date.
    pub stale: bool,
    /// What the merchant pays for the current charge, per 30 days; only with the revenue
    /// permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrr: Option<Money>,
    /// The net the Partner earned from the shop; only with the revenue permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_value: Option<Money>,
    /// MRR over the last 12 months, one step per change, oldest first (as in
    /// `GET /contacts/{id}/shopify`): the chart comes with the sidebar, so opening a
    /// conversation is one request. Only with the revenue permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrr_history: Option<Vec<crate::routes::contact_shopify::MrrStep>>,
    /// The same shop as a merchant of the organization's other Partner apps the user may see,
    /// as `GET /contacts/{id}/shopify` lists them ("Also uses Upsell Pro: Growth plan").
    pub other_merchants: Vec<crate::routes::contact_shopify::ContactMerchant>,
}

/// An amount in integer minor units (cents) with its ISO 4217 currency.
#[derive(Serialize, ToSchema)]
pub struct Money {
    pub amount_minor: i64,
    pub currency: String,
}

/// Stored summary, else title, else the first 140 characters of the latest incoming message.
fn summary_text(row: &ConversationSummary) -> String {
    if !row.summary.trim().is_empty() {
        return row.summary.clone();
    }
    if !row.title.trim().is_empty() {
        return row.title.clone();
    }
    row.latest_incoming
        .as_deref()
        .map(|m| truncate(m, 140))
        .unwrap_or_default()
}

impl Sidebar {
    fn from_data(data: SidebarData, viewer: &AgentScope) -> Sidebar {
        let revenue_permission = viewer.revenue_permission;
        let now = time::now();
        let c = &data.contact;
        let current = data.conversation.id;
        Sidebar {
            conversation_id: current,
            contact: SidebarContact {
                id: c.id,
                display_name: display_name(c.id, c.name.as_deref(), c.email.as_deref()),
                initials: initials(c.name.as_deref(), c.email.as_deref()),
                avatar_url: c.avatar_url.clone(),
                avatar_trusted: c.avatar_trusted,
                email: c.email.clone(),
                presence: presence_at(now, c.last_heartbeat_at, c.heartbeat_visible, c.last_activity_at),
                last_seen_at: c.last_seen_at,
                time_zone: c.time_zone.clone(),
                verified: data.conversation.identity_verified,
            },
            summary: data.summary.map(|row| SidebarSummary {
                conversation_id: row.id,
                app_id: row.app_id,
                summary: summary_text(&row),
                status: row.status,
                app_name: row.app_name.clone(),
                last_activity_at: row.last_activity_at,
            }),
            shopify: data.shopify.and_then(|view| {
                let mut merchants = view.merchants.into_iter();
                let merchant = merchants.next()?;
                let other_merchants = merchants
                    .map(|m| {
                        crate::routes::contact_shopify::contact_merchant(
                            m,
                            &view.partner_apps,
                            revenue_permission,
                        )
                    })
                    .collect();
                let app_name = view
                    .partner_apps
                    .iter()
                    .find(|a| a.partner_app_id == merchant.partner_app_id)
                    .and_then(|a| a.app_name.clone());
                Some(SidebarShopify {
                    app_name,
                    other_merchants,
                    mrr_history: revenue_permission
                        .then(|| crate::routes::contact_shopify::mrr_steps(&merchant)),
                    partner_app_id: merchant.partner_app_id.clone(),
                    deactivated_at: merchant.deactivated_at,
                    test_charge: merchant.test_charge,
                    uninstall_reason: merchant
                        .uninstall_reason
                        .clone()
                        .or_else(|| merchant.uninstall_description.clone()),
                    lifetime_value: crate::routes::contact_shopify::lifetime_value(
                        &merchant,
                        revenue_permission,
                    ),
                    shop_domain: merchant.shop_domain,
                    plan_name: merchant.plan_name,
                    subscription_status: merchant.subscription_status,
                    installed_at: merchant.installed_at,
                    uninstalled_at: merchant.uninstalled_at,
                    last_synced_at: view.integration.last_synced_at,
                    stale: view.integration.status == IntegrationStatus::Error,
                    mrr: crate::routes::contact_shopify::money(
                        merchant.mrr_minor,
                        &merchant.currency,
                        revenue_permission,
                    ),
                })
            }),
            details: SidebarDetails {
                name: c.name.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
                company: c.company.clone(),
                location: Location {
                    city: c.city.clone(),
                    region: c.region.clone(),
                    country: c.country.clone(),
                },
                external_id: c.external_id.clone(),
            },
            custom_data: SidebarCustomData {
                app_id: data.conversation.app_id,
                app_name: data.conversation.app_name.clone(),
                items: data
                    .custom_data
                    .into_iter()
                    .map(CustomDataEntry::from_record)
                    .collect(),
            },
            contact_tags: data.contact_tags.into_iter().map(TagRef::from_record).collect(),
            conversation_tags: data
                .conversation_tags
                .into_iter()
                .map(TagRef::from_record)
                .collect(),
            cc_emails: data.cc_emails,
            history: SidebarHistory {
                items: data
                    .history
                    .into_iter()
                    .map(|row| HistoryItem {
                        summary: summary_text(&row),
                        is_current: row.id == current,
                        id: row.id,
                        app_id: row.app_id,
                        app_name: row.app_name,
                        status: row.status,
                        title: row.title,
                        last_activity_at: row.last_activity_at,
                    })
                    .collect(),
                has_more: data.history_has_more,
                hidden_count: data.hidden_count,
            },
            events: SidebarEvents {
                items: data.events.into_iter().map(ContactEvent::from_record).collect(),
                has_more: data.events_has_more,
                hidden_count: data.events_hidden_count,
            },
            notes: SidebarNotes {
                items: data
                    .notes
                    .into_iter()
                    .map(|note| ContactNote::for_viewer(note, viewer))
                    .collect(),
                has_more: data.notes_has_more,
            },
        }
    }
}

/// Everything the contact sidebar shows for this conversation, in one response. Revalidate
/// with `If-None-Match`: an unchanged sidebar is a 304 with no body.
#[utoipa::path(
    tag = "conversations",
    params(
        ("id" = Uuid, Path, description = "Conversation id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a sidebar already held"),
    ),
    responses(
        (status = 200, description = "OK", body = Sidebar, headers(("ETag" = String, description = "Identifies this exact response"))),
        (status = 304, description = "Unchanged since the ETag sent"),
        BadId, Unauthenticated, ConversationNotFound,
    ),
    security(("agent_token" = []))
)]
#[get("/conversations/{id}/sidebar")]
pub async fn get_sidebar(
    state: web::Data<AppState>,
    scope: AgentScope,
    request: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let data = sidebar::load(&state.db, &scope, id.into_inner()).await?;
    let body = serde_json::to_vec(&Sidebar::from_data(data, &scope)).map_err(anyhow::Error::from)?;
    let etag = format!("\"{}\"", &sha256_hex(&String::from_utf8_lossy(&body))[..32]);
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|held| {
            held.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == etag)
        });
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
    Ok(if fresh {
        response.finish()
    } else {
        response.content_type("application/json").body(body)
    })
}
