//! ORM rows into domain records: the one place a stored shape becomes what the layers above
//! see, and where text columns become their enums (an unknown spelling is a `DbErr`, not a
//! silent default).
use crate::domain::account::{ApiKey, App, Organization, User};
use crate::domain::contact::Contact;
use crate::domain::conversation::{CcAddress, Conversation, ConversationSummary, Delivery, Message};
use crate::domain::custom_data::CustomAttribute;
use crate::domain::event::ContactEvent;
use crate::domain::merchant::{Merchant, MerchantEvent, PartnerApp, PartnerConnection};
use crate::domain::note::{Note, NoteAuthor};
use crate::domain::role::Role;
use crate::domain::shopify_ledger::{stored_mrr_history, Status};
use crate::domain::text_enum::UnknownValue;
use crate::domain::visitor::WidgetSession;
use crate::repo::conversations::ConversationRow;
use crate::repo::notes::NoteRow;
use crate::repo::shopify::PartnerAppRow;
use entity::{
    api_key, app, cc_email, contact, contact_event, conversation, custom_attribute, message, organization,
    outbox_email, shopify_event, shopify_integration, shopify_merchant, user, widget_session,
};
use sea_orm::DbErr;
use std::str::FromStr;

/// A text column as its enum.
pub fn parse_text<T: FromStr<Err = UnknownValue>>(value: &str) -> Result<T, DbErr> {
    value
        .parse()
        .map_err(|err: UnknownValue| DbErr::Type(err.to_string()))
}

/// A merchant column the sync derives from the ledger and rewrites on its next pass: a
/// spelling this build does not know (an older build stored the Partner API's interval as
/// sent, e.g. `EVERY_90_DAYS`) reads as `None`, logged, instead of failing every sidebar that
/// shows the merchant.
fn derived<T: FromStr<Err = UnknownValue>>(value: &str, merchant_id: i64) -> Option<T> {
    value
        .parse()
        .map_err(|err: UnknownValue| {
            tracing::warn!(merchant_id, %err, "unreadable derived merchant column; the next sync rewrites it");
        })
        .ok()
}

/// Each of `rows` as a record, failing on the first that does not convert.
pub fn all<M, R: TryFrom<M, Error = DbErr>>(rows: Vec<M>) -> Result<Vec<R>, DbErr> {
    rows.into_iter().map(R::try_from).collect()
}

/// `row` as a record, if there is one.
pub fn one<M, R: TryFrom<M, Error = DbErr>>(row: Option<M>) -> Result<Option<R>, DbErr> {
    row.map(R::try_from).transpose()
}

impl From<organization::Model> for Organization {
    fn from(m: organization::Model) -> Organization {
        Organization {
            id: m.id,
            name: m.name,
            created_at: m.created_at,
        }
    }
}

impl From<app::Model> for App {
    fn from(m: app::Model) -> App {
        App {
            id: m.id,
            organization_id: m.organization_id,
            public_key: m.public_key,
            name: m.name,
            identity_secret: m.identity_secret,
            require_identity_verification: m.require_identity_verification,
            created_at: m.created_at,
        }
    }
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> User {
        User {
            id: m.id,
            organization_id: m.organization_id,
            email: m.email,
            name: m.name,
            password_hash: m.password_hash,
            role: Role::parse(&m.role),
            revenue_permission: m.revenue_permission,
            created_at: m.created_at,
        }
    }
}

impl From<api_key::Model> for ApiKey {
    fn from(m: api_key::Model) -> ApiKey {
        ApiKey {
            id: m.id,
            organization_id: m.organization_id,
            app_id: m.app_id,
            name: m.name,
            secret_hash: m.secret_hash,
            // Written only from `Vec<Scope>`; a scope a newer build added reads as no scopes.
            scopes: serde_json::from_value(m.scopes).unwrap_or_default(),
            created_at: m.created_at,
            last_used_at: m.last_used_at,
            revoked_at: m.revoked_at,
        }
    }
}

impl From<contact::Model> for Contact {
    fn from(m: contact::Model) -> Contact {
        Contact {
            id: m.id,
            organization_id: m.organization_id,
            email: m.email,
            external_id: m.external_id,
            name: m.name,
            phone: m.phone,
            company: m.company,
            avatar_url: m.avatar_url,
            avatar_trusted: m.avatar_trusted,
            city: m.city,
            region: m.region,
            country: m.country,
            time_zone: m.time_zone,
            shopify_domain: m.shopify_domain,
            last_heartbeat_at: m.last_heartbeat_at,
            heartbeat_visible: m.heartbeat_visible,
            last_activity_at: m.last_activity_at,
            last_seen_at: m.last_seen_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl TryFrom<custom_attribute::Model> for CustomAttribute {
    type Error = DbErr;

    fn try_from(m: custom_attribute::Model) -> Result<CustomAttribute, DbErr> {
        Ok(CustomAttribute {
            contact_id: m.contact_id,
            app_id: m.app_id,
            source: parse_text(&m.source)?,
            key: m.key,
            value: m.value,
            verified: m.verified,
            updated_at: m.updated_at,
        })
    }
}

impl From<contact_event::Model> for ContactEvent {
    fn from(m: contact_event::Model) -> ContactEvent {
        ContactEvent {
            id: m.id,
            contact_id: m.contact_id,
            app_id: m.app_id,
            name: m.name,
            occurred_at: m.occurred_at,
            properties: m.properties,
            idempotency_key: m.idempotency_key,
            request_hash: m.request_hash,
            created_at: m.created_at,
        }
    }
}

impl TryFrom<conversation::Model> for Conversation {
    type Error = DbErr;

    fn try_from(m: conversation::Model) -> Result<Conversation, DbErr> {
        Ok(Conversation {
            organization_id: m.organization_id,
            id: m.id,
            app_id: m.app_id,
            contact_id: m.contact_id,
            status: parse_text(&m.status)?,
            title: m.title,
            summary: m.summary,
            channel: parse_text(&m.channel)?,
            assignee_id: m.assignee_id,
            identity_verified: m.identity_verified,
            created_at: m.created_at,
            last_activity_at: m.last_activity_at,
            resolved_at: m.resolved_at,
        })
    }
}

impl TryFrom<message::Model> for Message {
    type Error = DbErr;

    fn try_from(m: message::Model) -> Result<Message, DbErr> {
        Ok(Message {
            id: m.id,
            conversation_id: m.conversation_id,
            message_type: parse_text(&m.message_type)?,
            content: m.content,
            author_user_id: m.author_user_id,
            author_contact_id: m.author_contact_id,
            created_at: m.created_at,
        })
    }
}

impl TryFrom<outbox_email::Model> for Delivery {
    type Error = DbErr;

    fn try_from(m: outbox_email::Model) -> Result<Delivery, DbErr> {
        Ok(Delivery {
            message_id: m.message_id,
            recipient: m.recipient,
            status: parse_text(&m.status)?,
            attempts: m.attempts,
            last_error: m.last_error,
            sent_at: m.sent_at,
        })
    }
}

impl TryFrom<ConversationRow> for ConversationSummary {
    type Error = DbErr;

    fn try_from(row: ConversationRow) -> Result<ConversationSummary, DbErr> {
        Ok(ConversationSummary {
            id: row.id,
            app_id: row.app_id,
            app_name: row.app_name,
            contact_id: row.contact_id,
            status: parse_text(&row.status)?,
            title: row.title,
            summary: row.summary,
            channel: parse_text(&row.channel)?,
            identity_verified: row.identity_verified,
            assignee_id: row.assignee_id,
            created_at: row.created_at,
            last_activity_at: row.last_activity_at,
            resolved_at: row.resolved_at,
            preview: row.preview,
            latest_incoming: row.latest_incoming,
        })
    }
}

impl TryFrom<shopify_integration::Model> for PartnerConnection {
    type Error = DbErr;

    fn try_from(m: shopify_integration::Model) -> Result<PartnerConnection, DbErr> {
        Ok(PartnerConnection {
            partner_organization_id: m.partner_organization_id,
            status: parse_text(&m.status)?,
            last_error: m.last_error,
            last_synced_at: m.last_synced_at,
            consecutive_failures: m.consecutive_failures,
            retries_exhausted: m.retries_exhausted,
            api_version: m.api_version,
            api_version_warning: m.api_version_warning,
        })
    }
}

impl From<PartnerAppRow> for PartnerApp {
    fn from(row: PartnerAppRow) -> PartnerApp {
        PartnerApp {
            partner_app_id: row.partner_app_id,
            app_id: row.app_id,
            app_name: row.app_name,
            events_synced_until: row.events_synced_until,
            transactions_synced_until: row.transactions_synced_until,
        }
    }
}

impl TryFrom<shopify_merchant::Model> for Merchant {
    type Error = DbErr;

    fn try_from(m: shopify_merchant::Model) -> Result<Merchant, DbErr> {
        Ok(Merchant {
            mrr_history: stored_mrr_history(m.mrr_history.as_deref(), m.ledger.as_deref()),
            id: m.id,
            partner_app_id: m.partner_app_id,
            shop_domain: m.shop_domain,
            plan_name: m.plan_name,
            subscription_status: derived(&m.subscription_status, m.id).unwrap_or(Status::Trialing),
            mrr_minor: m.mrr_minor,
            lifetime_value_minor: m.lifetime_value_minor,
            currency: m.currency,
            lifetime_value_currency: m.lifetime_value_currency,
            billing_interval: m
                .billing_interval
                .as_deref()
                .and_then(|value| derived(value, m.id)),
            test_charge: m.test_charge,
            installed_at: m.installed_at,
            uninstalled_at: m.uninstalled_at,
            uninstall_reason: m.uninstall_reason,
            uninstall_description: m.uninstall_description,
            deactivated_at: m.deactivated_at,
        })
    }
}

impl From<shopify_event::Model> for MerchantEvent {
    fn from(m: shopify_event::Model) -> MerchantEvent {
        MerchantEvent {
            merchant_id: m.merchant_id,
            event_type: m.event_type,
            occurred_at: m.occurred_at,
            details: m.details,
        }
    }
}

impl From<widget_session::Model> for WidgetSession {
    fn from(m: widget_session::Model) -> WidgetSession {
        WidgetSession {
            id: m.id,
            organization_id: m.organization_id,
            app_id: m.app_id,
            token_hash: m.token_hash,
            contact_id: m.contact_id,
            identity_verified: m.identity_verified,
            created_at: m.created_at,
        }
    }
}

impl From<cc_email::Model> for CcAddress {
    fn from(m: cc_email::Model) -> CcAddress {
        CcAddress {
            email: m.email,
            created_at: m.created_at,
        }
    }
}

/// Ids bind as the integers they wrap.
macro_rules! bind_id {
    ($($id:ty),+) => {
        $(impl From<$id> for sea_orm::Value {
            fn from(id: $id) -> sea_orm::Value {
                id.0.into()
            }
        })+
    };
}

bind_id!(
    crate::domain::ids::ContactId,
    crate::domain::ids::AppId,
    crate::domain::ids::TagId,
    crate::domain::ids::ApiKeyId
);

impl From<NoteRow> for Note {
    fn from(row: NoteRow) -> Note {
        Note {
            id: row.id,
            contact_id: row.contact_id,
            // The id alone is not an author: it names a user who is gone.
            author: row
                .author_user_id
                .zip(row.author_name)
                .map(|(id, name)| NoteAuthor { id, name }),
            body: row.body,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

impl TryFrom<crate::repo::contact_imports::ImportRow> for crate::domain::contact_import::ContactImport {
    type Error = DbErr;

    fn try_from(m: crate::repo::contact_imports::ImportRow) -> Result<Self, DbErr> {
        use crate::domain::contact_import::ImportCounts;
        let json = |err: serde_json::Error| DbErr::Json(err.to_string());
        Ok(Self {
            id: m.id,
            organization_id: m.organization_id,
            status: parse_text(&m.status)?,
            created_by_user_id: m.created_by_user_id,
            file_name: m.file_name,
            columns: serde_json::from_str(&m.mapping).map_err(json)?,
            total_rows: m.total_rows,
            counts: ImportCounts {
                processed: m.processed_rows,
                created: m.created_count,
                updated: m.updated_count,
                unchanged: m.unchanged_count,
                failed: m.failed_count,
            },
            errors: serde_json::from_str(&m.errors).map_err(json)?,
            errors_dropped: m.errors_dropped,
            failure: m.failure,
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
        })
    }
}
