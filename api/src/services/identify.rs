//! `Convot.identify()`: matching a widget session to an organization-wide contact (SPEC §3).
//!
//! Match by external_id, else by email (never onto a contact whose external_id differs),
//! else the session's own contact takes the identity. An anonymous session contact matched
//! to a known one is merged into it. Verified calls overwrite; unverified ones only fill.
use crate::domain::account::App;
use crate::domain::change::ChangeKind;
use crate::domain::contact::Contact;
use crate::domain::custom_data::CustomDataChanges;
use crate::domain::custom_data::CustomDataSource;
use crate::domain::identity::{myshopify_domain, verify};
use crate::domain::ids::{AppId, ContactId};
use crate::domain::profile::{Patch, ProfilePatch};
use crate::domain::visitor::WidgetSession;
use crate::domain::webhook::contact_news::identify_topics;
use crate::domain::webhook::topic::Topic;
use crate::repo;
use crate::services::contact_profile::{self, is_anonymous, TakenIdentity, WriteMode};
use crate::services::custom_data::{self, Target};
use crate::services::error::{ErrorKind, ServiceError};
use crate::services::transaction::in_write_transaction;
use crate::services::webhook_outbox;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

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

/// What a valid `user_hash` vouches for (SPEC §3): the value it signs, and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Proof {
    /// The hash signs the external_id; the email sent with it is only a claim.
    ExternalId,
    /// No external_id was sent and the hash signs the email.
    Email,
    None,
}

impl Proof {
    fn verified(self) -> bool {
        self != Proof::None
    }
}

/// `user_hash` signs external_id when given, else email. The email is also accepted
/// lower-cased (ASCII only, as addresses are stored), as apps often hash the normalized address.
fn proof(app: &App, request: &IdentifyRequest) -> Proof {
    let Some(hash) = request.user_hash.as_deref() else {
        return Proof::None;
    };
    let signed = |value: &str| verify(&app.identity_secret, value, hash);
    match (&request.raw_external_id, &request.raw_email) {
        (Some(external_id), _) if signed(external_id.trim()) => Proof::ExternalId,
        (None, Some(email)) if signed(email.trim()) || signed(&email.trim().to_ascii_lowercase()) => {
            Proof::Email
        }
        _ => Proof::None,
    }
}

/// `shopify_domain` comes from a verified shop, or from a verified external_id that is one.
fn verified_shop_domain(app: &App, request: &IdentifyRequest, proof: Proof) -> Option<String> {
    if let (Some(shop), Some(hash)) = (&request.shop, &request.shop_hash) {
        if verify(&app.identity_secret, shop.trim(), hash) {
            return myshopify_domain(shop);
        }
    }
    if proof == Proof::ExternalId {
        return request.raw_external_id.as_deref().and_then(myshopify_domain);
    }
    None
}

/// A session of an app that requires verification must have proven who it is (SPEC §3);
/// this also stops sessions opened before the switch was turned on.
pub fn require_verified_session(app: &App, session: &WidgetSession) -> Result<(), ServiceError> {
    if app.require_identity_verification && !session.identity_verified {
        return Err(verification_required());
    }
    Ok(())
}

fn verification_required() -> ServiceError {
    ServiceError::new(
        ErrorKind::Forbidden,
        "identity_verification_required",
        "This app requires a valid user_hash for identify",
    )
}

pub async fn identify(
    db: &DatabaseConnection,
    session: &WidgetSession,
    request: IdentifyRequest,
    now: DateTime<Utc>,
) -> Result<Identified, ServiceError> {
    let app = repo::apps::find(db, session.organization_id, session.app_id)
        .await?
        .ok_or_else(|| ServiceError::unauthenticated("This widget session's app no longer exists"))?;
    let proof = proof(&app, &request);
    if app.require_identity_verification && !proof.verified() {
        return Err(verification_required());
    }
    let shopify_domain = verified_shop_domain(&app, &request, proof);
    let request = &request;
    let shopify_domain = &shopify_domain;
    in_write_transaction!(db, |txn| identify_in(
        &txn,
        session,
        request,
        proof,
        shopify_domain,
        now
    )
    .await)
    .await?;
    Ok(Identified {
        verified: proof.verified(),
    })
}

async fn identify_in(
    db: &impl ConnectionTrait,
    session: &WidgetSession,
    request: &IdentifyRequest,
    proof: Proof,
    shopify_domain: &Option<String>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let org = session.organization_id;
    let verified = proof.verified();
    let mode = if verified {
        WriteMode::Overwrite
    } else {
        WriteMode::FillBlanks
    };
    let Match {
        contact: matched,
        email_taken,
    } = find_match(db, org, &request.patch, proof).await?;
    // Re-read inside the transaction: another tab of the same session may have moved it.
    let current_session = repo::widget_sessions::find(db, org, session.id).await?;
    let session_contact = match current_session.as_ref().and_then(|s| s.contact_id) {
        // The usual repeat identify: the session already belongs to the matched contact.
        Some(id) if matched.as_ref().is_some_and(|m| m.id == id) => matched.clone(),
        Some(id) => repo::contacts::find(db, org, id).await?,
        None => None,
    };
    let mut patch = request.patch.clone();
    let mut merged_from = None;
    let (contact, claimable) = match (matched, session_contact) {
        (Some(target), Some(own)) if own.id != target.id && is_anonymous(&own) => {
            repo::contact_merge::merge_into(db, org, own.id, target.id).await?;
            merged_from = Some(own.id);
            // What the visitor told us before identifying fills the known contact's blanks only.
            let merged = contact_profile::apply(
                db,
                target,
                &visitor_profile(&own),
                WriteMode::FillBlanks,
                |_| {},
                now,
            )
            .await?;
            (merged, false)
        }
        (Some(target), _) => (target, false),
        (None, Some(own)) if is_anonymous(&own) => (own, true),
        (None, Some(own)) if same_person(&own, &patch) => (own, false),
        (None, _) => {
            // find_match has just looked the identities up in this transaction: the external_id
            // is free; an email another contact holds stays with it.
            let email_taken = match (email_taken, &patch.email) {
                (Some(taken), _) => taken,
                (None, Patch::Set(email)) => repo::contacts::find_by_email(db, org, email).await?.is_some(),
                (None, _) => false,
            };
            if email_taken {
                patch.email = Patch::Keep;
            }
            let created = contact_profile::create(
                db,
                org,
                &patch,
                |changes| {
                    changes.last_seen_at = Some(now);
                    changes.avatar_trusted = Some(verified);
                    changes.shopify_domain = Some(shopify_domain.clone());
                },
                now,
            )
            .await?;
            let written = Written {
                contact: created,
                changed: true,
                before: None,
                merged_from: None,
            };
            return finish(db, session, request, current_session, written, mode, now).await;
        }
    };
    // Identities are what matching relies on: only a proof, or a contact that is still the
    // session's own anonymous one, may set them (SPEC §3, "What a hash vouches for").
    if !claimable && proof != Proof::Email {
        patch.email = Patch::Keep;
    }
    if !claimable && proof != Proof::ExternalId {
        patch.external_id = Patch::Keep;
    }
    contact_profile::release_taken_identities(db, org, Some(&contact), &mut patch, TakenIdentity::Skip)
        .await?;
    let shop = shopify_domain
        .clone()
        .filter(|_| verified || claimable)
        .filter(|domain| contact.shopify_domain.as_ref() != Some(domain));
    // Repeated identifies of a known visitor are common: "last seen" is refreshed at most
    // every 15 s, so an unchanged profile costs no write.
    let seen_recently = contact
        .last_seen_at
        .is_some_and(|at| now - at < chrono::Duration::seconds(15));
    let before = contact.clone();
    let contact = contact_profile::apply(
        db,
        contact,
        &patch,
        mode,
        |changes| {
            if let Some(domain) = shop {
                changes.shopify_domain = Some(Some(domain));
            }
            if !seen_recently {
                changes.last_seen_at = Some(now);
            }
        },
        now,
    )
    .await?;
    let written = Written {
        changed: contact.updated_at != before.updated_at,
        contact,
        before: Some(before),
        merged_from,
    };
    finish(db, session, request, current_session, written, mode, now).await
}

struct Written {
    contact: Contact,
    changed: bool,
    /// The contact as this identify found it; `None` when it created the contact.
    before: Option<Contact>,
    /// The session's anonymous contact, merged into `contact` by this identify.
    merged_from: Option<i64>,
}

/// The app's view of the contact, the session's attachment, the verified badge and the
/// change notice: the same for a found and a created contact.
async fn finish(
    db: &impl ConnectionTrait,
    session: &WidgetSession,
    request: &IdentifyRequest,
    current_session: Option<WidgetSession>,
    written: Written,
    mode: WriteMode,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let org = session.organization_id;
    let Written {
        contact,
        changed,
        before,
        merged_from,
    } = written;
    let created = before.is_none();
    let verified = mode == WriteMode::Overwrite;
    repo::app_contacts::touch(db, org, ContactId(contact.id), AppId(session.app_id), now).await?;
    let target = Target {
        organization_id: org,
        contact_id: contact.id,
        app_id: session.app_id,
    };
    custom_data::merge(
        db,
        &target,
        &request.custom_data,
        mode,
        CustomDataSource::Identify,
        now,
    )
    .await?;
    let attached =
        current_session.is_some_and(|s| s.contact_id == Some(contact.id) && s.identity_verified == verified);
    if !attached {
        repo::widget_sessions::attach_contact(db, session, contact.id, verified).await?;
    }
    if !attached && !created {
        // The sidebar's verified badge follows the latest identify of the visitor's open threads
        // (a contact created just now has none).
        repo::conversations::set_identity_verified(
            db,
            org,
            ContactId(contact.id),
            AppId(session.app_id),
            verified,
        )
        .await?;
    }
    if changed || !attached || !request.custom_data.is_empty() {
        repo::changes::record(db, org, ChangeKind::Contact, Some(contact.id), None, None, now).await?;
    }
    for topic in identify_topics(before.as_ref(), &contact, merged_from, !attached) {
        match topic {
            Topic::ContactMerged => {
                let merged = merged_from.expect("a merge names the merged contact");
                webhook_outbox::contact_merged(db, &contact, merged, now).await?;
            }
            topic => {
                webhook_outbox::contact(db, topic, &contact, now).await?;
            }
        }
    }
    Ok(())
}

/// By external_id first; by email only when the email may identify (not a mere claim beside a
/// signed external_id) and that contact is not someone else by external_id.
async fn find_match(
    db: &impl ConnectionTrait,
    org: i64,
    patch: &ProfilePatch,
    proof: Proof,
) -> Result<Match, ServiceError> {
    if let Patch::Set(external_id) = &patch.external_id {
        if let Some(found) = repo::contacts::find_by_external_id(db, org, external_id).await? {
            return Ok(Match {
                contact: Some(found),
                email_taken: None,
            });
        }
    }
    let Patch::Set(email) = &patch.email else {
        return Ok(Match {
            contact: None,
            email_taken: Some(false),
        });
    };
    if proof == Proof::ExternalId {
        return Ok(Match {
            contact: None,
            email_taken: None,
        });
    }
    let found = repo::contacts::find_by_email(db, org, email).await?;
    let email_taken = Some(found.is_some());
    let other_person = |found: &Contact| match (&patch.external_id, &found.external_id) {
        (Patch::Set(given), Some(stored)) => given != stored,
        _ => false,
    };
    Ok(Match {
        contact: found.filter(|found| !other_person(found)),
        email_taken,
    })
}

struct Match {
    contact: Option<Contact>,
    /// Whether another contact holds the email; `None` when it was not looked up.
    email_taken: Option<bool>,
}

/// The session's identified contact is this person when no identity value contradicts it.
fn same_person(contact: &Contact, patch: &ProfilePatch) -> bool {
    let agrees = |patch: &Patch<String>, stored: &Option<String>| match (patch, stored) {
        (Patch::Set(given), Some(stored)) => given == stored,
        _ => true,
    };
    agrees(&patch.external_id, &contact.external_id) && agrees(&patch.email, &contact.email)
}

/// The profile fields an anonymous visitor had filled, as a patch.
fn visitor_profile(visitor: &Contact) -> ProfilePatch {
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
