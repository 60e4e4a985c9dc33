//! `Convot.identify()`: matching a widget session to an organization-wide contact (SPEC §3).
//!
//! Match by external_id, else by email (never onto a contact whose external_id differs),
//! else the session's own contact takes the identity. An anonymous session contact matched
//! to a known one is merged into it. Verified calls overwrite; unverified ones only fill.
use crate::domain::custom_data::CustomDataChanges;
use crate::domain::identity::{myshopify_domain, verify};
use crate::domain::profile::{Patch, ProfilePatch};
use crate::error::ApiError;
use crate::repo;
use crate::repo::changes::ChangeKind;
use crate::services::contact_profile::{self, is_anonymous, TakenIdentity, WriteMode};
use crate::services::custom_data::{self, Target, SOURCE_IDENTIFY};
use crate::services::transaction::with_retry;
use chrono::{DateTime, Utc};
use entity::{app, contact, conversation, widget_session};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

pub struct IdentifyRequest {
    pub patch: ProfilePatch,
    /// The identity values exactly as sent, for the HMAC.
    pub raw_external_id: Option<String>,
    pub raw_email: Option<String>,
    pub user_hash: Option<String>,
    pub shop: Option<String>,
    pub shop_hash: Option<String>,
    pub custom_data: CustomDataChanges,
}

pub struct Identified {
    pub verified: bool,
}

/// `user_hash` signs external_id when given, else email. The email is also accepted
/// lower-cased, as apps often hash the normalized address.
fn is_verified(app: &app::Model, request: &IdentifyRequest) -> bool {
    let Some(hash) = request.user_hash.as_deref() else {
        return false;
    };
    match (&request.raw_external_id, &request.raw_email) {
        (Some(external_id), _) => verify(&app.identity_secret, external_id.trim(), hash),
        (None, Some(email)) => {
            verify(&app.identity_secret, email.trim(), hash)
                || verify(&app.identity_secret, &email.trim().to_lowercase(), hash)
        }
        (None, None) => false,
    }
}

/// `shopify_domain` comes from a verified shop, or from a verified external_id that is one.
fn verified_shop_domain(app: &app::Model, request: &IdentifyRequest, verified: bool) -> Option<String> {
    if let (Some(shop), Some(hash)) = (&request.shop, &request.shop_hash) {
        if verify(&app.identity_secret, shop.trim(), hash) {
            return myshopify_domain(shop);
        }
    }
    if verified {
        return request.raw_external_id.as_deref().and_then(myshopify_domain);
    }
    None
}

pub async fn identify(
    db: &DatabaseConnection,
    session: &widget_session::Model,
    request: IdentifyRequest,
    now: DateTime<Utc>,
) -> Result<Identified, ApiError> {
    let app = repo::apps::find(db, session.organization_id, session.app_id)
        .await?
        .ok_or_else(|| ApiError::unauthenticated("This widget session's app no longer exists"))?;
    let verified = is_verified(&app, &request);
    if app.require_identity_verification && !verified {
        return Err(ApiError::new(
            actix_web::http::StatusCode::FORBIDDEN,
            "identity_verification_required",
            "This app requires a valid user_hash for identify",
        ));
    }
    let shopify_domain = verified_shop_domain(&app, &request, verified);
    let mode = if verified {
        WriteMode::Overwrite
    } else {
        WriteMode::FillBlanks
    };
    let request = &request;
    let shopify_domain = &shopify_domain;
    with_retry(db, |txn| async move {
        let result = identify_in(&txn, session, request, mode, shopify_domain, verified, now).await;
        (txn, result)
    })
    .await?;
    Ok(Identified { verified })
}

async fn identify_in(
    db: &impl ConnectionTrait,
    session: &widget_session::Model,
    request: &IdentifyRequest,
    mode: WriteMode,
    shopify_domain: &Option<String>,
    verified: bool,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let org = session.organization_id;
    let Match {
        contact: matched,
        email_held_by_another,
    } = find_match(db, org, &request.patch).await?;
    // Re-read inside the transaction: another tab of the same session may have moved it.
    let current_session = repo::widget_sessions::find(db, org, session.id).await?;
    let session_contact = match current_session.as_ref().and_then(|s| s.contact_id) {
        // The usual repeat identify: the session already belongs to the matched contact.
        Some(id) if matched.as_ref().is_some_and(|m| m.id == id) => matched.clone(),
        Some(id) => repo::contacts::find(db, org, id).await?,
        None => None,
    };
    let mut patch = request.patch.clone();
    let mut created = false;
    let contact = match (matched, session_contact) {
        (Some(target), Some(own)) if own.id != target.id && is_anonymous(&own) => {
            repo::contact_merge::merge_into(db, org, own.id, target.id).await?;
            // What the visitor told us before identifying fills the known contact's blanks only.
            contact_profile::apply(
                db,
                target,
                &visitor_profile(&own),
                WriteMode::FillBlanks,
                |_| {},
                now,
            )
            .await?
        }
        (Some(target), _) => target,
        (None, Some(own)) if is_anonymous(&own) || same_person(&own, &patch) => own,
        (None, _) => {
            // find_match has just looked both identities up in this transaction: the
            // external_id is free, and the email is unless another person holds it.
            if email_held_by_another {
                patch.email = Patch::Keep;
            }
            created = true;
            contact_profile::create(
                db,
                org,
                &patch,
                |active| active.last_seen_at = Set(Some(now)),
                now,
            )
            .await?
        }
    };
    contact_profile::release_taken_identities(db, org, Some(&contact), &mut patch, TakenIdentity::Skip)
        .await?;
    let shop = shopify_domain
        .clone()
        .filter(|domain| contact.shopify_domain.as_ref() != Some(domain));
    // Repeated identifies of a known visitor are common: "last seen" is refreshed at most
    // every 15 s, so an unchanged profile costs no write.
    let seen_recently = contact
        .last_seen_at
        .is_some_and(|at| now - at < chrono::Duration::seconds(15));
    let updated_before = contact.updated_at;
    let contact = contact_profile::apply(
        db,
        contact,
        &patch,
        mode,
        |active| {
            if let Some(domain) = shop {
                active.shopify_domain = Set(Some(domain));
            }
            if !seen_recently {
                active.last_seen_at = Set(Some(now));
            }
        },
        now,
    )
    .await?;
    let changed = contact.updated_at != updated_before || !request.custom_data.is_empty();
    repo::app_contacts::touch(db, org, contact.id, session.app_id, now).await?;
    let target = Target {
        organization_id: org,
        contact_id: contact.id,
        app_id: session.app_id,
    };
    custom_data::merge(db, &target, &request.custom_data, mode, SOURCE_IDENTIFY, now).await?;
    let attached =
        current_session.is_some_and(|s| s.contact_id == Some(contact.id) && s.identity_verified == verified);
    if !attached {
        repo::widget_sessions::attach_contact(db, session, contact.id, verified).await?;
    }
    if !attached && !created {
        // The sidebar's verified badge follows the latest identify of the visitor's open threads
        // (a contact created just now has none).
        conversation::Entity::update_many()
            .col_expr(conversation::Column::IdentityVerified, Expr::value(verified))
            .filter(conversation::Column::OrganizationId.eq(org))
            .filter(conversation::Column::ContactId.eq(contact.id))
            .filter(conversation::Column::AppId.eq(session.app_id))
            .filter(conversation::Column::Status.ne("resolved"))
            .filter(conversation::Column::IdentityVerified.ne(verified))
            .exec(db)
            .await?;
    }
    if changed || !attached {
        repo::changes::record(db, org, ChangeKind::Contact, Some(contact.id), None, now).await?;
    }
    Ok(())
}

struct Match {
    contact: Option<contact::Model>,
    /// The email belongs to a contact that is someone else by external_id.
    email_held_by_another: bool,
}

/// By external_id first; by email only when that contact is not someone else by external_id.
async fn find_match(db: &impl ConnectionTrait, org: i64, patch: &ProfilePatch) -> Result<Match, ApiError> {
    if let Patch::Set(external_id) = &patch.external_id {
        if let Some(found) = repo::contacts::find_by_external_id(db, org, external_id).await? {
            return Ok(Match {
                contact: Some(found),
                email_held_by_another: false,
            });
        }
    }
    if let Patch::Set(email) = &patch.email {
        if let Some(found) = repo::contacts::find_by_email(db, org, email).await? {
            let other_person = match (&patch.external_id, &found.external_id) {
                (Patch::Set(given), Some(stored)) => given != stored,
                _ => false,
            };
            return Ok(Match {
                contact: (!other_person).then_some(found),
                email_held_by_another: other_person,
            });
        }
    }
    Ok(Match {
        contact: None,
        email_held_by_another: false,
    })
}

/// The session's identified contact is this person when no identity value contradicts it.
fn same_person(contact: &contact::Model, patch: &ProfilePatch) -> bool {
    let agrees = |patch: &Patch<String>, stored: &Option<String>| match (patch, stored) {
        (Patch::Set(given), Some(stored)) => given == stored,
        _ => true,
    };
    agrees(&patch.external_id, &contact.external_id) && agrees(&patch.email, &contact.email)
}

/// The profile fields an anonymous visitor had filled, as a patch.
fn visitor_profile(visitor: &contact::Model) -> ProfilePatch {
    let set = |value: &Option<String>| value.clone().map_or(Patch::Keep, Patch::Set);
    ProfilePatch {
        name: set(&visitor.name),
        phone: set(&visitor.phone),
        company: set(&visitor.company),
        avatar_url: set(&visitor.avatar_url),
        time_zone: set(&visitor.time_zone),
        city: set(&visitor.city),
        region: set(&visitor.region),
        country: set(&visitor.country),
        ..Default::default()
    }
}
